/**
 * Builds the server's dependencies once per process (or Workers isolate): opens the database,
 * applies migrations, seeds the demo organization into an empty database when enabled.
 */
import { createApi } from './api/app';
import type { Deps } from './api/types';
import { loadConfig, type Config } from './config';
import { openDatabase, tuneEmbedded } from './db/client';
import { applyMigrations, type Migration } from './db/migrate';
import { seedDemoIfEmpty } from './seed';

export function createDeps(config: Config, migrations: Migration[]): Deps {
	const { client, db } = openDatabase(config.databaseUrl, config.databaseAuthToken);
	let started: Promise<void> | undefined;
	const ready = () => {
		started ??= (async () => {
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
	return { client, db, config, ready };
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
	}
	return runtime;
}
