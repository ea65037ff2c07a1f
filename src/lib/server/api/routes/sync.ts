import { Hono } from 'hono';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import { AppError, fieldError } from '../../../domain/errors';
import { assertCan } from '../../../domain/roles';
import {
	DEFAULT_PULL_LIMIT,
	MAX_PULL_LIMIT,
	MAX_PUSH_BATCH,
	pushRequest
} from '../../../domain/sync/protocol';
import { parse, plainMultilineText } from '../../../domain/validation';
import { audit } from '../../audit';
import { syncFailures } from '../../db/schema';
import { orgOf } from '../../scope';
import { pullPage } from '../../sync/pull';
import { applyBatch } from '../../sync/push';
import { readJson } from '../errors';
import { requireAuth } from '../middleware/auth';
import type { ApiEnv } from '../types';

const pullQuery = z.strictObject({
	cursor: z.string().max(500).optional(),
	limit: z.coerce.number().int().min(1).max(MAX_PULL_LIMIT).default(DEFAULT_PULL_LIMIT)
});

const discardBody = z.strictObject({
	mutationId: z.uuid('Not a UUID'),
	name: z.string().min(1).max(64),
	args: z.unknown().optional(),
	reason: plainMultilineText().max(500).optional()
});

const failureReport = z.strictObject({
	clientId: z.string().min(1).max(64),
	failures: z
		.array(
			z.strictObject({
				mutationId: z.string().min(1).max(64),
				name: z.string().min(1).max(64),
				code: z.string().min(1).max(64),
				message: plainMultilineText().max(1000),
				at: z.number().int().nonnegative()
			})
		)
		.min(1)
		.max(100)
});

/** The only business write path for devices, and its read path. See docs/api.md. */
export const syncRoutes = new Hono<ApiEnv>()
	.use(requireAuth)
	.post('/push', async (c) => {
		assertCan(c.var.auth.role, 'sync.use');
		const body = await readJson(c);
		if (Array.isArray(body.mutations) && body.mutations.length > MAX_PUSH_BATCH) {
			throw new AppError('payload_too_large', `At most ${MAX_PUSH_BATCH} mutations per push.`, {
				mutations: fieldError('too_big', `At most ${MAX_PUSH_BATCH}`, { max: MAX_PUSH_BATCH })
			});
		}
		const input = parse(pushRequest, body);
		const orgId = orgOf(c.var.auth);
		const results = await applyBatch(
			c.var.deps.db,
			c.var.auth,
			orgId,
			input.clientId,
			input.mutations
		);
		return c.json({ results });
	})
	.get('/pull', async (c) => {
		assertCan(c.var.auth.role, 'sync.use');
		const q = parse(pullQuery, c.req.query());
		// The page is JSON text already (a PullResponse), sent as c.json would send it.
		const body = await pullPage(c.var.deps.db, c.var.auth, orgOf(c.var.auth), q.cursor, q.limit);
		return c.body(body, 200, { 'Content-Type': 'application/json' });
	})
	.post('/discard', async (c) => {
		assertCan(c.var.auth.role, 'sync.use');
		const input = parse(discardBody, await readJson(c));
		await audit(c.var.deps.db, c, {
			action: 'sync.discarded',
			organizationId: orgOf(c.var.auth),
			entity: 'mutation',
			entityId: input.mutationId,
			before: { name: input.name, args: input.args ?? null },
			after: input.reason ? { reason: input.reason } : undefined
		});
		return c.body(null, 204);
	});

export const diagnosticsRoutes = new Hono<ApiEnv>()
	.use(requireAuth)
	.post('/sync-failures', async (c) => {
		assertCan(c.var.auth.role, 'sync.use');
		const input = parse(failureReport, await readJson(c));
		const now = Date.now();
		await c.var.deps.db.insert(syncFailures).values(
			input.failures.map((f) => ({
				id: uuidv7(),
				organizationId: orgOf(c.var.auth),
				userId: c.var.auth.userId,
				clientId: input.clientId,
				mutationId: f.mutationId,
				name: f.name,
				code: f.code,
				message: f.message,
				at: f.at,
				receivedAt: now
			}))
		);
		return c.body(null, 204);
	});
