/**
 * Test harness: the real API over a real libSQL file in a fresh temporary folder.
 * No mocked database anywhere.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uuidv7 } from 'uuidv7';
import { createApi } from '../api/app';
import { hashPassword } from '../auth/password';
import { loadConfig, type Config } from '../config';
import { bundledMigrations } from '../db/migrations';
import { roleAssignments, users } from '../db/schema';
import { createDeps } from '../runtime';
import type { PhotoStore } from '../photos/store';

export type Harness = Awaited<ReturnType<typeof createHarness>>;

export interface CallOptions {
	token?: string;
	headers?: Record<string, string>;
	/** A raw body, sent as is (for malformed JSON tests). */
	raw?: string;
	/**
	 * The peer address the SvelteKit glue would pass (the socket's); 203.0.113.7 unless given.
	 * Headers such as X-Forwarded-For are only headers: they do not set this.
	 */
	ip?: string;
}

export async function createHarness(overrides: Partial<Config> = {}, photos?: PhotoStore) {
	const dir = mkdtempSync(join(tmpdir(), 'optio-test-'));
	const config: Config = {
		...loadConfig({ VITEST: 'true' }, 'test'),
		databaseUrl: `file:${join(dir, 'test.db')}`,
		seedDemo: false,
		photoDir: join(dir, 'photos'),
		...overrides
	};
	const deps = createDeps(config, bundledMigrations, photos);
	await deps.ready();
	const api = createApi(deps);

	/** Calls the API as a same-origin browser or API client would. */
	async function call(method: string, path: string, body?: unknown, opts: CallOptions = {}) {
		const headers: Record<string, string> = { ...opts.headers };
		if (opts.token) headers.authorization = `Bearer ${opts.token}`;
		let payload: string | undefined = opts.raw;
		if (body !== undefined) {
			payload = JSON.stringify(body);
			headers['content-type'] = 'application/json';
		}
		const res = await api.request(
			`http://localhost${path}`,
			{ method, headers, body: payload },
			{ CLIENT_ADDRESS: opts.ip ?? '203.0.113.7' }
		);
		const text = await res.text();
		let json: unknown = null;
		try {
			json = text ? JSON.parse(text) : null;
		} catch {
			json = text;
		}
		// eslint-disable-next-line @typescript-eslint/no-explicit-any
		return { status: res.status, headers: res.headers, body: json as any };
	}

	/** Row counts of every table, to prove a refused request wrote nothing. */
	async function tableCounts(): Promise<Record<string, number>> {
		const tables = await deps.client.execute(
			"SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('_migrations', 'audit_events', 'signin_throttle')"
		);
		const counts: Record<string, number> = {};
		for (const { name } of tables.rows) {
			const r = await deps.client.execute(`SELECT count(*) AS n FROM "${String(name)}"`);
			counts[String(name)] = Number(r.rows[0]!.n);
		}
		return counts;
	}

	return { api, deps, config, call, tableCounts, close: () => deps.client.close() };
}

let seq = 0;

/**
 * Signs up a new organization; returns its admin's token, user and first branch. Each sign-up
 * comes from its own address (198.18.x.y, the benchmarking range), as separate businesses
 * would: sign-ups are throttled per address.
 */
export async function signupOrg(h: Harness, name = `Org ${++seq}`) {
	const login = `admin${++seq}-${Math.random().toString(36).slice(2, 8)}`;
	const res = await h.call(
		'POST',
		'/api/auth/signup',
		{
			organizationName: name,
			name: `Admin of ${name}`,
			login,
			password: 'correct horse battery'
		},
		{ ip: `198.18.${(seq >> 8) & 255}.${seq & 255}` }
	);
	if (res.status !== 201) throw new Error(`signup failed: ${JSON.stringify(res.body)}`);
	const branches = await h.call('GET', '/api/branches', undefined, { token: res.body.token });
	return {
		token: res.body.token as string,
		user: res.body.user,
		login,
		branchId: branches.body.items[0].id as string
	};
}

/** Creates an employee with a role as the given admin, signs them in, returns their token. */
export async function employee(
	h: Harness,
	adminToken: string,
	role: string,
	branchId: string
): Promise<{ token: string; id: string; login: string }> {
	const login = `${role}${++seq}-${Math.random().toString(36).slice(2, 8)}`;
	const created = await h.call(
		'POST',
		'/api/employees',
		{ name: `${role} ${seq}`, login, password: 'a good password', role, branchId },
		{ token: adminToken }
	);
	if (created.status !== 201) throw new Error(`employee failed: ${JSON.stringify(created.body)}`);
	const res = await h.call('POST', '/api/auth/login', { login, password: 'a good password' });
	return { token: res.body.token, id: created.body.employee.id, login };
}

/**
 * A vendor support account. There is no API that creates one (an operator script does), so it
 * goes straight into the database, as that script would write it, and then signs in normally.
 */
export async function supportUser(harness: Harness) {
	const id = uuidv7();
	const login = `support-${id.slice(-8)}`;
	const password = 'vendor support password';
	const { db } = harness.deps;
	await db.batch([
		db.insert(users).values({
			id,
			organizationId: null,
			name: 'Vendor Support',
			login,
			passwordHash: await hashPassword(password, harness.config.passwordParams)
		}),
		db.insert(roleAssignments).values({
			id: uuidv7(),
			userId: id,
			organizationId: null,
			branchId: null,
			role: 'support'
		})
	]);
	const res = await harness.call('POST', '/api/auth/login', { login, password });
	if (res.status !== 200) throw new Error(`support login failed: ${JSON.stringify(res.body)}`);
	return { token: res.body.token as string, id, login };
}
