import { createMiddleware } from 'hono/factory';
import { AppError } from '../../../domain/errors';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses unsafe cross-site requests that could ride on the session cookie. Browsers send
 * `Sec-Fetch-Site` (and `Origin`) on every POST; API clients with a bearer token send no cookie,
 * and a cross-site page cannot set `Authorization` without a CORS preflight we never grant.
 */
export const csrf = createMiddleware(async (c, next) => {
	if (!SAFE.has(c.req.method) && !c.req.header('authorization')) {
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
