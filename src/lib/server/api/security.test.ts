/**
 * Security properties of the API, through the real app over a real libSQL file: who may call
 * what (derived from the one policy in roles.ts), the tenant wall between organizations,
 * cross-site refusal, sign-in throttling and the append-only audit log.
 */
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can, ROLES, type Permission, type Role } from '../../domain/roles';
import { parseTrustedProxies } from '../auth/client-address';
import { bundledMigrations } from '../db/migrations';
import { createDeps } from '../runtime';
import { createApi } from './app';
import { createHarness, employee, signupOrg, supportUser, type Harness } from '../testing/harness';

let h: Harness;
beforeAll(async () => {
	h = await createHarness();
});
afterAll(() => h.close());

const TABLES = [
	'organizations',
	'branches',
	'users',
	'role_assignments',
	'sessions',
	'audit_events',
	'signin_throttle'
];

/** Every row of every table, to prove a refused request changed nothing at all. */
async function dump(harness: Harness = h): Promise<string> {
	const out: Record<string, unknown> = {};
	for (const table of TABLES) {
		const rs = await harness.deps.client.execute(`SELECT * FROM ${table} ORDER BY rowid`);
		out[table] = rs.rows.map((row) => Object.fromEntries(rs.columns.map((c) => [c, row[c]])));
	}
	return JSON.stringify(out);
}

let loginSeq = 0;

interface Target {
	branchId: string;
	employeeId: string;
}

/** The admin endpoints, each with the permission the policy must require for it. */
const ADMIN_ENDPOINTS: {
	method: string;
	path: (t: Target) => string;
	body?: (t: Target) => unknown;
	permission: Permission;
	okStatus: number;
}[] = [
	{
		method: 'PATCH',
		path: () => '/api/organization',
		body: () => ({ name: 'Taken Over Ltd', currency: 'USD' }),
		permission: 'organization.manage',
		okStatus: 200
	},
	{
		method: 'PATCH',
		path: () => '/api/organization/settings',
		body: () => ({ negativeStockPolicy: 'forbid' }),
		permission: 'organization.manage',
		okStatus: 200
	},
	{
		method: 'POST',
		path: () => '/api/branches',
		body: () => ({ name: 'Rogue branch' }),
		permission: 'branches.manage',
		okStatus: 201
	},
	{
		method: 'PATCH',
		path: (t) => `/api/branches/${t.branchId}`,
		body: () => ({ name: 'Renamed', active: false }),
		permission: 'branches.manage',
		okStatus: 200
	},
	{
		method: 'POST',
		path: () => '/api/employees',
		body: (t) => ({
			name: 'Sneaky Admin',
			login: `sneaky${++loginSeq}`,
			password: 'a good password',
			role: 'admin',
			branchId: t.branchId
		}),
		permission: 'employees.manage',
		okStatus: 201
	},
	{
		method: 'PATCH',
		path: (t) => `/api/employees/${t.employeeId}`,
		body: () => ({ role: 'admin' }),
		permission: 'employees.manage',
		okStatus: 200
	},
	{
		method: 'POST',
		path: (t) => `/api/employees/${t.employeeId}/password`,
		body: () => ({ password: 'i know this one now' }),
		permission: 'employees.manage',
		okStatus: 204
	},
	{
		method: 'POST',
		path: (t) => `/api/employees/${t.employeeId}/deactivate`,
		permission: 'employees.manage',
		okStatus: 200
	},
	{ method: 'GET', path: () => '/api/audit', permission: 'audit.read', okStatus: 200 }
];

/** A fresh organization with a second branch, a rep to act on, and a caller with `role`. */
async function fixture(role: Role) {
	const org = await signupOrg(h);
	const branch = await h.call('POST', '/api/branches', { name: 'North' }, { token: org.token });
	const target = await employee(h, org.token, 'rep', org.branchId);
	const caller =
		role === 'admin'
			? { token: org.token }
			: role === 'support'
				? await supportUser(h)
				: await employee(h, org.token, role, org.branchId);
	expect(caller.token).toBeTruthy();
	return {
		org,
		caller,
		target: { branchId: branch.body.branch.id as string, employeeId: target.id },
		targetToken: target.token
	};
}

describe('the permission matrix, derived from the policy', () => {
	describe.each(ROLES)('%s', (role) => {
		let f: Awaited<ReturnType<typeof fixture>>;
		beforeAll(async () => {
			f = await fixture(role);
		});

		it.each(
			ADMIN_ENDPOINTS.map((e) => ({
				...e,
				label: `${e.method} ${e.path({ branchId: ':id', employeeId: ':id' })}`,
				allowed: can(role, e.permission)
			}))
		)('$label (allowed: $allowed)', async (e) => {
			const before = await dump();
			const res = await h.call(e.method, e.path(f.target), e.body?.(f.target), {
				token: f.caller.token
			});
			if (e.allowed) {
				expect(res.status).toBe(e.okStatus);
				return;
			}
			expect(res.status).toBe(403);
			expect(res.body).toEqual({ error: { code: 'forbidden', message: expect.any(String) } });
			expect(await dump()).toBe(before);
		});

		it('shows in the target and the organization whether the calls went through', async () => {
			const me = await h.call('GET', '/api/me', undefined, { token: f.targetToken });
			const org = await h.call('GET', '/api/organization', undefined, { token: f.org.token });
			if (ADMIN_ENDPOINTS.some((e) => can(role, e.permission))) {
				// The admin row is the control: the same calls did change things.
				expect(me.status).toBe(401);
				expect(org.body.organization.name).toBe('Taken Over Ltd');
			} else {
				expect(me.status).toBe(200);
				expect(me.body.user.role).toBe('rep');
				expect(org.body.organization.name).not.toBe('Taken Over Ltd');
			}
		});

		it.each([
			{ path: '/api/employees', permission: 'employees.read' as const },
			{ path: '/api/branches', permission: 'branches.read' as const }
		])('GET $path answers as the policy says', async ({ path, permission }) => {
			const res = await h.call('GET', path, undefined, { token: f.caller.token });
			if (can(role, permission)) {
				expect(res.status).toBe(200);
				expect(res.body.items.length).toBeGreaterThan(0);
			} else {
				expect(res.status).toBe(403);
				expect(res.body.error.code).toBe('forbidden');
			}
		});
	});

	it('the matrix is not vacuous: only admin may call any admin endpoint', () => {
		for (const e of ADMIN_ENDPOINTS) {
			expect(ROLES.filter((r) => can(r, e.permission))).toEqual(['admin']);
		}
	});

	it('a manager sees the branches and only the employees of their own branch', async () => {
		const org = await signupOrg(h);
		const north = await h.call('POST', '/api/branches', { name: 'North' }, { token: org.token });
		const northId = north.body.branch.id as string;
		const manager = await employee(h, org.token, 'manager', org.branchId);
		const here = await employee(h, org.token, 'rep', org.branchId);
		const there = await employee(h, org.token, 'rep', northId);
		const other = await signupOrg(h);

		const list = await h.call('GET', '/api/employees', undefined, { token: manager.token });
		expect(list.status).toBe(200);
		const ids = list.body.items.map((e: { id: string }) => e.id);
		expect(ids).toEqual(expect.arrayContaining([manager.id, here.id]));
		expect(ids).not.toContain(there.id);
		expect(ids).not.toContain(other.user.id);
		for (const e of list.body.items) expect(e.branchId).toBe(org.branchId);
		expect(list.body.items[0]).not.toHaveProperty('passwordHash');

		const one = await h.call('GET', `/api/employees/${there.id}`, undefined, {
			token: manager.token
		});
		expect(one.status).toBe(404);

		const branches = await h.call('GET', '/api/branches', undefined, { token: manager.token });
		expect(branches.status).toBe(200);
		expect(branches.body.items.map((b: { id: string }) => b.id).sort()).toEqual(
			[org.branchId, northId].sort()
		);
	});

	it('a support user signs in but belongs to no organization', async () => {
		const support = await supportUser(h);
		const me = await h.call('GET', '/api/me', undefined, { token: support.token });
		expect(me.status).toBe(200);
		expect(me.body.user).toMatchObject({ role: 'support', organizationId: null });
		expect(me.body.organization).toBeNull();
		expect(me.body.permissions).toEqual(['support.queue']);
		const org = await h.call('GET', '/api/organization', undefined, { token: support.token });
		expect(org.status).toBe(403);
	});
});

describe('the tenant wall', () => {
	let a: Awaited<ReturnType<typeof signupOrg>>;
	let b: Awaited<ReturnType<typeof signupOrg>>;
	let bBranch: string;
	let bEmployee: { token: string; id: string; login: string };
	let bEventIds: string[];

	beforeAll(async () => {
		a = await signupOrg(h);
		b = await signupOrg(h);
		const branch = await h.call('POST', '/api/branches', { name: 'B-side' }, { token: b.token });
		bBranch = branch.body.branch.id;
		bEmployee = await employee(h, b.token, 'rep', bBranch);
		const events = await h.call('GET', '/api/audit?limit=200', undefined, { token: b.token });
		bEventIds = events.body.items.map((e: { id: string }) => e.id);
		expect(bEventIds.length).toBeGreaterThan(2);
	});

	/** What A gets for an id that exists nowhere: the wall must answer exactly that. */
	async function asMissing(method: string, path: (id: string) => string, body?: unknown) {
		return h.call(method, path(uuidv7()), body, { token: a.token });
	}

	it.each([
		{ method: 'GET', path: (id: string) => `/api/branches/${id}`, which: 'branch' },
		{ method: 'GET', path: (id: string) => `/api/employees/${id}`, which: 'employee' },
		{ method: 'GET', path: (id: string) => `/api/audit/${id}`, which: 'event' },
		{
			method: 'PATCH',
			path: (id: string) => `/api/branches/${id}`,
			body: { name: 'Ours now' },
			which: 'branch'
		},
		{
			method: 'PATCH',
			path: (id: string) => `/api/employees/${id}`,
			body: { name: 'Ours now', role: 'admin' },
			which: 'employee'
		},
		{
			method: 'POST',
			path: (id: string) => `/api/employees/${id}/password`,
			body: { password: 'we know it now' },
			which: 'employee'
		},
		{
			method: 'POST',
			path: (id: string) => `/api/employees/${id}/deactivate`,
			which: 'employee'
		},
		{ method: 'PATCH', path: (id: string) => `/api/audit/${id}`, body: {}, which: 'event' },
		{ method: 'DELETE', path: (id: string) => `/api/audit/${id}`, which: 'event' }
	])(
		"$method of another organization's $which answers like a missing one",
		async ({ method, path, body, which }) => {
			const id = which === 'branch' ? bBranch : which === 'employee' ? bEmployee.id : bEventIds[0]!;
			const before = await dump();
			const res = await h.call(method, path(id), body, { token: a.token });
			expect(res.status).toBe(404);
			expect(res.body).toEqual((await asMissing(method, path, body)).body);
			expect(await dump()).toBe(before);
		}
	);

	it("leaves B's data as it was and B's employee signed in", async () => {
		const branch = await h.call('GET', `/api/branches/${bBranch}`, undefined, { token: b.token });
		expect(branch.body.branch.name).toBe('B-side');
		const me = await h.call('GET', '/api/me', undefined, { token: bEmployee.token });
		expect(me.status).toBe(200);
		expect(me.body.user.role).toBe('rep');
	});

	it("lists nothing of B's: branches, employees, audit events", async () => {
		const branches = await h.call('GET', '/api/branches', undefined, { token: a.token });
		expect(branches.body.items.length).toBeGreaterThan(0);
		for (const x of branches.body.items) expect(x.organizationId).toBe(a.user.organizationId);
		expect(branches.body.items.map((x: { id: string }) => x.id)).not.toContain(bBranch);

		const employees = await h.call('GET', '/api/employees', undefined, { token: a.token });
		for (const x of employees.body.items) expect(x.organizationId).toBe(a.user.organizationId);
		const ids = employees.body.items.map((x: { id: string }) => x.id);
		expect(ids).not.toContain(bEmployee.id);
		expect(ids).not.toContain(b.user.id);
		const search = await h.call('GET', `/api/employees?q=${bEmployee.login}`, undefined, {
			token: a.token
		});
		expect(search.body.items).toEqual([]);

		const audit = await h.call('GET', '/api/audit?limit=200', undefined, { token: a.token });
		expect(audit.body.items.length).toBeGreaterThan(0);
		for (const x of audit.body.items) expect(x.organizationId).toBe(a.user.organizationId);
		const auditIds = audit.body.items.map((x: { id: string }) => x.id);
		for (const id of bEventIds) expect(auditIds).not.toContain(id);
		for (const q of [`actorId=${b.user.id}`, `entityId=${bEmployee.id}`]) {
			const filtered = await h.call('GET', `/api/audit?${q}`, undefined, { token: a.token });
			expect(filtered.status).toBe(200);
			expect(filtered.body.items).toEqual([]);
		}
	});

	it("cannot put an employee into another organization's branch", async () => {
		const mine = await employee(h, a.token, 'rep', a.branchId);
		const before = await dump();
		const created = await h.call(
			'POST',
			'/api/employees',
			{
				name: 'Mole',
				login: `mole${++loginSeq}`,
				password: 'a good password',
				role: 'rep',
				branchId: bBranch
			},
			{ token: a.token }
		);
		expect(created.status).toBe(400);
		expect(created.body.error.fields).toHaveProperty('branchId');
		const moved = await h.call(
			'PATCH',
			`/api/employees/${mine.id}`,
			{ branchId: bBranch },
			{ token: a.token }
		);
		expect(moved.status).toBe(400);
		expect(moved.body.error.fields).toHaveProperty('branchId');
		expect(await dump()).toBe(before);
	});
});

describe('cross-site requests', () => {
	let org: Awaited<ReturnType<typeof signupOrg>>;
	let cookie: string;
	beforeAll(async () => {
		org = await signupOrg(h);
		cookie = `optio_session=${org.token}`;
	});

	const FOREIGN: { label: string; headers: Record<string, string> }[] = [
		{ label: 'Origin: https://evil.example', headers: { origin: 'https://evil.example' } },
		{ label: 'Sec-Fetch-Site: cross-site', headers: { 'sec-fetch-site': 'cross-site' } },
		{ label: 'Sec-Fetch-Site: same-site', headers: { 'sec-fetch-site': 'same-site' } },
		{
			label: 'a foreign Origin with a same-origin Sec-Fetch-Site',
			headers: { origin: 'https://evil.example', 'sec-fetch-site': 'same-origin' }
		}
	];

	it.each(FOREIGN)('refuses a cookie POST with $label and writes nothing', async ({ headers }) => {
		const before = await dump();
		for (const [method, path, body] of [
			['POST', '/api/branches', { name: 'Planted' }],
			['PATCH', '/api/organization', { name: 'Planted' }],
			['POST', '/api/auth/logout', undefined]
		] as const) {
			const res = await h.call(method, path, body, { headers: { cookie, ...headers } });
			expect(res.status, `${method} ${path}`).toBe(403);
			expect(res.body.error.code).toBe('cross_site');
		}
		expect(await dump()).toBe(before);
		// The session is still alive: the logout above was refused too.
		expect((await h.call('GET', '/api/me', undefined, { token: org.token })).status).toBe(200);
	});

	it('refuses a cross-site sign-in (login CSRF)', async () => {
		const res = await h.call(
			'POST',
			'/api/auth/login',
			{ login: org.login, password: 'correct horse battery' },
			{ headers: { origin: 'https://evil.example' } }
		);
		expect(res.status).toBe(403);
		expect(res.body.error.code).toBe('cross_site');
	});

	it('accepts the same POST from the same origin', async () => {
		const res = await h.call(
			'POST',
			'/api/branches',
			{ name: 'Legit' },
			{ headers: { cookie, origin: 'http://localhost', 'sec-fetch-site': 'same-origin' } }
		);
		expect(res.status).toBe(201);
		const list = await h.call('GET', '/api/branches', undefined, { token: org.token });
		expect(list.body.items.map((b: { name: string }) => b.name)).toContain('Legit');
	});

	it.each([
		['Basic', 'Basic dXNlcjpwYXNz'],
		['an empty Bearer', 'Bearer '],
		['a malformed Bearer', 'Bearer not a token'],
		['a well-formed Bearer', `Bearer 0123456789abcdef.0123456789abcdef`]
	])(
		'refuses a cross-site cookie DELETE that also carries %s authorization',
		async (_label, authorization) => {
			const before = await dump();
			for (const path of ['/api/sessions', '/api/auth/logout']) {
				const res = await h.call(path === '/api/sessions' ? 'DELETE' : 'POST', path, undefined, {
					headers: { cookie, authorization, origin: 'https://evil.example' }
				});
				expect(res.status, path).toBe(403);
				expect(res.body.error.code).toBe('cross_site');
			}
			expect(await dump()).toBe(before);
			expect((await h.call('GET', '/api/me', undefined, { token: org.token })).status).toBe(200);
		}
	);

	it('lets a bearer-token client (no cookie) call from anywhere', async () => {
		const res = await h.call(
			'POST',
			'/api/branches',
			{ name: 'From a script' },
			{ token: org.token, headers: { origin: 'https://integration.example' } }
		);
		expect(res.status).toBe(201);
	});

	it('grants no cross-origin reads: no /api answer carries Access-Control-Allow-Origin', async () => {
		const origin = { origin: 'https://evil.example' };
		const answers = [
			await h.call('GET', '/api/health', undefined, { headers: origin }),
			await h.call('GET', '/api/me', undefined, { headers: { cookie, ...origin } }),
			await h.call('DELETE', '/api/sessions', undefined, { headers: { cookie, ...origin } }),
			await h.call('OPTIONS', '/api/sessions', undefined, {
				headers: { ...origin, 'access-control-request-method': 'DELETE' }
			})
		];
		for (const res of answers) expect(res.headers.get('access-control-allow-origin')).toBeNull();
	});

	it('lets a cross-site GET through (reads are guarded by CORS, not here)', async () => {
		const res = await h.call('GET', '/api/me', undefined, {
			headers: { cookie, 'sec-fetch-site': 'cross-site' }
		});
		expect(res.status).toBe(200);
	});
});

describe('sign-in throttling', () => {
	const WRONG = 'definitely wrong';

	function login(loginName: string, password: string, ip: string) {
		return h.call('POST', '/api/auth/login', { login: loginName, password }, { ip });
	}

	function expectLocked(res: Awaited<ReturnType<typeof login>>) {
		expect(res.status).toBe(429);
		expect(res.body.error.code).toBe('too_many_attempts');
		const retry = Number(res.headers.get('retry-after'));
		expect(Number.isInteger(retry)).toBe(true);
		expect(retry).toBeGreaterThan(0);
		expect(retry).toBeLessThanOrEqual(15 * 60);
	}

	it('locks a login after 5 failures, even for the right password, from any address', async () => {
		const org = await signupOrg(h);
		for (let i = 0; i < 5; i++) {
			expect((await login(org.login, WRONG, '198.51.100.1')).status).toBe(401);
		}
		expectLocked(await login(org.login, 'correct horse battery', '198.51.100.1'));
		expectLocked(await login(org.login, 'correct horse battery', '198.51.100.2'));
		// The lock is on signing in, not on sessions already open.
		expect((await h.call('GET', '/api/me', undefined, { token: org.token })).status).toBe(200);
	});

	it('throttles an unknown login exactly like a known one', async () => {
		const org = await signupOrg(h);
		const known: { status: number; body: unknown }[] = [];
		const unknown: { status: number; body: unknown }[] = [];
		for (let i = 0; i < 6; i++) {
			known.push(await login(org.login, WRONG, '198.51.100.3'));
			unknown.push(await login(`nobody-${org.login}`, WRONG, '198.51.100.4'));
		}
		expect(known.map((r) => r.status)).toEqual([401, 401, 401, 401, 401, 429]);
		expect(unknown.map((r) => r.status)).toEqual(known.map((r) => r.status));
		expect(unknown.map((r) => r.body)).toEqual(known.map((r) => r.body));
	});

	it('locks an address after 30 failures across logins; other addresses still sign in', async () => {
		const org = await signupOrg(h);
		const ip = '198.51.100.66';
		for (let i = 0; i < 30; i++) {
			const res = await login(`guess-${i}-${org.login}`, WRONG, ip);
			expect(res.status, `attempt ${i + 1}`).toBe(401);
		}
		expectLocked(await login(org.login, 'correct horse battery', ip));
		const elsewhere = await login(org.login, 'correct horse battery', '198.51.100.67');
		expect(elsewhere.status).toBe(200);
		expect(elsewhere.body.token).toBeTruthy();
	});

	it('throttles by the peer address, whatever forwarded-address headers a client sends', async () => {
		const org = await signupOrg(h);
		const statuses: number[] = [];
		for (let i = 0; i < 40; i++) {
			const res = await h.call(
				'POST',
				'/api/auth/login',
				{ login: `guess-${i}-${org.login}`, password: WRONG },
				{
					ip: '198.51.100.90',
					headers: { 'cf-connecting-ip': `192.0.2.${i}`, 'x-forwarded-for': `192.0.2.${i}` }
				}
			);
			statuses.push(res.status);
		}
		expect(statuses).toEqual([...Array(30).fill(401), ...Array(10).fill(429)]);
		const rs = await h.deps.client.execute({
			sql: "SELECT DISTINCT ip FROM audit_events WHERE action = 'auth.signin_failed' AND json_extract(after, '$.login') LIKE ?",
			args: [`guess-%-${org.login}`]
		});
		expect(rs.rows.map((r) => r.ip)).toEqual(['198.51.100.90']);
	});

	it('behind a proxy named in TRUST_PROXY, throttles by the address the proxy forwards', async () => {
		const proxied = await createHarness({ trustProxy: parseTrustedProxies('10.0.0.1') });
		try {
			const org = await signupOrg(proxied);
			const viaProxy = (forwarded: string, password = WRONG, loginName = `x-${org.login}`) =>
				proxied.call(
					'POST',
					'/api/auth/login',
					{ login: loginName, password },
					// The client wrote the first hop itself; the proxy appended the one it saw.
					{ ip: '10.0.0.1', headers: { 'x-forwarded-for': `192.0.2.1, ${forwarded}` } }
				);
			for (let i = 0; i < 30; i++) {
				expect((await viaProxy('198.51.100.10', WRONG, `g${i}-${org.login}`)).status).toBe(401);
			}
			expect((await viaProxy('198.51.100.10', 'correct horse battery', org.login)).status).toBe(
				429
			);
			// Another client behind the same proxy is not locked out with the first.
			expect((await viaProxy('198.51.100.11', 'correct horse battery', org.login)).status).toBe(
				200
			);
		} finally {
			proxied.close();
		}
	});

	it('checks at most 5 of 30 parallel wrong passwords for one login; the rest wait', async () => {
		const org = await signupOrg(h);
		const answers = await Promise.all(
			Array.from({ length: 30 }, (_, i) => login(org.login, `${WRONG} ${i}`, '198.51.100.120'))
		);
		const statuses = answers.map((r) => r.status).sort();
		expect(statuses).toEqual([...Array(5).fill(401), ...Array(25).fill(429)]);
		// Checked means a password hash was compared: each is audited as a failed sign-in.
		const rs = await h.deps.client.execute({
			sql: "SELECT count(*) AS n FROM audit_events WHERE action = 'auth.signin_failed' AND actor_id = ?",
			args: [org.user.id]
		});
		expect(Number(rs.rows[0]!.n)).toBe(5);
		expectLocked(await login(org.login, 'correct horse battery', '198.51.100.121'));
	});

	it('holds the 5 across two server processes sharing one database file', async () => {
		const org = await signupOrg(h);
		// A second process: its own connection to the same file, its own API instance.
		const other = createApi(createDeps(h.config, bundledMigrations));
		const inOther = async (i: number) =>
			await other.request(
				'http://localhost/api/auth/login',
				{
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ login: org.login, password: `${WRONG} ${i}` })
				},
				{ CLIENT_ADDRESS: '198.51.100.130' }
			);
		const statuses = await Promise.all([
			...Array.from({ length: 15 }, (_, i) =>
				login(org.login, `${WRONG} ${i}`, '198.51.100.131').then((r) => r.status)
			),
			...Array.from({ length: 15 }, (_, i) => inOther(i).then((r) => r.status))
		]);
		expect(statuses.filter((s) => s === 401)).toHaveLength(5);
		expect(statuses.filter((s) => s === 429)).toHaveLength(25);
	});

	it('throttles sign-ups per address: 20 in 15 minutes, then 429 with Retry-After', async () => {
		const signup = (i: number, ip: string) =>
			h.call(
				'POST',
				'/api/auth/signup',
				{
					organizationName: `Spam ${i}`,
					name: 'Spammer',
					login: `spam${i}-${Math.random().toString(36).slice(2, 8)}`,
					password: 'correct horse battery'
				},
				{ ip, headers: { 'x-forwarded-for': `192.0.2.${i}` } }
			);
		const before = await h.deps.client.execute('SELECT count(*) AS n FROM organizations');
		const statuses: number[] = [];
		for (let i = 0; i < 22; i++) statuses.push((await signup(i, '198.51.100.140')).status);
		expect(statuses).toEqual([...Array(20).fill(201), 429, 429]);
		const after = await h.deps.client.execute('SELECT count(*) AS n FROM organizations');
		expect(Number(after.rows[0]!.n) - Number(before.rows[0]!.n)).toBe(20);
		const refused = await signup(99, '198.51.100.140');
		expectLocked(refused);
		// Someone else, somewhere else, still signs up.
		expect((await signup(100, '198.51.100.141')).status).toBe(201);
	});

	it('a success clears the count for the login', async () => {
		const org = await signupOrg(h);
		const ip = '198.51.100.80';
		for (let i = 0; i < 4; i++) expect((await login(org.login, WRONG, ip)).status).toBe(401);
		expect((await login(org.login, 'correct horse battery', ip)).status).toBe(200);
		for (let i = 0; i < 4; i++) expect((await login(org.login, WRONG, ip)).status).toBe(401);
		expect((await login(org.login, 'correct horse battery', ip)).status).toBe(200);
	});
});

describe('the audit log', () => {
	const IP = '192.0.2.44';
	let admin: { token: string; id: string; organizationId: string; login: string };
	/** Each step's response request id, user agent and expected event. */
	const steps: {
		action: string;
		requestId: string;
		userAgent: string;
		actorId: string;
		entityId: string;
	}[] = [];
	let employeeId: string;
	let employeeLogin: string;
	let northId: string;

	async function step(
		action: string,
		method: string,
		path: string,
		body: unknown,
		token: string | undefined,
		expected: (res: Awaited<ReturnType<Harness['call']>>) => { actorId: string; entityId: string }
	) {
		const userAgent = `AuditTest/${steps.length + 1} (${action})`;
		const res = await h.call(method, path, body, {
			token,
			ip: IP,
			headers: { 'user-agent': userAgent }
		});
		expect(res.status, `${action}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
		const requestId = res.headers.get('x-request-id');
		expect(requestId).toBeTruthy();
		steps.push({ action, requestId: requestId!, userAgent, ...expected(res) });
		return res;
	}

	beforeAll(async () => {
		const login = `auditor${++loginSeq}`;
		const signup = await step(
			'auth.signup',
			'POST',
			'/api/auth/signup',
			{ organizationName: 'Audited', name: 'Auditor', login, password: 'correct horse battery' },
			undefined,
			(res) => ({ actorId: res.body.user.id, entityId: res.body.user.organizationId })
		);
		admin = {
			token: signup.body.token,
			id: signup.body.user.id,
			organizationId: signup.body.user.organizationId,
			login
		};
		const second = await step(
			'auth.signin',
			'POST',
			'/api/auth/login',
			{ login, password: 'correct horse battery' },
			undefined,
			() => ({ actorId: admin.id, entityId: admin.id })
		);
		// A failed sign-in answers 401, so it is recorded by hand rather than through step().
		const failUa = 'AuditTest/failed';
		const failed = await h.call(
			'POST',
			'/api/auth/login',
			{ login, password: 'wrong password' },
			{ ip: IP, headers: { 'user-agent': failUa } }
		);
		expect(failed.status).toBe(401);
		steps.push({
			action: 'auth.signin_failed',
			requestId: failed.headers.get('x-request-id')!,
			userAgent: failUa,
			actorId: admin.id,
			entityId: admin.id
		});
		await step('auth.signout', 'POST', '/api/auth/logout', undefined, second.body.token, () => ({
			actorId: admin.id,
			entityId: (second.body.token as string).split('.')[0]!
		}));
		const branches = await h.call('GET', '/api/branches', undefined, { token: admin.token });
		const mainId = branches.body.items[0].id;
		const north = await h.call('POST', '/api/branches', { name: 'North' }, { token: admin.token });
		northId = north.body.branch.id;
		employeeLogin = `audited${++loginSeq}`;
		const created = await step(
			'employee.created',
			'POST',
			'/api/employees',
			{
				name: 'Rep One',
				login: employeeLogin,
				password: 'first password',
				role: 'rep',
				branchId: mainId
			},
			admin.token,
			(res) => ({ actorId: admin.id, entityId: res.body.employee.id })
		);
		employeeId = created.body.employee.id;
		await step(
			'employee.updated',
			'PATCH',
			`/api/employees/${employeeId}`,
			{ role: 'manager', branchId: northId },
			admin.token,
			() => ({ actorId: admin.id, entityId: employeeId })
		);
		await step(
			'organization.updated',
			'PATCH',
			'/api/organization',
			{ currency: 'USD', settings: { defaultLocale: 'ru' } },
			admin.token,
			() => ({ actorId: admin.id, entityId: admin.organizationId })
		);
	});

	async function allEvents() {
		const res = await h.call('GET', '/api/audit?limit=200', undefined, { token: admin.token });
		expect(res.status).toBe(200);
		return res.body.items as Record<string, unknown>[];
	}

	it('records each action with actor, entity, address, user agent and request id', async () => {
		const events = await allEvents();
		for (const s of steps) {
			const event = events.find((e) => e.requestId === s.requestId);
			expect(event, s.action).toMatchObject({
				action: s.action,
				actorId: s.actorId,
				entityId: s.entityId,
				organizationId: admin.organizationId,
				ip: IP,
				userAgent: s.userAgent
			});
			expect(event!.actorName).toBeTruthy();
		}
	});

	it('records what a change changed', async () => {
		const events = await allEvents();
		const updated = events.find((e) => e.action === 'employee.updated')!;
		expect(updated.before).toMatchObject({ role: 'rep' });
		expect(updated.after).toMatchObject({ role: 'manager', branchId: northId });
		const org = events.find((e) => e.action === 'organization.updated')!;
		expect(org.before).toMatchObject({ currency: 'UZS' });
		expect(org.after).toMatchObject({ currency: 'USD', settings: { defaultLocale: 'ru' } });
		// Never the password hash, anywhere in the log.
		expect(JSON.stringify(events)).not.toMatch(/argon2|passwordHash|password_hash/);
	});

	it('records a password reset, which ends all the employee sessions', async () => {
		const signedIn = await h.call('POST', '/api/auth/login', {
			login: employeeLogin,
			password: 'first password'
		});
		expect(signedIn.status).toBe(200);
		const reset = await h.call(
			'POST',
			`/api/employees/${employeeId}/password`,
			{ password: 'second password' },
			{ token: admin.token, ip: IP, headers: { 'user-agent': 'AuditTest/reset' } }
		);
		expect(reset.status).toBe(204);
		expect((await h.call('GET', '/api/me', undefined, { token: signedIn.body.token })).status).toBe(
			401
		);
		const old = await h.call('POST', '/api/auth/login', {
			login: employeeLogin,
			password: 'first password'
		});
		expect(old.status).toBe(401);
		const events = await allEvents();
		expect(events.find((e) => e.requestId === reset.headers.get('x-request-id'))).toMatchObject({
			action: 'employee.password_reset',
			actorId: admin.id,
			entityId: employeeId,
			ip: IP,
			userAgent: 'AuditTest/reset'
		});
	});

	it('records a deactivation', async () => {
		const off = await h.call('POST', `/api/employees/${employeeId}/deactivate`, undefined, {
			token: admin.token,
			ip: IP,
			headers: { 'user-agent': 'AuditTest/off' }
		});
		expect(off.status).toBe(200);
		const events = await allEvents();
		expect(events.find((e) => e.requestId === off.headers.get('x-request-id'))).toMatchObject({
			action: 'employee.deactivated',
			actorId: admin.id,
			entityId: employeeId,
			before: { active: true },
			after: { active: false },
			ip: IP,
			userAgent: 'AuditTest/off'
		});
	});

	it('filters by action and by actor', async () => {
		const byAction = await h.call('GET', '/api/audit?action=employee.updated', undefined, {
			token: admin.token
		});
		expect(byAction.body.items).toHaveLength(1);
		expect(byAction.body.items[0].entityId).toBe(employeeId);

		const signins = await h.call('GET', '/api/audit?action=auth.signin', undefined, {
			token: admin.token
		});
		expect(signins.body.items.length).toBeGreaterThan(0);
		for (const e of signins.body.items) expect(e.action).toBe('auth.signin');

		const all = await allEvents();
		const byAdmin = await h.call('GET', `/api/audit?actorId=${admin.id}&limit=200`, undefined, {
			token: admin.token
		});
		expect(byAdmin.body.items.length).toBe(all.filter((e) => e.actorId === admin.id).length);
		for (const e of byAdmin.body.items) expect(e.actorId).toBe(admin.id);
		const byNobody = await h.call('GET', `/api/audit?actorId=${uuidv7()}`, undefined, {
			token: admin.token
		});
		expect(byNobody.body.items).toEqual([]);
	});

	it('filters by time: epoch milliseconds, ISO dates and whole days', async () => {
		const all = await allEvents();
		const times = all.map((e) => e.at as number).sort((x, y) => x - y);
		const mid = times[Math.floor(times.length / 2)]!;
		const get = async (q: string) =>
			(await h.call('GET', `/api/audit?limit=200&${q}`, undefined, { token: admin.token })).body
				.items as { at: number }[];

		const from = await get(`from=${mid}`);
		expect(from.length).toBe(times.filter((t) => t >= mid).length);
		const to = await get(`to=${mid}`);
		expect(to.length).toBe(times.filter((t) => t <= mid).length);
		expect(from.length + to.length).toBeGreaterThan(all.length - 1);

		const iso = await get(`from=${new Date(mid).toISOString()}`);
		expect(iso.length).toBe(from.length);

		const today = new Date(times[0]!).toISOString().slice(0, 10);
		const lastDay = new Date(times.at(-1)!).toISOString().slice(0, 10);
		expect(await get(`from=${today}&to=${lastDay}`)).toHaveLength(all.length);
		const tomorrow = new Date(Date.parse(lastDay) + 86_400_000).toISOString().slice(0, 10);
		expect(await get(`from=${tomorrow}`)).toEqual([]);
		expect(await get(`to=${new Date(times[0]! - 1).toISOString()}`)).toEqual([]);
	});

	it('pages with a cursor, newest first, without gaps or repeats', async () => {
		const all = await allEvents();
		expect(all.length).toBeGreaterThan(5);
		const seen: string[] = [];
		let cursor: string | null = null;
		let pages = 0;
		do {
			const q: string = `/api/audit?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
			const page = await h.call('GET', q, undefined, { token: admin.token });
			expect(page.status).toBe(200);
			expect(page.body.items.length).toBeLessThanOrEqual(2);
			seen.push(...page.body.items.map((e: { id: string }) => e.id));
			cursor = page.body.nextCursor;
			pages++;
		} while (cursor && pages < 100);
		expect(seen).toEqual(all.map((e) => e.id));
		expect(pages).toBe(Math.ceil(all.length / 2));
	});

	it('is append-only: the database refuses UPDATE and DELETE', async () => {
		const before = await dump();
		await expect(
			h.deps.client.execute("UPDATE audit_events SET action = 'auth.signin' WHERE 1 = 1")
		).rejects.toThrow(/append-only/);
		await expect(h.deps.client.execute('DELETE FROM audit_events')).rejects.toThrow(/append-only/);
		const [first] = await allEvents();
		await expect(
			h.deps.client.execute({
				sql: 'UPDATE audit_events SET actor_name = ? WHERE id = ?',
				args: ['someone else', first!.id as string]
			})
		).rejects.toThrow(/append-only/);
		expect(await dump()).toBe(before);
	});

	it('has no API route that changes or deletes an event', async () => {
		const [first] = await allEvents();
		const before = await dump();
		for (const [method, path] of [
			['DELETE', `/api/audit/${first!.id}`],
			['PATCH', `/api/audit/${first!.id}`],
			['PUT', `/api/audit/${first!.id}`],
			['DELETE', '/api/audit'],
			['POST', '/api/audit']
		] as const) {
			const res = await h.call(method, path, method === 'DELETE' ? undefined : { action: 'x' }, {
				token: admin.token
			});
			expect(res.status, `${method} ${path}`).toBe(404);
			expect(res.body.error.code).toBe('not_found');
		}
		expect(await dump()).toBe(before);
	});
});
