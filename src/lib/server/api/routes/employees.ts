import { and, eq, like, or, type SQL } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import { uuidv7 } from 'uuidv7';
import { AppError, fieldError } from '../../../domain/errors';
import { assertCan, can } from '../../../domain/roles';
import {
	employeeCreateSchema,
	employeePatchSchema,
	passwordResetSchema
} from '../../../domain/schemas/organization';
import { parse } from '../../../domain/validation';
import { audit } from '../../audit';
import { hashPassword } from '../../auth/password';
import { invalidateUserSessions } from '../../auth/session';
import { isUniqueViolation } from '../../db/errors';
import { branches, roleAssignments, users } from '../../db/schema';
import { inOrg, notFound, orgOf } from '../../scope';
import { readJson } from '../errors';
import { requireAuth } from '../middleware/auth';
import type { ApiEnv } from '../types';
import { selectUserViews, type UserView } from '../users';
import { eraseEmployee } from '../../organization/erase';

/** Employees the caller may see: the organization for an admin, their own branch for a manager. */
function visibleEmployees(c: Context<ApiEnv>, ...conditions: (SQL | undefined)[]): SQL {
	const a = c.var.auth;
	const branchOnly = can(a.role, 'employees.manage')
		? undefined
		: eq(roleAssignments.branchId, a.branchId ?? '');
	return inOrg(a, users, branchOnly, ...conditions);
}

async function findEmployee(c: Context<ApiEnv>, id: string): Promise<UserView> {
	const [row] = await selectUserViews(c.var.deps.db).where(visibleEmployees(c, eq(users.id, id)));
	if (!row) throw notFound('employee');
	return row as UserView;
}

async function assertBranchInOrg(c: Context<ApiEnv>, branchId: string) {
	const [branch] = await c.var.deps.db
		.select({ id: branches.id })
		.from(branches)
		.where(inOrg(c.var.auth, branches, eq(branches.id, branchId)));
	if (!branch)
		throw new AppError('validation', 'No such branch.', {
			branchId: fieldError('not_found', 'No such branch')
		});
}

export const employeeRoutes = new Hono<ApiEnv>()
	.use(requireAuth)
	.get('/', async (c) => {
		assertCan(c.var.auth.role, 'employees.read');
		const q = c.req.query('q')?.trim().slice(0, 100);
		const search = q ? or(like(users.name, `%${q}%`), like(users.login, `%${q}%`)) : undefined;
		const items = await selectUserViews(c.var.deps.db)
			.where(visibleEmployees(c, search))
			.orderBy(users.name);
		return c.json({ items });
	})
	.post('/', async (c) => {
		assertCan(c.var.auth.role, 'employees.manage');
		const { db, config } = c.var.deps;
		const input = parse(employeeCreateSchema, await readJson(c));
		const organizationId = orgOf(c.var.auth);
		await assertBranchInOrg(c, input.branchId);
		const id = uuidv7();
		const passwordHash = await hashPassword(input.password, config.passwordParams);
		try {
			await db.batch([
				db
					.insert(users)
					.values({ id, organizationId, name: input.name, login: input.login, passwordHash }),
				db.insert(roleAssignments).values({
					id: uuidv7(),
					userId: id,
					organizationId,
					branchId: input.branchId,
					role: input.role
				})
			]);
		} catch (err) {
			if (isUniqueViolation(err)) {
				throw new AppError('login_taken', 'This login is taken.', {
					login: fieldError('taken', 'Already taken')
				});
			}
			throw err;
		}
		const employee = await findEmployee(c, id);
		await audit(db, c, {
			action: 'employee.created',
			organizationId,
			entity: 'user',
			entityId: id,
			after: employee
		});
		return c.json({ employee }, 201);
	})
	.get('/:id', async (c) => {
		assertCan(c.var.auth.role, 'employees.read');
		return c.json({ employee: await findEmployee(c, c.req.param('id')) });
	})
	.patch('/:id', async (c) => {
		assertCan(c.var.auth.role, 'employees.manage');
		const { db } = c.var.deps;
		const patch = parse(employeePatchSchema, await readJson(c));
		const before = await findEmployee(c, c.req.param('id'));
		if (patch.branchId) await assertBranchInOrg(c, patch.branchId);
		if (before.id === c.var.auth.userId && patch.role && patch.role !== 'admin') {
			throw new AppError('validation', 'You cannot take away your own admin role.', {
				role: fieldError('not_allowed', 'Cannot demote yourself')
			});
		}
		const now = Date.now();
		const assignment = {
			...(patch.role && { role: patch.role }),
			...(patch.branchId && { branchId: patch.branchId })
		};
		await db.batch([
			db
				.update(users)
				.set({ ...(patch.name && { name: patch.name }), updatedAt: now })
				.where(eq(users.id, before.id)),
			// A rename alone leaves the assignment be: drizzle refuses an UPDATE with nothing to set.
			...(Object.keys(assignment).length
				? [db.update(roleAssignments).set(assignment).where(eq(roleAssignments.userId, before.id))]
				: [])
		]);
		// Their sessions now carry another role or branch.
		c.var.deps.sessionCache.dropUser(before.id);
		const after = await findEmployee(c, before.id);
		await audit(db, c, {
			action: 'employee.updated',
			organizationId: orgOf(c.var.auth),
			entity: 'user',
			entityId: before.id,
			before,
			after
		});
		return c.json({ employee: after });
	})
	.post('/:id/password', async (c) => {
		assertCan(c.var.auth.role, 'employees.manage');
		const { db, config } = c.var.deps;
		const input = parse(passwordResetSchema, await readJson(c));
		const employee = await findEmployee(c, c.req.param('id'));
		const passwordHash = await hashPassword(input.password, config.passwordParams);
		await db
			.update(users)
			.set({ passwordHash, updatedAt: Date.now() })
			.where(eq(users.id, employee.id));
		// A reset password means the old one may be known to someone else: end every session.
		await invalidateUserSessions(db, employee.id, undefined, c.var.deps.sessionCache);
		await audit(db, c, {
			action: 'employee.password_reset',
			organizationId: orgOf(c.var.auth),
			entity: 'user',
			entityId: employee.id
		});
		return c.body(null, 204);
	})
	.post('/:id/deactivate', async (c) => setActive(c, false))
	.post('/:id/activate', async (c) => setActive(c, true))
	.post('/:id/erase', async (c) => {
		// Erasure is the organization's decision, not a branch manager's.
		assertCan(c.var.auth.role, 'organization.manage');
		const { db } = c.var.deps;
		const employee = await findEmployee(c, c.req.param('id'));
		if (employee.id === c.var.auth.userId) {
			throw new AppError('validation', 'You cannot erase yourself.', {
				id: fieldError('not_allowed', 'Cannot erase yourself')
			});
		}
		c.var.deps.sessionCache.dropUser(employee.id);
		await eraseEmployee(db, orgOf(c.var.auth), employee.id);
		await audit(db, c, {
			action: 'employee.erased',
			organizationId: orgOf(c.var.auth),
			entity: 'user',
			entityId: employee.id
		});
		return c.json({ employee: await findEmployee(c, employee.id) });
	});

async function setActive(c: Context<ApiEnv>, active: boolean) {
	assertCan(c.var.auth.role, 'employees.manage');
	const { db } = c.var.deps;
	const employee = await findEmployee(c, c.req.param('id')!);
	if (employee.id === c.var.auth.userId) {
		throw new AppError('validation', 'You cannot deactivate yourself.', {
			id: fieldError('not_allowed', 'Cannot deactivate yourself')
		});
	}
	await db
		.update(users)
		.set({ active, updatedAt: Date.now() })
		.where(and(eq(users.id, employee.id)));
	if (!active) await invalidateUserSessions(db, employee.id, undefined, c.var.deps.sessionCache);
	await audit(db, c, {
		action: active ? 'employee.activated' : 'employee.deactivated',
		organizationId: orgOf(c.var.auth),
		entity: 'user',
		entityId: employee.id,
		before: { active: employee.active },
		after: { active }
	});
	return c.json({ employee: await findEmployee(c, employee.id) });
}
