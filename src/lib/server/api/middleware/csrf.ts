import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { AppError } from '../../../domain/errors';
import { SESSION_COOKIE } from '../../auth/session';
import { bearerToken } from './auth';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses unsafe cross-site requests that could ride on the session cookie. Browsers send
 * `Sec-Fetch-Site` (and `Origin`) on every POST. Only a request that is bearer auth and nothing
 * else goes unchecked: a well-formed `Authorization: Bearer <token>` and no session cookie (a
 * cross-site page cannot set that header without a CORS preflight we never grant). Any request
 * carrying the cookie is checked whatever else it carries: a page can make the browser send
 * `Authorization: Basic …` (from a URL's userinfo or a cached login) beside the cookie.
 */
export const csrf = createMiddleware(async (c, next) => {
	const bearerOnly =
		bearerToken(c.req.header('authorization')) !== null &&
		getCookie(c, SESSION_COOKIE) === undefined;
	if (!SAFE.has(c.req.method) && !bearerOnly) {
		const site = c.req.header('sec-fetch-site');
		const origin = c.req.header('origin');
		const crossSite = site ? site !== 'same-origin' && site !== 'none' : false;
		const foreignOrigin = origin ? origin !== new URL(c.req.url).origin : false;
		if (crossSite || foreignOrigin) {
			throw new AppError('cross_site', 'Cross-site requests are not allowed.');
		}
	}
	await next();
});
