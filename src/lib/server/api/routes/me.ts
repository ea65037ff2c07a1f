import { and, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { permissionsOf } from '../../../domain/roles';
import { audit } from '../../audit';
import { invalidateSession, invalidateUserSessions, listUserSessions } from '../../auth/session';
import { sessions, users } from '../../db/schema';
import { parse } from '../../../domain/validation';
import { userSettingsSchema } from '../../../domain/schemas/auth';
import { readJson } from '../errors';
import { notFound } from '../../scope';
import { requireAuth } from '../middleware/auth';
import type { ApiEnv } from '../types';

export const meRoutes = new Hono<ApiEnv>()
	.use(requireAuth)
	.get('/me', (c) => {
		const a = c.var.auth;
		return c.json({
			user: {
				id: a.userId,
				name: a.name,
				login: a.login,
				role: a.role,
				organizationId: a.organizationId,
				branchId: a.branchId,
				settings: a.userSettings
			},
			organization: a.organization,
			branch: a.branch,
			permissions: permissionsOf(a.role)
		});
	})
	.patch('/me/settings', async (c) => {
		const patch = parse(userSettingsSchema, await readJson(c));
		const { db, sessionCache } = c.var.deps;
		const [row] = await db
			.select({ settings: users.settings })
			.from(users)
			.where(eq(users.id, c.var.auth.userId));
		const settings = { ...(row?.settings ?? {}), ...patch };
		await db
			.update(users)
			.set({ settings, updatedAt: Date.now() })
			.where(eq(users.id, c.var.auth.userId));
		// Every session of this user reads the new choice at once.
		sessionCache.dropUser(c.var.auth.userId);
		return c.json({ settings });
	})
	.get('/sessions', async (c) => {
		const list = await listUserSessions(c.var.deps.db, c.var.auth.userId);
		return c.json({
			items: list.reverse().map((s) => ({ ...s, current: s.id === c.var.auth.sessionId }))
		});
	})
	.delete('/sessions/:id', async (c) => {
		const { db } = c.var.deps;
		const id = c.req.param('id');
		// Only the caller's own sessions exist for them; any other id is simply not found.
		const [own] = await db
			.select({ id: sessions.id })
			.from(sessions)
			.where(and(eq(sessions.id, id), eq(sessions.userId, c.var.auth.userId)));
		if (!own) throw notFound('session');
		await invalidateSession(db, id, c.var.deps.sessionCache);
		await audit(db, c, {
			action: 'session.ended',
			organizationId: c.var.auth.organizationId,
			entity: 'session',
			entityId: id
		});
		return c.body(null, 204);
	})
	.delete('/sessions', async (c) => {
		const { db } = c.var.deps;
		await invalidateUserSessions(
			db,
			c.var.auth.userId,
			c.var.auth.sessionId,
			c.var.deps.sessionCache
		);
		await audit(db, c, {
			action: 'session.ended',
			organizationId: c.var.auth.organizationId,
			entity: 'session',
			after: { allOthers: true }
		});
		return c.body(null, 204);
	});
