import { getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { AppError } from '../../../domain/errors';
import { SESSION_COOKIE, sessionCookieOptions, validateSessionToken } from '../../auth/session';
import type { ApiEnv } from '../types';

/** RFC 6750's `b64token`: what a bearer credential may be made of. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/**
 * The token from a well-formed `Authorization: Bearer <token>`, or null for anything else
 * (another scheme, an empty or malformed token), which is then no bearer auth at all.
 * @example bearerToken('Bearer abc.def') // 'abc.def'; bearerToken('Basic Zm9v') // null
 */
export function bearerToken(header: string | undefined): string | null {
	return header?.match(BEARER)?.[1] ?? null;
}

/** Requires a valid session; sets `c.var.auth`. Renews the cookie when the session slid. */
export const requireAuth = createMiddleware<ApiEnv>(async (c, next) => {
	const bearer = bearerToken(c.req.header('authorization'));
	const token = bearer ?? getCookie(c, SESSION_COOKIE);
	if (!token) throw new AppError('unauthenticated', 'Sign in first.');
	const auth = await validateSessionToken(
		c.var.deps.db,
		token,
		Date.now(),
		c.var.deps.sessionCache
	);
	if (!auth) throw new AppError('unauthenticated', 'Your session has ended. Sign in again.');
	c.set('auth', auth);
	if (!bearer && auth.renewed) setCookie(c, SESSION_COOKIE, token, sessionCookieOptions(c.req.url));
	await next();
});
