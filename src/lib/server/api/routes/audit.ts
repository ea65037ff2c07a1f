import { and, desc, eq, gte, lt, lte, type SQL } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import { assertCan } from '../../../domain/roles';
import { parse } from '../../../domain/validation';
import { auditEvents } from '../../db/schema';
import { inOrg } from '../../scope';
import { requireAuth } from '../middleware/auth';
import type { ApiEnv } from '../types';

const epochOrDate = z.union([
	z.coerce.number().int().nonnegative(),
	z.iso.date().transform((d) => Date.parse(d)),
	z.iso.datetime().transform((d) => Date.parse(d))
]);

const auditQuery = z.strictObject({
	action: z.string().max(64).optional(),
	actorId: z.string().max(64).optional(),
	entityId: z.string().max(64).optional(),
	from: epochOrDate.optional(),
	to: epochOrDate.optional(),
	cursor: z.string().max(64).optional(),
	limit: z.coerce.number().int().min(1).max(200).default(50)
});

/** Read only: the audit log has no route that changes or deletes an event. */
export const auditRoutes = new Hono<ApiEnv>().use(requireAuth).get('/', async (c) => {
	assertCan(c.var.auth.role, 'audit.read');
	const q = parse(auditQuery, c.req.query());
	const conditions: (SQL | undefined)[] = [
		q.action ? eq(auditEvents.action, q.action) : undefined,
		q.actorId ? eq(auditEvents.actorId, q.actorId) : undefined,
		q.entityId ? eq(auditEvents.entityId, q.entityId) : undefined,
		q.from !== undefined ? gte(auditEvents.at, q.from) : undefined,
		// A bare date as `to` means the whole of that day.
		q.to !== undefined
			? lte(
					auditEvents.at,
					/^\d{4}-\d{2}-\d{2}$/.test(c.req.query('to') ?? '') ? q.to + 86_399_999 : q.to
				)
			: undefined,
		// Ids are UUIDv7, ordered by time: the cursor is the last id of the previous page.
		q.cursor ? lt(auditEvents.id, q.cursor) : undefined
	];
	const rows = await c.var.deps.db
		.select()
		.from(auditEvents)
		.where(and(inOrg(c.var.auth, auditEvents), ...conditions))
		.orderBy(desc(auditEvents.id))
		.limit(q.limit + 1);
	const items = rows.slice(0, q.limit);
	return c.json({ items, nextCursor: rows.length > q.limit ? items.at(-1)!.id : null });
});
