import { eq } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { uuidv7 } from 'uuidv7';
import { AppError, fieldError } from '../../../domain/errors';
import { loginSchema, signupSchema } from '../../../domain/schemas/auth';
import { parse } from '../../../domain/validation';
import { audit, requestMeta } from '../../audit';
import { hashPassword, needsRehash, verifyPassword } from '../../auth/password';
import {
	SESSION_COOKIE,
	createSession,
	invalidateSession,
	sessionCookieOptions,
	validateSessionToken
} from '../../auth/session';
import { clearFailures, lockedFor, recordFailure, type ThrottleKey } from '../../auth/throttle';
import {
	branches,
	organizations,
	priceLists,
	roleAssignments,
	syncVersions,
	users
} from '../../db/schema';
import { isUniqueViolation } from '../../db/errors';
import { readJson } from '../errors';
import { bearerToken } from '../middleware/auth';
import type { ApiEnv } from '../types';
import { loadUserView } from '../users';

/** Hashed once per process: an unknown login still costs one hash, so timing reveals nothing. */
let dummyHash: Promise<string> | undefined;

async function startSession(c: Context<ApiEnv>, userId: string) {
	const meta = requestMeta(c);
	const { token } = await createSession(c.var.deps.db, userId, meta);
	setCookie(c, SESSION_COOKIE, token, sessionCookieOptions(c.req.url));
	return token;
}

export const authRoutes = new Hono<ApiEnv>()
	/** What the sign-in screen needs to know before anyone is signed in. */
	.get('/options', (c) => c.json({ signupEnabled: c.var.deps.config.signupEnabled }))
	.post('/signup', async (c) => {
		const { db, config } = c.var.deps;
		if (!config.signupEnabled) {
			throw new AppError('signup_disabled', 'Sign-up of new organizations is turned off here.');
		}
		const input = parse(signupSchema, await readJson(c));
		const organizationId = uuidv7();
		const branchId = uuidv7();
		const userId = uuidv7();
		const passwordHash = await hashPassword(input.password, config.passwordParams);
		try {
			await db.batch([
				db.insert(organizations).values({ id: organizationId, name: input.organizationName }),
				db.insert(branches).values({ id: branchId, organizationId, name: 'Main branch' }),
				db.insert(users).values({
					id: userId,
					organizationId,
					name: input.name,
					login: input.login,
					passwordHash
				}),
				db.insert(roleAssignments).values({
					id: uuidv7(),
					userId,
					organizationId,
					branchId,
					role: 'admin'
				}),
				// Every organization has a default price list from the start (version 1 of its data).
				db.insert(syncVersions).values({ organizationId, version: 1 }),
				db.insert(priceLists).values({
					id: uuidv7(),
					organizationId,
					name: 'Base',
					isDefault: true,
					version: 1,
					updatedAt: Date.now()
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
		const token = await startSession(c, userId);
		await audit(db, c, {
			action: 'auth.signup',
			organizationId,
			actorId: userId,
			actorName: input.name,
			entity: 'organization',
			entityId: organizationId,
			after: { organizationName: input.organizationName, login: input.login }
		});
		return c.json({ token, user: await loadUserView(db, userId) }, 201);
	})
	.post('/login', async (c) => {
		const { db, config } = c.var.deps;
		const input = parse(loginSchema, await readJson(c));
		const ip = requestMeta(c).ip ?? 'unknown';
		const keys: ThrottleKey[] = [`login:${input.login}`, `ip:${ip}`];

		const wait = await lockedFor(db, keys);
		if (wait > 0) {
			const seconds = Math.ceil(wait / 1000);
			throw new AppError(
				'too_many_attempts',
				`Too many failed sign-ins. Try again in ${Math.ceil(seconds / 60)} min.`,
				undefined,
				{ 'Retry-After': String(seconds) }
			);
		}

		const [user] = await db.select().from(users).where(eq(users.login, input.login)).limit(1);
		dummyHash ??= hashPassword('not a password', config.passwordParams);
		const ok = await verifyPassword(input.password, user?.passwordHash ?? (await dummyHash));
		if (!user || !ok || !user.active) {
			await recordFailure(db, keys);
			await audit(db, c, {
				action: 'auth.signin_failed',
				organizationId: user?.organizationId ?? null,
				actorId: user?.id ?? null,
				actorName: user?.name ?? null,
				entity: 'user',
				entityId: user?.id,
				after: {
					login: input.login,
					reason: !user ? 'unknown_login' : !ok ? 'wrong_password' : 'inactive'
				}
			});
			throw new AppError('invalid_credentials', 'Wrong login or password.');
		}

		await clearFailures(db, `login:${input.login}`);
		if (needsRehash(user.passwordHash, config.passwordParams)) {
			const passwordHash = await hashPassword(input.password, config.passwordParams);
			await db.update(users).set({ passwordHash }).where(eq(users.id, user.id));
		}
		const token = await startSession(c, user.id);
		await audit(db, c, {
			action: 'auth.signin',
			organizationId: user.organizationId,
			actorId: user.id,
			actorName: user.name,
			entity: 'user',
			entityId: user.id
		});
		return c.json({ token, user: await loadUserView(db, user.id) });
	})
	.post('/logout', async (c) => {
		const { db } = c.var.deps;
		const token = bearerToken(c.req.header('authorization')) ?? getCookie(c, SESSION_COOKIE);
		const auth = token ? await validateSessionToken(db, token) : null;
		deleteCookie(c, SESSION_COOKIE, { path: '/' });
		if (!auth) throw new AppError('unauthenticated', 'Sign in first.');
		await invalidateSession(db, auth.sessionId, c.var.deps.sessionCache);
		c.set('auth', auth);
		await audit(db, c, {
			action: 'auth.signout',
			organizationId: auth.organizationId,
			entity: 'session',
			entityId: auth.sessionId
		});
		return c.body(null, 204);
	});
