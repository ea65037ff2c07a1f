/**
 * Sessions on Lucia's model (lucia-auth.com, `code/auth_session.ts`): a token is
 * `<id>.<secret>`, each half 160 random bits; only the SHA-256 of the secret is stored and it
 * is compared in constant time, so a database leak yields no usable token. Sessions end after
 * a period without use (sliding: each use renews) and in any case after an absolute lifetime.
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase, decodeHex } from '@oslojs/encoding';
import { and, eq, ne } from 'drizzle-orm';
import type { Db } from '../db/client';
import { branches, organizations, roleAssignments, sessions, users } from '../db/schema';
import type { Role } from '../../domain/roles';
import type { SessionCache } from './session-cache';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** A session unused this long ends (a rep's phone is used daily; a month covers holidays). */
export const INACTIVITY_TIMEOUT = 30 * DAY;
/** No session lives longer than this, however busy. */
export const ABSOLUTE_LIFETIME = 90 * DAY;
/** Writing `last_used_at` on every request would make each read a write; once an hour is enough. */
const RENEW_AFTER = 60 * MINUTE;

export interface SessionMeta {
	userAgent?: string | null;
	ip?: string | null;
}

/** Who is calling: the user, their role and where it applies. */
export interface AuthContext {
	sessionId: string;
	userId: string;
	name: string;
	login: string;
	role: Role;
	organizationId: string | null;
	branchId: string | null;
	organization: {
		id: string;
		name: string;
		currency: string;
		timezone: string;
		settings: Record<string, unknown>;
	} | null;
	branch: { id: string; name: string } | null;
	/** The user's own settings (`useLocation: false`: never read this user's location). */
	userSettings: Record<string, unknown>;
	/** True when this validation renewed the session (the cookie should be re-sent). */
	renewed: boolean;
}

function randomString(): string {
	return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(20)));
}

function hashSecret(secret: string): Uint8Array {
	return sha256(new TextEncoder().encode(secret));
}

export async function createSession(
	db: Db,
	userId: string,
	meta: SessionMeta,
	now = Date.now()
): Promise<{ token: string; id: string }> {
	const id = randomString();
	const secret = randomString();
	await db.insert(sessions).values({
		id,
		secretHash: encodeHexLowerCase(hashSecret(secret)),
		userId,
		createdAt: now,
		lastUsedAt: now,
		userAgent: meta.userAgent?.slice(0, 300) ?? null,
		ip: meta.ip ?? null
	});
	return { token: `${id}.${secret}`, id };
}

/**
 * Returns who holds the token, or null when it is unknown, expired, or its user is inactive.
 * With a cache, a session validated in the last few seconds skips the database (see
 * session-cache.ts); the secret is checked either way.
 */
export async function validateSessionToken(
	db: Db,
	token: string,
	now = Date.now(),
	cache?: SessionCache
): Promise<AuthContext | null> {
	const dot = token.indexOf('.');
	if (dot < 1 || token.length > 200) return null;
	const id = token.slice(0, dot);
	const secretHash = hashSecret(token.slice(dot + 1));

	const cached = cache?.get(id, now);
	if (
		cached &&
		now - cached.lastUsedAt <= RENEW_AFTER &&
		now - cached.createdAt <= ABSOLUTE_LIFETIME
	) {
		return constantTimeEqual(secretHash, cached.secretHash) ? cached.auth : null;
	}

	const [row] = await db
		.select({
			secretHash: sessions.secretHash,
			createdAt: sessions.createdAt,
			lastUsedAt: sessions.lastUsedAt,
			userId: users.id,
			name: users.name,
			login: users.login,
			active: users.active,
			userSettings: users.settings,
			organizationId: users.organizationId,
			role: roleAssignments.role,
			branchId: roleAssignments.branchId,
			orgName: organizations.name,
			currency: organizations.currency,
			timezone: organizations.timezone,
			settings: organizations.settings,
			branchName: branches.name
		})
		.from(sessions)
		.innerJoin(users, eq(users.id, sessions.userId))
		.innerJoin(roleAssignments, eq(roleAssignments.userId, users.id))
		.leftJoin(organizations, eq(organizations.id, users.organizationId))
		.leftJoin(branches, eq(branches.id, roleAssignments.branchId))
		.where(eq(sessions.id, id))
		.limit(1);
	if (!row) return null;
	const stored = decodeHex(row.secretHash);
	if (!constantTimeEqual(secretHash, stored)) return null;

	if (
		!row.active ||
		now - row.lastUsedAt > INACTIVITY_TIMEOUT ||
		now - row.createdAt > ABSOLUTE_LIFETIME
	) {
		await invalidateSession(db, id, cache);
		return null;
	}
	const renewed = now - row.lastUsedAt > RENEW_AFTER;
	const lastUsedAt = renewed ? now : row.lastUsedAt;
	if (renewed) await db.update(sessions).set({ lastUsedAt }).where(eq(sessions.id, id));

	const auth: AuthContext = {
		sessionId: id,
		userId: row.userId,
		name: row.name,
		login: row.login,
		role: row.role as Role,
		organizationId: row.organizationId,
		branchId: row.branchId,
		organization: row.organizationId
			? {
					id: row.organizationId,
					name: row.orgName!,
					currency: row.currency!,
					timezone: row.timezone!,
					settings: row.settings ?? {}
				}
			: null,
		branch: row.branchId ? { id: row.branchId, name: row.branchName ?? '' } : null,
		userSettings: row.userSettings ?? {},
		renewed
	};
	cache?.set(id, {
		secretHash: stored,
		auth: { ...auth, renewed: false },
		createdAt: row.createdAt,
		lastUsedAt,
		cachedAt: now
	});
	return auth;
}

export async function invalidateSession(
	db: Db,
	sessionId: string,
	cache?: SessionCache
): Promise<void> {
	cache?.dropSession(sessionId);
	await db.delete(sessions).where(eq(sessions.id, sessionId));
}

/** Ends every session of a user (deactivation, password reset), or all but `keep`. */
export async function invalidateUserSessions(
	db: Db,
	userId: string,
	keep?: string,
	cache?: SessionCache
): Promise<void> {
	cache?.dropUser(userId);
	await db
		.delete(sessions)
		.where(
			keep ? and(eq(sessions.userId, userId), ne(sessions.id, keep)) : eq(sessions.userId, userId)
		);
}

export async function listUserSessions(db: Db, userId: string) {
	return db
		.select({
			id: sessions.id,
			createdAt: sessions.createdAt,
			lastUsedAt: sessions.lastUsedAt,
			userAgent: sessions.userAgent,
			ip: sessions.ip
		})
		.from(sessions)
		.where(eq(sessions.userId, userId))
		.orderBy(sessions.lastUsedAt);
}

export const SESSION_COOKIE = 'optio_session';

/** The cookie's attributes; `Secure` everywhere but plain-HTTP localhost development. */
export function sessionCookieOptions(requestUrl: string) {
	const { hostname, protocol } = new URL(requestUrl);
	const local = hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';
	return {
		httpOnly: true,
		sameSite: 'Lax' as const,
		secure: !(local && protocol === 'http:'),
		path: '/',
		maxAge: INACTIVITY_TIMEOUT / 1000
	};
}
