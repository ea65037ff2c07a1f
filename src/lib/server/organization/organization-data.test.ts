import { gunzipSync } from 'node:zlib';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutation, push } from '../sync/testing';
import { createHarness, employee, signupOrg, type Harness } from '../testing/harness';
import { runScheduled } from '../scheduled';
import { organizationTables } from './tables';

let h: Harness;

beforeAll(async () => {
	h = await createHarness();
});
afterAll(() => h.close());

async function orgIdOf(token: string): Promise<string> {
	return (await h.call('GET', '/api/me', undefined, { token })).body.organization.id;
}

/** A small organization with a bit of everything: catalog, stock, a sale, a visit. */
async function busyOrganization(name: string) {
	const org = await signupOrg(h, name);
	const cashier = await employee(h, org.token, 'cashier', org.branchId);
	const product = uuidv7();
	const store = uuidv7();
	const receipt = uuidv7();
	const point = uuidv7();
	const setup = [
		mutation('product.upsert', { id: product, sku: `${name}-1`, name: `${name} tea`, unit: 'pcs' }),
		mutation('price.set', { productId: product, price: 10_000 }),
		mutation('tradePoint.upsert', { id: point, name: `${name} kiosk` }),
		mutation('warehouse.upsert', { id: store, name: 'Store', kind: 'store', ownerId: cashier.id }),
		mutation('document.save', {
			id: receipt,
			type: 'receipt',
			warehouseId: store,
			lines: [{ productId: product, qty: 5 }]
		}),
		mutation('document.post', { id: receipt })
	];
	await push(h, org.token, setup);
	await push(h, cashier.token, [
		mutation('sale.create', {
			id: uuidv7(),
			warehouseId: store,
			lines: [{ productId: product, qty: 1 }],
			payments: [{ method: 'cash', amount: 10_000 }]
		})
	]);
	return { org, cashier, id: await orgIdOf(org.token) };
}

async function exported(token: string) {
	const res = await h.api.request('http://localhost/api/organization/export', {
		headers: { authorization: `Bearer ${token}` }
	});
	expect(res.status).toBe(200);
	expect(res.headers.get('content-type')).toBe('application/gzip');
	const text = gunzipSync(Buffer.from(await res.arrayBuffer())).toString('utf8');
	return text
		.trim()
		.split('\n')
		.map(
			(l) => JSON.parse(l) as { table?: string; row?: Record<string, unknown>; export?: unknown }
		);
}

describe('organization export', () => {
	it('holds every row of the organization, table by table, and none of another’s', async () => {
		const a = await busyOrganization('Alpha Foods');
		const b = await busyOrganization('Beta Drinks');
		const lines = await exported(a.org.token);
		expect(lines[0]!.export).toMatchObject({ organizationId: a.id });
		const rows = lines.slice(1);

		for (const t of await organizationTables(h.deps.client)) {
			const direct = await h.deps.client.execute({
				sql: `SELECT count(*) AS n FROM "${t.name}" WHERE ${t.where}`,
				args: [a.id]
			});
			expect(rows.filter((r) => r.table === t.name).length, t.name).toBe(Number(direct.rows[0]!.n));
		}
		expect(rows.some((r) => r.table === 'sales_receipts')).toBe(true);
		expect(rows.some((r) => r.table === 'stock_movements')).toBe(true);
		const text = JSON.stringify(rows);
		expect(text).not.toContain(b.id);
		expect(text).not.toContain('Beta Drinks');
		// Credentials never leave.
		expect(text).not.toContain('password_hash');
		expect(text).not.toContain('$argon2');
	});

	it('is for an admin only', async () => {
		const a = await signupOrg(h);
		const rep = await employee(h, a.token, 'rep', a.branchId);
		const res = await h.call('GET', '/api/organization/export', undefined, { token: rep.token });
		expect(res.status).toBe(403);
	});
});

describe('erasing an employee', () => {
	it('leaves no trace of their name or login anywhere while their receipts remain', async () => {
		const a = await signupOrg(h);
		const name = `Zilola Qodirova ${uuidv7().slice(-6)}`;
		const login = `zilola-${uuidv7().slice(-6)}`;
		const created = await h.call(
			'POST',
			'/api/employees',
			{ name, login, password: 'a good password', role: 'cashier', branchId: a.branchId },
			{ token: a.token }
		);
		const id = created.body.employee.id as string;
		// A wrong password first (a throttle row and an audit event keyed by the login).
		await h.call('POST', '/api/auth/login', { login, password: 'wrong password!' });
		const signin = await h.call('POST', '/api/auth/login', { login, password: 'a good password' });
		const token = signin.body.token as string;
		const product = uuidv7();
		const store = uuidv7();
		const doc = uuidv7();
		await push(h, a.token, [
			mutation('product.upsert', { id: product, sku: 'E-1', name: 'Bread', unit: 'pcs' }),
			mutation('price.set', { productId: product, price: 4_000 }),
			mutation('warehouse.upsert', { id: store, name: 'Kiosk', kind: 'store', ownerId: id }),
			mutation('document.save', {
				id: doc,
				type: 'receipt',
				warehouseId: store,
				lines: [{ productId: product, qty: 3 }]
			}),
			mutation('document.post', { id: doc })
		]);
		const sale = uuidv7();
		await push(h, token, [
			mutation('sale.create', {
				id: sale,
				warehouseId: store,
				lines: [{ productId: product, qty: 1 }],
				payments: [{ method: 'cash', amount: 4_000 }]
			})
		]);

		const erased = await h.call('POST', `/api/employees/${id}/erase`, undefined, {
			token: a.token
		});
		expect(erased.status).toBe(200);
		expect(erased.body.employee).toMatchObject({ active: false });
		expect(erased.body.employee.name).toMatch(/^Former employee /);

		// Search every column of every table of the whole database.
		const tables = await h.deps.client.execute(
			"SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
		);
		for (const { name: table } of tables.rows) {
			const all = await h.deps.client.execute(`SELECT * FROM "${String(table)}"`);
			const text = JSON.stringify(all.rows);
			expect(text.includes(name), `${String(table)} still has the name`).toBe(false);
			expect(text.includes(login), `${String(table)} still has the login`).toBe(false);
		}
		// The sale stays, attributed to the pseudonym.
		const receipt = await h.deps.client.execute({
			sql: 'SELECT author_id FROM sales_receipts WHERE id = ?',
			args: [sale]
		});
		expect(receipt.rows[0]!.author_id).toBe(id);
		expect((await h.call('GET', '/api/me', undefined, { token })).status).toBe(401);
		expect(
			(await h.call('POST', '/api/auth/login', { login, password: 'a good password' })).status
		).toBe(401);
		// Erasing yourself, or someone of another organization, is refused.
		const adminId = (await h.call('GET', '/api/me', undefined, { token: a.token })).body.user.id;
		expect(
			(await h.call('POST', `/api/employees/${adminId}/erase`, undefined, { token: a.token }))
				.status
		).toBe(400);
		const b = await signupOrg(h);
		expect(
			(await h.call('POST', `/api/employees/${id}/erase`, undefined, { token: b.token })).status
		).toBe(404);
	});
});

describe('deleting an organization', () => {
	it('can be undone in its grace period, then purges every row of it and nothing else', async () => {
		const a = await busyOrganization('Gamma Goods');
		const b = await busyOrganization('Delta Dairy');
		const wrong = await h.call(
			'POST',
			'/api/organization/deletion',
			{ confirmName: 'gamma' },
			{ token: a.org.token }
		);
		expect(wrong.body.error.fields).toEqual({
			confirmName: { code: 'mismatch', message: 'Does not match' }
		});
		const asked = await h.call(
			'POST',
			'/api/organization/deletion',
			{ confirmName: 'Gamma Goods' },
			{ token: a.org.token }
		);
		expect(asked.status).toBe(201);
		const undo = await h.call('DELETE', '/api/organization/deletion', undefined, {
			token: a.org.token
		});
		expect(undo.status).toBe(204);
		const exists = async () =>
			(
				await h.deps.client.execute({
					sql: 'SELECT count(*) AS n FROM sales_receipts WHERE organization_id = ?',
					args: [a.id]
				})
			).rows[0]!.n;
		// After the grace period, with no pending request, nothing goes.
		await runScheduled(h.deps, Date.now() + 31 * 86_400_000);
		expect(await exists()).toBe(1);

		await h.call(
			'POST',
			'/api/organization/deletion',
			{ confirmName: 'Gamma Goods' },
			{ token: a.org.token }
		);
		await runScheduled(h.deps, Date.now() + 1_000);
		expect(await exists()).toBe(1);
		await runScheduled(h.deps, Date.now() + 31 * 86_400_000);

		for (const t of await organizationTables(h.deps.client)) {
			const left = await h.deps.client.execute({
				sql: `SELECT count(*) AS n FROM "${t.name}" WHERE ${t.where}`,
				args: [a.id]
			});
			expect(Number(left.rows[0]!.n), t.name).toBe(0);
		}
		// The other organization keeps all of its data.
		const kept = await h.deps.client.execute({
			sql: 'SELECT count(*) AS n FROM sales_receipts WHERE organization_id = ?',
			args: [b.id]
		});
		expect(kept.rows[0]!.n).toBe(1);
	});
});
