/**
 * Builds the server's dependencies once per process (or Workers isolate): opens the database,
 * applies migrations, seeds the demo organization into an empty database when enabled.
 */
import { createApi } from './api/app';
import type { Deps } from './api/types';
import { loadConfig, type Config } from './config';
import { openDatabase, tuneEmbedded, type Database } from './db/client';
import { applyMigrations, type Migration } from './db/migrate';
import { seedDemoIfEmpty } from './seed';
import { SessionCache } from './auth/session-cache';
import { startLocalSchedule } from './scheduled';

export function createDeps(config: Config, migrations: Migration[]): Deps {
	// Opened at first use, and again after a failure: a database file that cannot be opened
	// (libSQL throws at once for those) must not stop the server; ready() reports it instead.
	let database: Database | undefined;
	const open = () => (database ??= openDatabase(config.databaseUrl, config.databaseAuthToken));
	let started: Promise<void> | undefined;
	const ready = () => {
		started ??= (async () => {
			const { client, db } = open();
			await tuneEmbedded(client, config.databaseUrl);
			await applyMigrations(client, migrations);
			if (config.seedDemo) await seedDemoIfEmpty(db, config);
		})().catch((err: unknown) => {
			// Let the next request try again (the remote database may come back).
			started = undefined;
			throw err;
		});
		return started;
	};
	return {
		get client() {
			return open().client;
		},
		get db() {
			return open().db;
		},
		config,
		sessionCache: new SessionCache(),
		ready
	};
}

let runtime: { deps: Deps; api: ReturnType<typeof createApi> } | undefined;

/** The app-wide dependencies and API instance, for the SvelteKit glue. */
export function getRuntime(
	env: Record<string, string | undefined>,
	version: string,
	migrations: Migration[]
) {
	if (!runtime) {
		const deps = createDeps(loadConfig(env, version), migrations);
		runtime = { deps, api: createApi(deps) };
		startLocalSchedule(deps);
	}
	return runtime;
}
