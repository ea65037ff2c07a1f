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
import { closeOnShutdown } from './shutdown';
import { folderPhotoStore, isR2Bucket, r2PhotoStore, type PhotoStore } from './photos/store';

export function createDeps(
	config: Config,
	migrations: Migration[],
	photos: PhotoStore = folderPhotoStore(config.photoDir)
): Deps {
	// Opened at first use, and again after a failure: a database file that cannot be opened
	// (libSQL throws at once for those) must not stop the server; ready() reports it instead.
	let database: Database | undefined;
	let closed = false;
	const open = () => {
		if (closed) throw new Error('The database is closed: the server is shutting down.');
		return (database ??= openDatabase(config.databaseUrl, config.databaseAuthToken));
	};
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
		photos,
		sessionCache: new SessionCache(),
		ready,
		async close() {
			if (closed) return;
			// Migrations or the seed may still be running (a stop right after start): let them end.
			await started?.catch(() => undefined);
			closed = true;
			if (!database) return;
			const { client } = database;
			database = undefined;
			try {
				// Queued behind any transaction in progress (serialized-client.ts). TRUNCATE leaves the
				// whole database in the one file, so a copy of the file alone is complete.
				if (config.databaseUrl.startsWith('file:'))
					await client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
			} finally {
				client.close();
			}
		}
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
		const config = loadConfig(env, version);
		// On Cloudflare the R2 bucket bound as PHOTOS (wrangler.toml); on one machine a folder.
		const bucket = (env as Record<string, unknown>).PHOTOS;
		const photos = isR2Bucket(bucket) ? r2PhotoStore(bucket) : folderPhotoStore(config.photoDir);
		const deps = createDeps(config, migrations, photos);
		runtime = { deps, api: createApi(deps) };
		startLocalSchedule(deps);
		closeOnShutdown(deps);
	}
	return runtime;
}
