import { and, eq, isNull } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { AppError, fieldError } from '../../../domain/errors';
import { assertCan } from '../../../domain/roles';
import {
	organizationPatchSchema,
	organizationSettingsPatchSchema,
	type OrganizationSettings
} from '../../../domain/schemas/organization';
import type { AuditAction } from '../../../domain/audit-actions';
import { parse, plainText } from '../../../domain/validation';
import { audit } from '../../audit';
import { organizationDeletions, organizations } from '../../db/schema';
import { exportOrganization } from '../../organization/export';
import { DELETION_GRACE_MS } from '../../organization/purge';
import { orgOf } from '../../scope';
import { readJson } from '../errors';
import { requireAuth } from '../middleware/auth';
import type { ApiEnv } from '../types';

type OrganizationPatch = Partial<typeof organizations.$inferInsert> & {
	settings?: OrganizationSettings;
};

/** Changes the caller's organization, merging settings, and records who changed what. */
async function update(c: Context<ApiEnv>, patch: OrganizationPatch, action: AuditAction) {
	const { db } = c.var.deps;
	const orgId = orgOf(c.var.auth);
	const [before] = await db.select().from(organizations).where(eq(organizations.id, orgId));
	const next = {
		...(patch.name !== undefined && { name: patch.name }),
		...(patch.currency !== undefined && { currency: patch.currency }),
		...(patch.timezone !== undefined && { timezone: patch.timezone }),
		...(patch.settings !== undefined && { settings: { ...before!.settings, ...patch.settings } })
	};
	const [after] = await db
		.update(organizations)
		.set(next)
		.where(eq(organizations.id, orgId))
		.returning();
	c.var.deps.sessionCache.clear();
	await audit(db, c, {
		action,
		organizationId: orgId,
		entity: 'organization',
		entityId: orgId,
		before,
		after
	});
	return after!;
}

export const organizationRoutes = new Hono<ApiEnv>()
	.use(requireAuth)
	.get('/export', async (c) => {
		assertCan(c.var.auth.role, 'organization.manage');
		const org = orgOf(c.var.auth);
		await audit(c.var.deps.db, c, {
			action: 'organization.exported',
			organizationId: org,
			entity: 'organization',
			entityId: org
		});
		const day = new Date().toISOString().slice(0, 10);
		return new Response(
			exportOrganization(c.var.deps.client, org, c.var.deps.config.version, c.var.deps.photos),
			{
				headers: {
					'content-type': 'application/gzip',
					'content-disposition': `attachment; filename="optio-export-${day}.jsonl.gz"`,
					'cache-control': 'no-store'
				}
			}
		);
	})
	.get('/deletion', async (c) => {
		assertCan(c.var.auth.role, 'organization.manage');
		return c.json({ deletion: (await pendingDeletion(c)) ?? null });
	})
	.post('/deletion', async (c) => {
		assertCan(c.var.auth.role, 'organization.manage');
		const org = orgOf(c.var.auth);
		const { confirmName } = parse(deletionSchema, await readJson(c));
		const [row] = await c.var.deps.db
			.select({ name: organizations.name })
			.from(organizations)
			.where(eq(organizations.id, org));
		if (row?.name !== confirmName) {
			throw new AppError('validation', 'Type the organization’s name to confirm.', {
				confirmName: fieldError('mismatch', 'Does not match')
			});
		}
		const now = Date.now();
		const deletion = {
			organizationId: org,
			requestedBy: c.var.auth.userId,
			requestedAt: now,
			purgeAt: now + DELETION_GRACE_MS,
			cancelledAt: null
		};
		await c.var.deps.db
			.insert(organizationDeletions)
			.values(deletion)
			.onConflictDoUpdate({ target: organizationDeletions.organizationId, set: deletion });
		await audit(c.var.deps.db, c, {
			action: 'organization.deletion_requested',
			organizationId: org,
			entity: 'organization',
			entityId: org,
			after: { purgeAt: deletion.purgeAt }
		});
		return c.json({ deletion }, 201);
	})
	.delete('/deletion', async (c) => {
		assertCan(c.var.auth.role, 'organization.manage');
		const org = orgOf(c.var.auth);
		if (!(await pendingDeletion(c))) throw new AppError('not_found', 'No deletion is pending.');
		await c.var.deps.db
			.update(organizationDeletions)
			.set({ cancelledAt: Date.now() })
			.where(eq(organizationDeletions.organizationId, org));
		await audit(c.var.deps.db, c, {
			action: 'organization.deletion_cancelled',
			organizationId: org,
			entity: 'organization',
			entityId: org
		});
		return c.body(null, 204);
	})
	.get('/', async (c) => {
		const [org] = await c.var.deps.db
			.select()
			.from(organizations)
			.where(eq(organizations.id, orgOf(c.var.auth)));
		return c.json({ organization: org });
	})
	.patch('/', async (c) => {
		assertCan(c.var.auth.role, 'organization.manage');
		const patch = parse(organizationPatchSchema, await readJson(c));
		return c.json({ organization: await update(c, patch, 'organization.updated') });
	})
	.patch('/settings', async (c) => {
		assertCan(c.var.auth.role, 'organization.manage');
		const settings = parse(organizationSettingsPatchSchema, await readJson(c));
		const after = await update(c, { settings }, 'organization.settings_changed');
		return c.json({ settings: after.settings });
	});

const deletionSchema = z.strictObject({ confirmName: plainText().max(200) });

async function pendingDeletion(c: Context<ApiEnv>) {
	const [row] = await c.var.deps.db
		.select()
		.from(organizationDeletions)
		.where(
			and(
				eq(organizationDeletions.organizationId, orgOf(c.var.auth)),
				isNull(organizationDeletions.cancelledAt)
			)
		);
	return row;
}
