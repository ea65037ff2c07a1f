import { logError, logRequest, requestIdOf } from '$lib/server/log';
import type { Handle, HandleServerError } from '@sveltejs/kit';

// No `init` hook that opens the database: on Cloudflare the adapter runs `init` at module scope,
// where Workers forbid I/O ("Disallowed operation called within global scope"). Migrations and
// the demo seed run at the first request instead (`deps.ready()` in src/lib/server/api/app.ts,
// once per process or isolate), or ahead of a deploy with `npm run db:migrate`; the Node server
// warms them up as it starts (scripts/start.js).

/**
 * One log line per request that reaches SvelteKit (pages and /api; the Node server's static
 * files are served before this): method, route pattern, status, duration, organization and
 * request id. Never the URL's query, headers or body (see src/lib/server/log.ts).
 */
export const handle: Handle = async ({ event, resolve }) => {
	const started = performance.now();
	const fields = (event.locals.log = {
		reqId: requestIdOf(event.request.headers),
		route: event.route.id,
		org: null
	});
	let status = 500;
	try {
		const response = await resolve(event);
		status = response.status;
		return response;
	} finally {
		logRequest({
			...fields,
			method: event.request.method,
			status,
			ms: Math.round((performance.now() - started) * 10) / 10
		});
	}
};

/** Unexpected errors outside /api (which answers its own, src/lib/server/api/errors.ts). */
export const handleError: HandleServerError = ({ error, event, status }) => {
	if (status >= 500)
		logError('unhandled', error, { reqId: event.locals.log?.reqId, route: event.route.id });
	return { message: 'Internal Error' };
};
