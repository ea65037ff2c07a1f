import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { assertCan } from '../../../domain/roles';
import { organizationPatchSchema } from '../../../domain/schemas/organization';
import { parse } from '../../../domain/validation';
import { audit } from '../../audit';
import { organizations } from '../../db/schema';
import { orgOf } from '../../scope';
import { readJson } from '../errors';
import { requireAuth } from '../middleware/auth';
import type { ApiEnv } from '../types';

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
		const { db } = c.var.deps;
		const orgId = orgOf(c.var.auth);
		const patch = parse(organizationPatchSchema, await readJson(c));
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
			action: 'organization.updated',
			organizationId: orgId,
			entity: 'organization',
			entityId: orgId,
			before,
			after
		});
		return c.json({ organization: after });
	});
