import { env } from '$env/dynamic/private';
import { version } from '$app/environment';
import { bundledMigrations } from '$lib/server/db/migrations';
import { logError, logRequest, requestIdOf } from '$lib/server/log';
import { getRuntime } from '$lib/server/runtime';
import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';

/** Migrate (and seed the demo, when enabled) as the server starts, not at the first request. */
export const init: ServerInit = async () => {
	try {
		await getRuntime(env, version, bundledMigrations).deps.ready();
	} catch (err) {
		// The server still starts; /api/health reports the database as unreachable until it is back.
		logError('database not ready at start', err);
	}
};

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
