import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PUSH_BATCH } from '../../domain/sync/protocol';
import { createHarness, employee, signupOrg, type Harness } from '../testing/harness';
import { mutation, pullAll, push } from './testing';

let h: Harness;
let org: Awaited<ReturnType<typeof signupOrg>>;
let secondBranch: string;

beforeAll(async () => {
	h = await createHarness();
	org = await signupOrg(h);
	secondBranch = (
		await h.call('POST', '/api/branches', { name: 'Samarkand' }, { token: org.token })
	).body.branch.id;
});
afterAll(() => h.close());

describe('pull', () => {
	it('loses no change when writes land while a device pages through', async () => {
		const ids = Array.from({ length: 12 }, () => uuidv7());
		await push(
			h,
			org.token,
			ids.map((id, i) => mutation('category.upsert', { id, name: `C${i}` }))
		);
		// A device starts paging three at a time…
		let res = await h.call('GET', '/api/sync/pull?limit=3', undefined, { token: org.token });
		const device = new Map<string, unknown>();
		for (let round = 0; ; round++) {
			for (const c of res.body.changes)
				if (c.op === 'put') device.set(`${c.table}:${c.row.id}`, c.row);
			if (round === 1) {
				// …and meanwhile others rename old rows and add new ones.
				await push(h, org.token, [
					mutation('category.upsert', { id: ids[0], name: 'Renamed first' }),
					mutation('category.upsert', { id: ids[11], name: 'Renamed last' }),
					mutation('category.upsert', { id: uuidv7(), name: 'Brand new' })
				]);
			}
			if (!res.body.hasMore) break;
			res = await h.call('GET', `/api/sync/pull?limit=3&cursor=${res.body.cursor}`, undefined, {
				token: org.token
			});
		}
		const fresh = await pullAll(h, org.token);
		for (const [table, rows] of fresh.state) {
			for (const [id, row] of rows)
				expect(device.get(`${table}:${id}`), `${table} ${id}`).toEqual(row);
		}
	});

	it('never splits one version across pages', async () => {
		// One price.set on a fresh organization creates the list and the price at one version.
		const fresh = await signupOrg(h);
		const product = uuidv7();
		await push(h, fresh.token, [
			mutation('product.upsert', { id: product, sku: 'X', name: 'X', unit: 'pcs' })
		]);
		await push(h, fresh.token, [mutation('price.set', { productId: product, price: 5 })]);
		const { state, pages } = await pullAll(h, fresh.token, 1);
		expect(pages).toBeGreaterThan(1);
		expect(state.get('prices')!.size).toBe(1);
		expect(state.get('products')!.size).toBe(1);
	});

	it('sends tombstones for removed prices and for trade points that left a branch', async () => {
		const rep = await employee(h, org.token, 'rep', org.branchId);
		const otherRep = await employee(h, org.token, 'rep', secondBranch);
		const product = uuidv7();
		const point = uuidv7();
		await push(h, org.token, [
			mutation('product.upsert', { id: product, sku: 'TOMB-1', name: 'P', unit: 'pcs' }),
			mutation('price.set', { productId: product, price: 700 }),
			mutation('tradePoint.upsert', { id: point, name: 'Moving shop', branchId: org.branchId })
		]);
		const before = await pullAll(h, rep.token);
		expect(before.state.get('tradePoints')!.has(point)).toBe(true);
		expect(
			[...before.state.get('prices')!.values()].some(
				(p) => (p as { productId: string }).productId === product
			)
		).toBe(true);

		await push(h, org.token, [
			mutation('price.set', { productId: product, price: null }),
			mutation('tradePoint.upsert', { id: point, name: 'Moving shop', branchId: secondBranch })
		]);
		const after = await pullAll(h, rep.token, 1000, before.cursor);
		const deletes = after.changes.filter((c) => c.op === 'delete').map((c) => c.table);
		expect(deletes.sort()).toEqual(['prices', 'tradePoints']);
		expect((await pullAll(h, otherRep.token)).state.get('tradePoints')!.get(point)).toMatchObject({
			branchId: secondBranch
		});
	});

	it("gives a rep only their branch's trade points and no other organization's rows", async () => {
		const rival = await signupOrg(h);
		await push(h, rival.token, [
			mutation('tradePoint.upsert', { id: uuidv7(), name: 'Rival shop' })
		]);
		await push(h, org.token, [
			mutation('tradePoint.upsert', { id: uuidv7(), name: 'Here', branchId: org.branchId }),
			mutation('tradePoint.upsert', { id: uuidv7(), name: 'There', branchId: secondBranch })
		]);
		const rep = await employee(h, org.token, 'rep', org.branchId);
		const { changes } = await pullAll(h, rep.token);
		const points = changes.flatMap((c) =>
			c.op === 'put' && c.table === 'tradePoints' ? [c.row] : []
		);
		expect(points.length).toBeGreaterThan(0);
		expect(points.every((p) => p.branchId === org.branchId)).toBe(true);
		expect(points.some((p) => p.name === 'Rival shop')).toBe(false);
		const cashier = await employee(h, org.token, 'cashier', org.branchId);
		const tables = new Set((await pullAll(h, cashier.token)).changes.map((c) => c.table));
		expect(tables.has('tradePoints') || tables.has('counterparties')).toBe(false);
	});

	it('starts over when the caller’s scope changed since the cursor was made', async () => {
		const rep = await employee(h, org.token, 'rep', org.branchId);
		const { cursor } = await pullAll(h, rep.token);
		await h.call(
			'PATCH',
			`/api/employees/${rep.id}`,
			{ branchId: secondBranch },
			{ token: org.token }
		);
		const res = await h.call('GET', `/api/sync/pull?cursor=${cursor}`, undefined, {
			token: rep.token
		});
		expect(res.body.reset).toBe(true);
		expect(
			res.body.changes.every(
				(c: { table: string; row?: { branchId?: string } }) =>
					c.table !== 'tradePoints' || c.row?.branchId === secondBranch
			)
		).toBe(true);
	});
});

describe('bad input to push and pull', () => {
	it.each([
		['a forged cursor', '/api/sync/pull?cursor=eyJ2IjoiYSJ9', 'cursor'],
		['garbage cursor', '/api/sync/pull?cursor=%%%not-base64', 'cursor'],
		['a limit too large', '/api/sync/pull?limit=999999', 'limit'],
		['a negative limit', '/api/sync/pull?limit=-1', 'limit']
	])('refuses %s with 400 naming the field', async (_, path, field) => {
		const res = await h.call('GET', path, undefined, { token: org.token });
		expect(res.status).toBe(400);
		expect(res.body.error.fields).toHaveProperty(field);
	});

	it.each([
		[
			'malformed JSON',
			{ raw: '{"clientId":', headers: { 'content-type': 'application/json' } },
			400
		],
		['no mutations', { body: { clientId: 'x', mutations: [] } }, 400],
		['wrong types', { body: { clientId: 5, mutations: 'all' } }, 400],
		[
			'a mutation without an id',
			{ body: { clientId: 'x', mutations: [{ name: 'category.upsert', args: {}, createdAt: 1 }] } },
			400
		],
		[
			'an oversize batch',
			{
				body: {
					clientId: 'x',
					mutations: Array.from({ length: MAX_PUSH_BATCH + 1 }, () =>
						mutation('category.upsert', { id: uuidv7(), name: 'n' })
					)
				}
			},
			413
		]
	])('refuses %s and writes nothing', async (_, req, status) => {
		const before = await h.tableCounts();
		const res = await h.call('POST', '/api/sync/push', (req as { body?: unknown }).body, {
			token: org.token,
			...(req as { raw?: string; headers?: Record<string, string> })
		});
		expect(res.status).toBe(status);
		expect(res.body.error.code).toEqual(expect.any(String));
		expect(await h.tableCounts()).toEqual(before);
	});

	it('refuses a body over the push size limit with 413', async () => {
		const big = 'x'.repeat(2 * 1024 * 1024 + 10);
		const res = await h.call('POST', '/api/sync/push', undefined, {
			token: org.token,
			raw: JSON.stringify({
				clientId: 'x',
				mutations: [mutation('category.upsert', { id: uuidv7(), name: big })]
			}),
			headers: { 'content-type': 'application/json' }
		});
		expect(res.status).toBe(413);
	});

	it('refuses support staff, who have no organization data', async () => {
		const { users, roleAssignments } = await import('../db/schema');
		const { hashPassword } = await import('../auth/password');
		const id = uuidv7();
		await h.deps.db.insert(users).values({
			id,
			organizationId: null,
			name: 'S',
			login: `sup-${id.slice(-6)}`,
			passwordHash: await hashPassword('support pass 1', h.config.passwordParams)
		});
		await h.deps.db.insert(roleAssignments).values({ id: uuidv7(), userId: id, role: 'support' });
		const login = await h.call('POST', '/api/auth/login', {
			login: `sup-${id.slice(-6)}`,
			password: 'support pass 1'
		});
		const res = await h.call('GET', '/api/sync/pull', undefined, { token: login.body.token });
		expect(res.status).toBe(403);
	});
});
