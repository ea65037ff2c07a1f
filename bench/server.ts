/**
 * The server under test: the real Hono API over a fresh libSQL file, and beside it a bare Hono
 * route answering a constant, both served by one Node HTTP server, so the two differ only in
 * the work the API does (middleware, session check, queries).
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readMigrations } from '../scripts/lib/node-runtime';
import { createApi } from '../src/lib/server/api/app';
import { loadConfig } from '../src/lib/server/config';
import { createDeps } from '../src/lib/server/runtime';

export const BARE_PATH = '/bare';
export const BARE_BODY = { status: 'ok' };

export interface BenchServer {
	baseURL: string;
	databaseUrl: string;
	deps: ReturnType<typeof createDeps>;
	close: () => Promise<void>;
}

/** The API on a fresh embedded file, or on `databaseUrl` (a remote libSQL endpoint). */
export async function startBenchServer(databaseUrl?: string): Promise<BenchServer> {
	const dir = mkdtempSync(join(tmpdir(), 'optio-bench-'));
	const config = {
		...loadConfig({}, 'bench'),
		databaseUrl: databaseUrl ?? `file:${join(dir, 'bench.db')}`,
		seedDemo: false
	};
	// Read from disk: the app's migrations module uses Vite's import.meta.glob.
	const migrations = readMigrations(fileURLToPath(new URL('../drizzle', import.meta.url)));
	const deps = createDeps(config, migrations);
	await deps.ready();

	const app = new Hono().get(BARE_PATH, (c) => c.json(BARE_BODY)).route('/', createApi(deps));

	const server = await new Promise<Server>((resolve) => {
		const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () =>
			resolve(s as Server)
		);
	});
	server.keepAliveTimeout = 60_000;
	const { port } = server.address() as AddressInfo;

	return {
		baseURL: `http://127.0.0.1:${port}`,
		databaseUrl: config.databaseUrl,
		deps,
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
			deps.client.close();
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

/** Signs up a fresh organization through the API and returns its admin's bearer token. */
export async function signUp(baseURL: string): Promise<string> {
	const res = await fetch(`${baseURL}/api/auth/signup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({
			organizationName: 'Bench Distribution',
			name: 'Bench Admin',
			login: `bench-${Date.now().toString(36)}`,
			password: 'bench password 1'
		})
	});
	if (res.status !== 201) throw new Error(`sign-up answered ${res.status}: ${await res.text()}`);
	const body = (await res.json()) as { token: string };
	return body.token;
}
