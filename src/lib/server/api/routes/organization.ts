import { eq } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import { assertCan } from '../../../domain/roles';
import {
	organizationPatchSchema,
	organizationSettingsPatchSchema,
	type OrganizationSettings
} from '../../../domain/schemas/organization';
import type { AuditAction } from '../../../domain/audit-actions';
import { parse } from '../../../domain/validation';
import { audit } from '../../audit';
import { organizations } from '../../db/schema';
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
