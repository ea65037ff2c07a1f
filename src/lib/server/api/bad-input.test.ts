/**
 * Bad input on every endpoint that reads a body or a query: each answer is a 4xx JSON error
 * naming the bad field, never a 500, and nothing is written.
 */
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIELD_ERROR_CODES } from '../../domain/errors';
import { MAX_JSON_DEPTH } from '../../domain/validation';
import { createApi, LARGER_BODIES, MAX_BODY_BYTES } from './app';
import type { Deps } from './types';
import { createHarness, employee, signupOrg, type Harness } from '../testing/harness';

let h: Harness;
let admin: Awaited<ReturnType<typeof signupOrg>>;
let rep: Awaited<ReturnType<typeof employee>>;
let countsAtStart: Record<string, number>;

async function auditCount() {
	const rs = await h.deps.client.execute('SELECT count(*) AS n FROM audit_events');
	return Number(rs.rows[0]!.n);
}

beforeAll(async () => {
	h = await createHarness();
	admin = await signupOrg(h);
	rep = await employee(h, admin.token, 'rep', admin.branchId);
	countsAtStart = await h.tableCounts();
});
afterAll(async () => {
	// The sum of it all: not one row more or less than before the first bad request.
	expect(await h.tableCounts()).toEqual(countsAtStart);
	h.close();
});

const HUGE = 'x'.repeat(10_000);
/** Stands for the admin's branch id in a listed case. */
const BRANCH = '<<branch>>';
const STRING_WRONG_TYPES = [123, true, null, {}, ['a'], { $ne: '' }];

interface Field {
	valid: unknown;
	required?: boolean;
	kind: 'text' | 'string' | 'enum' | 'boolean' | 'object';
	/** An empty string is a legitimate value here (an optional text cleared). */
	emptyOk?: boolean;
	/** Further values of the right type that must still be refused. */
	bad?: { value: unknown; field?: string }[];
}

interface Endpoint {
	name: string;
	method: string;
	path: () => string;
	token?: () => string;
	fields: Record<string, Field>;
}

const ENDPOINTS: Endpoint[] = [
	{
		name: 'sign-up',
		method: 'POST',
		path: () => '/api/auth/signup',
		fields: {
			organizationName: { valid: 'New Org', required: true, kind: 'text' },
			name: { valid: 'New Admin', required: true, kind: 'text' },
			login: {
				valid: 'fresh.login',
				required: true,
				kind: 'string',
				bad: [{ value: 'ab' }, { value: 'has space' }, { value: 'semi;colon' }, { value: '   ' }]
			},
			password: {
				valid: 'long enough pass',
				required: true,
				kind: 'string',
				bad: [{ value: 'short' }]
			}
		}
	},
	{
		name: 'sign-in',
		method: 'POST',
		path: () => '/api/auth/login',
		fields: {
			login: { valid: 'somebody', required: true, kind: 'string', bad: [{ value: '   ' }] },
			password: { valid: 'some password', required: true, kind: 'string' }
		}
	},
	{
		name: 'organization settings',
		method: 'PATCH',
		path: () => '/api/organization',
		token: () => admin.token,
		fields: {
			name: { valid: 'Renamed', kind: 'text' },
			currency: { valid: 'USD', kind: 'enum', bad: [{ value: 'XYZ' }, { value: 'usd' }] },
			timezone: { valid: 'UTC', kind: 'enum', bad: [{ value: 'Mars/Olympus_Mons' }] },
			settings: {
				valid: { defaultLocale: 'ru' },
				kind: 'object',
				bad: [
					{ value: { defaultLocale: 'fr' }, field: 'settings.defaultLocale' },
					{ value: { defaultLocale: 1 }, field: 'settings.defaultLocale' },
					{ value: { theme: 'dark' }, field: 'settings' }
				]
			}
		}
	},
	{
		name: 'organization policy settings',
		method: 'PATCH',
		path: () => '/api/organization/settings',
		token: () => admin.token,
		fields: {
			negativeStockPolicy: {
				valid: 'forbid',
				kind: 'enum',
				bad: [{ value: 'sometimes' }, { value: 'FORBID' }]
			}
		}
	},
	{
		name: 'branch create',
		method: 'POST',
		path: () => '/api/branches',
		token: () => admin.token,
		fields: {
			name: { valid: 'East', required: true, kind: 'text' },
			address: { valid: '1 Main St', kind: 'text', emptyOk: true }
		}
	},
	{
		name: 'branch change',
		method: 'PATCH',
		path: () => `/api/branches/${admin.branchId}`,
		token: () => admin.token,
		fields: {
			name: { valid: 'Renamed', kind: 'text' },
			address: { valid: '2 Main St', kind: 'text', emptyOk: true },
			active: { valid: false, kind: 'boolean' }
		}
	},
	{
		name: 'employee create',
		method: 'POST',
		path: () => '/api/employees',
		token: () => admin.token,
		fields: {
			name: { valid: 'New Rep', required: true, kind: 'text' },
			login: {
				valid: 'new.rep',
				required: true,
				kind: 'string',
				bad: [{ value: 'ab' }, { value: 'Имя' }]
			},
			password: {
				valid: 'a good password',
				required: true,
				kind: 'string',
				bad: [{ value: '1234567' }]
			},
			role: {
				valid: 'rep',
				required: true,
				kind: 'enum',
				// Support staff work for the vendor: no organization may make one.
				bad: [{ value: 'support' }, { value: 'owner' }, { value: 'ADMIN' }]
			},
			branchId: {
				valid: '',
				required: true,
				kind: 'string',
				bad: [{ value: 'no-such-branch' }, { value: '01900000-0000-7000-8000-000000000000' }]
			}
		}
	},
	{
		name: 'employee change',
		method: 'PATCH',
		path: () => `/api/employees/${rep.id}`,
		token: () => admin.token,
		fields: {
			name: { valid: 'Renamed Rep', kind: 'text' },
			role: { valid: 'cashier', kind: 'enum', bad: [{ value: 'support' }] },
			branchId: { valid: '', kind: 'string', bad: [{ value: 'no-such-branch' }] }
		}
	},
	{
		name: 'password reset',
		method: 'POST',
		path: () => `/api/employees/${rep.id}/password`,
		token: () => admin.token,
		fields: {
			password: {
				valid: 'a new password',
				required: true,
				kind: 'string',
				bad: [{ value: 'short' }]
			}
		}
	}
];

function wrongTypes(kind: Field['kind']): unknown[] {
	switch (kind) {
		case 'boolean':
			return ['true', 1, 0, null, {}, []];
		case 'object':
			return ['ru', 1, true, null, ['ru']];
		case 'enum':
			return [1, true, null, {}, ['rep']];
		default:
			return STRING_WRONG_TYPES;
	}
}

function validBody(e: Endpoint): Record<string, unknown> {
	const body = Object.fromEntries(Object.entries(e.fields).map(([k, f]) => [k, f.valid]));
	// The fixture does not exist yet when the cases are listed; send() fills it in.
	if ('branchId' in body) body.branchId = BRANCH;
	if (e.method === 'PATCH') {
		const [first] = Object.keys(body);
		return { [first!]: body[first!] };
	}
	return body;
}

interface Case {
	label: string;
	/** A JSON value, sent as JSON; or `raw` sent as is. */
	body?: unknown;
	raw?: string;
	contentType?: string;
	status: number;
	code: string;
	/** The field the answer must name (`_` for the body as a whole). */
	field?: string;
	/** Text the field's message must contain. */
	mentions?: string;
}

function casesFor(e: Endpoint): Case[] {
	const cases: Case[] = [
		{ label: 'malformed JSON', raw: '{"name": ', status: 400, code: 'bad_json' },
		{ label: 'not JSON at all', raw: 'name=x&login=y', status: 400, code: 'bad_json' },
		{ label: 'no body', raw: undefined, status: 400, code: 'bad_json' },
		{
			label: 'a form body',
			raw: 'a=1',
			contentType: 'application/x-www-form-urlencoded',
			status: 400,
			code: 'bad_json'
		},
		{ label: 'a JSON array', body: [], status: 400, code: 'validation', field: '_' },
		{
			label: 'an array of a valid body',
			body: 'ARRAY',
			status: 400,
			code: 'validation',
			field: '_'
		},
		{ label: 'JSON null', raw: 'null', status: 400, code: 'validation', field: '_' },
		{ label: 'a JSON number', raw: '42', status: 400, code: 'validation', field: '_' },
		{ label: 'a JSON string', raw: '"hello"', status: 400, code: 'validation', field: '_' },
		{
			label: 'an unknown field',
			body: { ...validBody(e), isAdmin: true },
			status: 400,
			code: 'validation',
			field: '_',
			mentions: 'isAdmin'
		},
		{
			label: 'a __proto__ field',
			raw: JSON.stringify(validBody(e)).replace(/^\{/, '{"__proto__":{"role":"admin"},'),
			status: 400,
			code: 'validation',
			field: '_'
		},
		{
			label: `a body over ${MAX_BODY_BYTES} bytes`,
			body: { ...validBody(e), padding: 'x'.repeat(MAX_BODY_BYTES + 1) },
			status: 413,
			code: 'payload_too_large'
		}
	];
	if (e.method === 'PATCH') {
		cases.push({ label: 'an empty patch', body: {}, status: 400, code: 'validation', field: '_' });
	}
	for (const [name, f] of Object.entries(e.fields)) {
		const base = e.method === 'PATCH' ? {} : validBody(e);
		const bad = (label: string, value: unknown, field = name): Case => ({
			label: `${name}: ${label}`,
			body: { ...base, [name]: value },
			status: 400,
			code: 'validation',
			field
		});
		cases.push(...wrongTypes(f.kind).map((v) => bad(`wrong type ${JSON.stringify(v)}`, v)));
		if (f.required) {
			const missing = { ...validBody(e) };
			delete missing[name];
			cases.push({
				label: `${name}: missing`,
				body: missing,
				status: 400,
				code: 'validation',
				field: name
			});
		}
		if (f.kind === 'text' || f.kind === 'string' || f.kind === 'enum') {
			if (!f.emptyOk) cases.push(bad('empty string', ''));
			if (f.kind === 'text' && !f.emptyOk) cases.push(bad('only spaces', '   \t  '));
			cases.push(bad('10,000 characters', HUGE));
		}
		for (const b of f.bad ?? []) cases.push(bad(JSON.stringify(b.value), b.value, b.field));
	}
	return cases;
}

async function send(e: Endpoint, c: Case) {
	const headers: Record<string, string> = {};
	let raw = c.raw;
	if (c.body !== undefined) {
		raw = JSON.stringify(c.body === 'ARRAY' ? [validBody(e)] : c.body);
		headers['content-type'] = 'application/json';
	}
	if (c.contentType) headers['content-type'] = c.contentType;
	else if (raw !== undefined) headers['content-type'] = 'application/json';
	raw = raw?.replaceAll(BRANCH, admin.branchId);
	return h.call(e.method, e.path(), undefined, { token: e.token?.(), raw, headers });
}

function expectError(
	res: Awaited<ReturnType<Harness['call']>>,
	c: Pick<Case, 'status' | 'code' | 'field' | 'mentions'>
) {
	expect(res.status).toBe(c.status);
	expect(res.headers.get('content-type')).toMatch(/^application\/json/);
	expect(res.body.error).toMatchObject({ code: c.code, message: expect.any(String) });
	expect(res.body.error.message.length).toBeGreaterThan(0);
	if (c.field) {
		expect(res.body.error.fields, JSON.stringify(res.body)).toHaveProperty([c.field]);
		// A field error is a code a device translates, its params, and English for people.
		expect(FIELD_ERROR_CODES).toContain(res.body.error.fields[c.field].code);
		expect(typeof res.body.error.fields[c.field].message).toBe('string');
	}
	if (c.mentions) expect(res.body.error.fields[c.field!].message).toContain(c.mentions);
}

describe.each(ENDPOINTS)('$method $name', (e) => {
	it.each(casesFor(e))('refuses $label', async (c) => {
		const before = await h.tableCounts();
		const events = await auditCount();
		const res = await send(e, c);
		expectError(res, c);
		expect(await h.tableCounts()).toEqual(before);
		expect(await auditCount()).toBe(events);
	});

	if (e.method !== 'PATCH') return;
	it('still accepts a valid one-field patch (so the refusals above were about the bad part)', async () => {
		const body = validBody(e);
		const res = await send(e, { label: 'valid', body, status: 200, code: '' });
		expect(res.status, JSON.stringify(res.body)).toBe(200);
		const [field, value] = Object.entries(body)[0]!;
		expect(Object.values(res.body)[0]).toMatchObject({ [field]: value });
	});
});

describe('GET /api/audit with bad query values', () => {
	it.each([
		['limit=0', 'limit'],
		['limit=201', 'limit'],
		['limit=-1', 'limit'],
		['limit=abc', 'limit'],
		['limit=1.5', 'limit'],
		['limit=', 'limit'],
		['from=yesterday', 'from'],
		['from=-5', 'from'],
		['from=2026-13-45', 'from'],
		['to=not-a-date', 'to'],
		['to=2026-02-30T25:00:00Z', 'to'],
		[`cursor=${HUGE}`, 'cursor'],
		[`action=${HUGE}`, 'action'],
		[`actorId=${HUGE}`, 'actorId'],
		[`entityId=${HUGE}`, 'entityId'],
		['sort=id', '_']
	])('refuses ?%s naming %s', async (query, field) => {
		const before = await h.tableCounts();
		const res = await h.call('GET', `/api/audit?${query}`, undefined, { token: admin.token });
		expectError(res, { status: 400, code: 'validation', field });
		expect(await h.tableCounts()).toEqual(before);
	});

	it('answers a sane query', async () => {
		const res = await h.call('GET', '/api/audit?limit=5&from=2020-01-01', undefined, {
			token: admin.token
		});
		expect(res.status).toBe(200);
		expect(res.body.items.length).toBeGreaterThan(0);
	});
});

describe('GET /api/employees with an odd search', () => {
	it.each([HUGE, '%', "' OR 1=1 --", '\u0000'])('answers 200, not 500, for q=%#', async (q) => {
		const res = await h.call('GET', `/api/employees?q=${encodeURIComponent(q)}`, undefined, {
			token: admin.token
		});
		expect(res.status).toBe(200);
		expect(Array.isArray(res.body.items)).toBe(true);
	});
});

describe('ids in the path', () => {
	it.each([
		['GET', `/api/branches/${HUGE}`],
		['PATCH', `/api/branches/${HUGE}`],
		['GET', `/api/employees/${HUGE}`],
		['POST', `/api/employees/${HUGE}/deactivate`],
		['GET', "/api/employees/'%20OR%20'1'='1"]
	])('%s of a garbage id answers 404', async (method, path) => {
		const before = await h.tableCounts();
		const body = method === 'PATCH' ? { name: 'x' } : undefined;
		const res = await h.call(method, path, body, { token: admin.token });
		expectError(res, { status: 404, code: 'not_found' });
		expect(await h.tableCounts()).toEqual(before);
	});
});

describe('bodies nested too deep', () => {
	/** `[[[…]]]`, `n` arrays deep, as raw JSON: JSON.stringify itself runs out of stack on these. */
	const nested = (n: number) => '['.repeat(n) + ']'.repeat(n);
	/** A push whose one mutation's args are `args` (raw JSON): the args sit at level 4. */
	const pushBody = (args: string) =>
		JSON.stringify({
			clientId: 'deep-device',
			mutations: [{ id: uuidv7(), name: 'category.upsert', args: '@ARGS@', createdAt: Date.now() }]
		}).replace('"@ARGS@"', args);
	const send = (path: string, raw: string) =>
		h.call('POST', path, undefined, {
			token: admin.token,
			raw,
			headers: { 'content-type': 'application/json' }
		});

	it.each([
		['a push with args 100,000 levels deep', '/api/sync/push', () => pushBody(nested(100_000))],
		['a push one level over the limit', '/api/sync/push', () => pushBody(nested(61 + 1))],
		[
			'a discard with args 20,000 levels deep',
			'/api/sync/discard',
			() =>
				JSON.stringify({ mutationId: uuidv7(), name: 'x.y', args: '@' }).replace(
					'"@"',
					nested(20_000)
				)
		]
	])('refuses %s with 400 validation, writing nothing', async (_label, path, body) => {
		const before = await h.tableCounts();
		const events = await auditCount();
		const res = await send(path, body());
		expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(400);
		expect(res.body.error.code).toBe('validation');
		expect(res.body.error.message).toContain(String(MAX_JSON_DEPTH));
		expect(Object.keys(res.body.error.fields)).toEqual(['_']);
		expect(await h.tableCounts()).toEqual(before);
		expect(await auditCount()).toBe(events);
	});

	it('reads a body exactly at the limit as usual', async () => {
		// Level 64 in all: the mutation is judged on its own (its args are not a category).
		const res = await send('/api/sync/push', pushBody(nested(61)));
		expect(res.status).toBe(200);
		expect(res.body.results[0]).toMatchObject({
			status: 'rejected',
			error: { code: 'validation' }
		});
	});
});

describe('body limits', () => {
	const over = (bytes: number) => JSON.stringify({ padding: 'x'.repeat(bytes) });

	it('refuses a 5 MiB discard with 413, recording nothing in the audit log', async () => {
		const events = await auditCount();
		const raw = JSON.stringify({
			mutationId: uuidv7(),
			name: 'tradePoint.upsert',
			args: { padding: 'x'.repeat(5 * 1024 * 1024) }
		});
		const res = await h.call('POST', '/api/sync/discard', undefined, {
			token: admin.token,
			raw,
			headers: { 'content-type': 'application/json' }
		});
		expect(res.status).toBe(413);
		expect(res.body.error.code).toBe('payload_too_large');
		expect(await auditCount()).toBe(events);
	});

	// Every route that takes a body, found in the app itself, so a route added later is walked too.
	const writes = [
		...new Set(
			// The routes are known before any request: no database is needed to list them.
			createApi({} as Deps)
				.routes.filter((r) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method))
				.map((r) => `${r.method} ${r.path}`)
		)
	];

	it('walks every write route', () => {
		expect(writes.length).toBeGreaterThan(30);
		for (const named of Object.keys(LARGER_BODIES)) expect(writes).toContain(named);
	});

	it.each(writes)('%s refuses a body over its limit with 413, never 500', async (route) => {
		const [method, pattern] = route.split(' ') as [string, string];
		const path = pattern.replace(/:[A-Za-z]+/g, () => uuidv7());
		const limit = LARGER_BODIES[route] ?? MAX_BODY_BYTES;
		const events = await auditCount();
		const res = await h.call(method, path, undefined, {
			token: admin.token,
			raw: over(limit),
			headers: { 'content-type': 'application/json' }
		});
		expect({ status: res.status, code: res.body?.error?.code }).toEqual({
			status: 413,
			code: 'payload_too_large'
		});
		expect(await auditCount()).toBe(events);
	});

	it.each(Object.keys(LARGER_BODIES))('%s takes more than the default', async (route) => {
		const [method, path] = route.split(' ') as [string, string];
		const res = await h.call(method, path, undefined, {
			token: admin.token,
			raw: over(MAX_BODY_BYTES * 2),
			headers: { 'content-type': 'application/json' }
		});
		expect(res.status).toBe(400);
	});
});
