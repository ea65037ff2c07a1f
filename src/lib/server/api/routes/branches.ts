import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { uuidv7 } from 'uuidv7';
import { assertCan } from '../../../domain/roles';
import { branchCreateSchema, branchPatchSchema } from '../../../domain/schemas/organization';
import { parse } from '../../../domain/validation';
import { audit } from '../../audit';
import { branches } from '../../db/schema';
import { inOrg, notFound, orgOf } from '../../scope';
import { readJson } from '../errors';
import { requireAuth } from '../middleware/auth';
import type { ApiEnv } from '../types';

export const branchRoutes = new Hono<ApiEnv>()
	.use(requireAuth)
	.get('/', async (c) => {
		assertCan(c.var.auth.role, 'branches.read');
		const items = await c.var.deps.db
			.select()
			.from(branches)
			.where(inOrg(c.var.auth, branches))
			.orderBy(branches.name);
		return c.json({ items });
	})
	.post('/', async (c) => {
		assertCan(c.var.auth.role, 'branches.manage');
		const { db } = c.var.deps;
		const input = parse(branchCreateSchema, await readJson(c));
		const [branch] = await db
			.insert(branches)
			.values({ id: uuidv7(), organizationId: orgOf(c.var.auth), ...input })
			.returning();
		await audit(db, c, {
			action: 'branch.created',
			organizationId: orgOf(c.var.auth),
			entity: 'branch',
			entityId: branch!.id,
			after: branch
		});
		return c.json({ branch }, 201);
	})
	.get('/:id', async (c) => {
		assertCan(c.var.auth.role, 'branches.read');
		const [branch] = await c.var.deps.db
			.select()
			.from(branches)
			.where(inOrg(c.var.auth, branches, eq(branches.id, c.req.param('id'))));
		if (!branch) throw notFound('branch');
		return c.json({ branch });
	})
	.patch('/:id', async (c) => {
		assertCan(c.var.auth.role, 'branches.manage');
		const { db } = c.var.deps;
		const patch = parse(branchPatchSchema, await readJson(c));
		const where = inOrg(c.var.auth, branches, eq(branches.id, c.req.param('id')));
		const [before] = await db.select().from(branches).where(where);
		if (!before) throw notFound('branch');
		const [after] = await db.update(branches).set(patch).where(where).returning();
		c.var.deps.sessionCache.clear();
		await audit(db, c, {
			action: 'branch.updated',
			organizationId: before.organizationId,
			entity: 'branch',
			entityId: before.id,
			before,
			after
		});
		return c.json({ branch: after });
	});
