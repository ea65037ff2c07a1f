import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { bundledMigrations } from '../db/migrations';
import { createDeps } from '../runtime';
import { createHarness, type Harness } from '../testing/harness';
import { createApi } from './app';

describe('GET /api/health', () => {
	let h: Harness;
	beforeAll(async () => {
		h = await createHarness();
	});
	afterAll(() => h.close());

	it('answers 200 with the version when the database answers', async () => {
		const res = await h.call('GET', '/api/health');
		expect(res.status).toBe(200);
		expect(res.body).toMatchObject({
			status: 'ok',
			db: 'ok',
			version: 'test',
			dbLatencyMs: expect.any(Number),
			migrations: expect.any(Number),
			webhooks: { pending: 0, oldestDueSeconds: 0 }
		});
		expect(res.body.migrations).toBeGreaterThan(10);
	});

	it('needs no sign-in and is not stopped by cross-site headers', async () => {
		const res = await h.call('GET', '/api/health', undefined, {
			headers: { origin: 'https://monitor.example', 'sec-fetch-site': 'cross-site' }
		});
		expect(res.status).toBe(200);
	});
});

describe('GET /api/health when the database cannot be reached', () => {
	const config = {
		...loadConfig({ VITEST: 'true' }, 'test-down'),
		databaseUrl: 'file:/nonexistent-dir/x/y.db',
		seedDemo: false
	};

	it('answers 503 with the cause, and again on the next try', async () => {
		// The server must still start: createDeps may not throw for an unreachable database.
		const api = createApi(createDeps(config, bundledMigrations));
		for (let i = 0; i < 2; i++) {
			const res = await api.request('http://localhost/api/health');
			expect(res.status).toBe(503);
			const body = await res.json();
			expect(body).toMatchObject({ status: 'error', db: 'unreachable', version: 'test-down' });
			expect(body.cause).toEqual(expect.any(String));
			expect(body.cause).toMatch(/nonexistent-dir/);
		}
	});

	it('answers other endpoints with a JSON error, not a crash', async () => {
		const api = createApi(createDeps(config, bundledMigrations));
		const res = await api.request('http://localhost/api/auth/options');
		expect(res.status).toBeGreaterThanOrEqual(500);
		expect((await res.json()).error.code).toEqual(expect.any(String));
	});

	it('recovers by itself once the database can be opened', async () => {
		const dir = join(mkdtempSync(join(tmpdir(), 'optio-health-')), 'mounted-later');
		const deps = createDeps(
			{ ...config, databaseUrl: `file:${join(dir, 'x.db')}` },
			bundledMigrations
		);
		const api = createApi(deps);
		expect((await api.request('http://localhost/api/health')).status).toBe(503);
		mkdirSync(dir);
		const res = await api.request('http://localhost/api/health');
		expect(res.status).toBe(200);
		expect(await res.json()).toMatchObject({ status: 'ok', db: 'ok', version: 'test-down' });
		deps.client.close();
	});
});

describe('other endpoints while the database is unreachable', () => {
	it('answer 503 unavailable, not 500', async () => {
		const deps = createDeps(
			{
				...loadConfig({ VITEST: 'true' }, 'test'),
				databaseUrl: 'file:/nonexistent-dir/x/y.db',
				seedDemo: false
			},
			bundledMigrations
		);
		const res = await createApi(deps).request('http://localhost/api/auth/login', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ login: 'a', password: 'b' })
		});
		expect(res.status).toBe(503);
		expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unavailable');
	});
});
