/**
 * What the production server writes to its log: one JSON line per request an operator can ship,
 * and no secret in any line — not for a sign-up, a failed sign-in or a push, nor when the
 * database fails under them (a failed statement's values used to be printed).
 */
import { expect, test } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uuidv7 } from 'uuidv7';
import { unique } from './helpers';
import { api, killLeftovers, openDatabaseFile, startServer } from './server-process';

test.setTimeout(240_000);
test.afterEach(killLeftovers);

interface Line {
	level: string;
	msg: string;
	reqId?: string;
	method?: string;
	route?: string | null;
	status?: number;
	ms?: number;
	org?: string | null;
}

test('a sign-up, a failed sign-in and a push leave one line each and no secret in the log', async () => {
	const dataDir = mkdtempSync(join(tmpdir(), 'optio-logs-'));
	const server = await startServer(dataDir, { SEED_DEMO: 'false' });

	const login = unique('owner');
	const password = `pw-${uuidv7()}`;
	const wrongPassword = `wrong-${uuidv7()}`;
	const signup = await fetch(`${server.baseURL}/api/auth/signup`, {
		method: 'POST',
		headers: { origin: server.baseURL, 'content-type': 'application/json' },
		body: JSON.stringify({
			organizationName: unique('Log test LLC '),
			name: 'Log Owner',
			login,
			password
		})
	});
	expect(signup.status).toBe(201);
	const cookie = signup.headers.get('set-cookie')!;
	const { token, user } = (await signup.json()) as {
		token: string;
		user: { organizationId: string };
	};

	const refused = await api(server, 'POST', '/api/auth/login', { login, password: wrongPassword });
	expect(refused.status).toBe(401);

	const sku = unique('SKU-');
	const productName = unique('Secret product ');
	const pushed = await api(
		server,
		'POST',
		'/api/sync/push',
		{
			clientId: 'log-device',
			mutations: [
				{
					id: uuidv7(),
					name: 'product.upsert',
					args: { id: uuidv7(), sku, name: productName, unit: 'pcs' },
					createdAt: Date.now()
				}
			]
		},
		token
	);
	expect(pushed.status).toBe(200);
	expect(pushed.body.results[0].status).toBe('applied');

	// The same requests while another process holds the database's write lock (a backup, a
	// migration): their statements fail after the busy timeout, with secrets bound to them.
	const blocker = openDatabaseFile(dataDir);
	const secondLogin = unique('second');
	const secondPassword = `pw2-${uuidv7()}`;
	const tx = await blocker.transaction('write'); // BEGIN IMMEDIATE: the write lock
	try {
		const second = await api(server, 'POST', '/api/auth/signup', {
			organizationName: unique('Second LLC '),
			name: 'Second Owner',
			login: secondLogin,
			password: secondPassword
		});
		// A database locked past its busy timeout is worth retrying: 503, not 500.
		expect(second.status).toBe(503);
		// A right password: the sign-in clears the login's failures and makes a session.
		await api(server, 'POST', '/api/auth/login', { login, password });
	} finally {
		await tx.rollback();
		blocker.close();
	}

	// The values a log must never hold.
	const db = openDatabaseFile(dataDir);
	const hash = String(
		(await db.execute({ sql: 'SELECT password_hash FROM users WHERE login = ?', args: [login] }))
			.rows[0]?.[0]
	);
	db.close();
	expect(hash).toMatch(/^\$argon2id\$/);
	const cookieValue = /optio_session=([^;]+)/.exec(cookie)![1]!;
	const [sessionId, sessionSecret] = token.split('.');

	server.signal('SIGTERM');
	await server.gone(15_000);
	const output = server.output();

	for (const secret of [
		password,
		wrongPassword,
		secondPassword,
		hash,
		'$argon2id$',
		token,
		sessionId!,
		sessionSecret!,
		cookieValue,
		login,
		secondLogin,
		sku,
		productName
	]) {
		expect(output, `the log holds ${secret}`).not.toContain(secret);
	}

	const lines = output
		.split('\n')
		.filter((l) => l.startsWith('{'))
		.map((l) => JSON.parse(l) as Line);
	const requests = lines.filter((l) => l.msg === 'request');
	const line = (route: string, status: number) =>
		requests.find((r) => r.route === route && r.status === status);
	expect(line('/api/auth/signup', 201)).toMatchObject({ method: 'POST', org: null, level: 'info' });
	expect(line('/api/auth/login', 401)).toMatchObject({ method: 'POST', level: 'info' });
	expect(line('/api/sync/push', 200)).toMatchObject({
		method: 'POST',
		org: user.organizationId,
		level: 'info'
	});
	for (const r of requests) {
		expect(r.reqId).toMatch(/^[\w-]+$/);
		expect(typeof r.ms).toBe('number');
	}
	// The failure is logged once, under the id of its request's line, with no values.
	const failed = requests.find((r) => r.route === '/api/auth/signup' && r.status === 503)!;
	expect(failed).toBeDefined();
	const error = lines.find(
		(l) => l.level === 'error' && l.msg === 'database unreachable' && l.reqId === failed.reqId
	);
	expect(error).toBeDefined();
	expect(JSON.stringify(error)).toContain('SQLITE_BUSY');
});
