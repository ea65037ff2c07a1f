import { env } from '$env/dynamic/private';
import { version } from '$app/environment';
import { bundledMigrations } from '$lib/server/db/migrations';
import { getRuntime } from '$lib/server/runtime';
import type { ServerInit } from '@sveltejs/kit';

/** Migrate (and seed the demo, when enabled) as the server starts, not at the first request. */
export const init: ServerInit = async () => {
	try {
		await getRuntime(env, version, bundledMigrations).deps.ready();
	} catch (err) {
		// The server still starts; /api/health reports the database as unreachable until it is back.
		console.error('Database not ready at start:', err);
	}
};
