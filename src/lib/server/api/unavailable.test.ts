import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, signupOrg, type Harness } from '../testing/harness';
import { startHranaServer, type HranaServer } from '../testing/hrana-server';

/** Routes that need the database, each as a client would call it. */
const ROUTES: [method: string, path: string, body?: unknown][] = [
	['GET', '/api/me'],
	['GET', '/api/sessions'],
	['GET', '/api/branches'],
	['GET', '/api/employees'],
	['GET', '/api/sync/pull'],
	['POST', '/api/sync/push', { clientId: 'c1', mutations: [] }],
	['GET', '/api/stock/balances'],
	['GET', '/api/audit'],
	['POST', '/api/auth/login', { login: 'someone', password: 'a password' }],
	[
		'POST',
		'/api/auth/signup',
		{ organizationName: 'Late', name: 'Late Admin', login: 'late-admin', password: 'long enough 1' }
	]
];

describe('a remote database that stops answering', () => {
	let db: HranaServer;
	let h: Harness;
	let token: string;

	beforeAll(async () => {
		db = await startHranaServer({
			file: join(mkdtempSync(join(tmpdir(), 'optio-down-')), 'remote.db')
		});
		h = await createHarness({ databaseUrl: db.url });
		({ token } = await signupOrg(h));
		expect((await h.call('GET', '/api/me', undefined, { token })).status).toBe(200);
		await db.close();
	});
	afterAll(() => h?.close());

	it('answers 503 `unavailable` in the API error shape on every route, never 500', async () => {
		// Past the session cache: a sign-in's token is cached briefly, so use one it has not seen.
		h.deps.sessionCache.clear();
		for (const [method, path, body] of ROUTES) {
			const res = await h.call(method, path, body, { token });
			expect({ method, path, status: res.status, body: res.body }).toEqual({
				method,
				path,
				status: 503,
				body: { error: { code: 'unavailable', message: expect.any(String) } }
			});
		}
		const health = await h.call('GET', '/api/health');
		expect(health.status).toBe(503);
		expect(health.body).toMatchObject({ status: 'error', db: 'unreachable' });
	});
});
