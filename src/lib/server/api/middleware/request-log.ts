import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { matchedRoutes } from 'hono/route';
import type { AuthContext } from '../../auth/session';
import type { RequestLogFields } from '../../log';
import type { ApiEnv } from '../types';

/** What the SvelteKit route hands the API (src/routes/api/[...path]/+server.ts). */
export interface RequestLogBinding {
	REQUEST_LOG?: RequestLogFields;
}

/**
 * The endpoint's pattern (`/api/sync/push`, `/api/employees/:id`), never the URL with its ids
 * and query; null when no endpoint matched (a 404).
 */
export function routePattern(c: Context): string | null {
	// Middleware registered with `use` matches every method; the endpoint is the last one with its own.
	const endpoint = matchedRoutes(c).filter((r) => r.method !== 'ALL');
	return endpoint.at(-1)?.path ?? null;
}

/**
 * Fills in the request's log line (written by the `handle` hook in src/hooks.server.ts) with
 * what only the API knows: the endpoint matched and the caller's organization.
 */
export const requestLog = createMiddleware<ApiEnv>(async (c, next) => {
	try {
		await next();
	} finally {
		const fields = (c.env as RequestLogBinding | undefined)?.REQUEST_LOG;
		if (fields) {
			fields.route = routePattern(c);
			fields.org = (c.get('auth') as AuthContext | undefined)?.organizationId ?? null;
		}
	}
});
