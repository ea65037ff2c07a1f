import { env } from '$env/dynamic/private';
import { version } from '$app/environment';
import { bundledMigrations } from '$lib/server/db/migrations';
import { getRuntime } from '$lib/server/runtime';
import type { Handle, ServerInit } from '@sveltejs/kit';

/** Migrate (and seed the demo, when enabled) as the server starts, not at the first request. */
export const init: ServerInit = async () => {
	try {
		await getRuntime(env, version, bundledMigrations).deps.ready();
	} catch (err) {
		// The server still starts; /api/health reports the database as unreachable until it is back.
		console.error('Database not ready at start:', err);
	}
};

/**
 * Every answer of 500 or more leaves one line in the server's log, pages and /api alike, so an
 * operator (and the end-to-end suite, which fails on a 500) sees each one with its path.
 */
export const handle: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	if (response.status >= 500) {
		console.error(`answered ${response.status}: ${event.request.method} ${event.url.pathname}`);
	}
	return response;
};
