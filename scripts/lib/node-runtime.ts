/**
 * What the operator scripts and benchmarks need on Node: the migrations read from drizzle/
 * (the app bundles them with Vite instead) and the server's dependencies over them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../src/lib/server/config';
import type { Migration } from '../../src/lib/server/db/migrate';
import { createDeps } from '../../src/lib/server/runtime';

export function readMigrations(dir = 'drizzle'): Migration[] {
	return readdirSync(dir)
		.filter((f) => f.endsWith('.sql'))
		.map((f) => ({ name: f.replace(/\.sql$/, ''), sql: readFileSync(join(dir, f), 'utf8') }));
}

/** The server's dependencies from the environment, as the app would build them, migrated. */
export async function nodeDeps(overrides: Partial<Config> = {}) {
	const config = { ...loadConfig(process.env, 'script'), ...overrides };
	const deps = createDeps(config, readMigrations());
	await deps.ready();
	return deps;
}
