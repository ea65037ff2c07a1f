/**
 * Round trips to a remote libSQL database (each one a network hop on Workers + Turso), counted
 * by the test endpoint that serves the database: a push of a hundred mutations costs a constant
 * number of them, not one or more per mutation. Fails as soon as a query per mutation creeps
 * back into the write path.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateSessionToken, type AuthContext } from '../auth/session';
import { createHarness, signupOrg, type Harness } from '../testing/harness';
import { startHranaServer, type HranaServer } from '../testing/hrana-server';
import { applyBatch } from './push';
import { mutation, push } from './testing';

/** A push's budget: one read batch, one more for rows named by rows, one write batch. */
const PUSH_BUDGET = 3;

let db: HranaServer;
let h: Harness;
let auth: AuthContext;
let org: string;
const ids = {
	warehouse: uuidv7(),
	customer: uuidv7(),
	point: uuidv7(),
	walkIn: uuidv7(),
	products: [uuidv7(), uuidv7(), uuidv7()]
};

beforeAll(async () => {
	db = await startHranaServer({
		file: join(mkdtempSync(join(tmpdir(), 'optio-round-trips-')), 'remote.db')
	});
	h = await createHarness({ databaseUrl: db.url });
	const admin = await signupOrg(h);
	org = admin.user.organizationId;
	const setup = [
		mutation('warehouse.upsert', { id: ids.warehouse, name: 'Main', kind: 'main' }),
		mutation('counterparty.upsert', { id: ids.customer, name: 'Shop LLC', kind: 'customer' }),
		mutation('tradePoint.upsert', { id: ids.point, name: 'Shop', counterpartyId: ids.customer }),
		mutation('tradePoint.upsert', { id: ids.walkIn, name: 'Kiosk' }),
		...ids.products.flatMap((id, i) => [
			mutation('product.upsert', { id, sku: `RT-${i}`, name: `Tea ${i}`, unit: 'pcs' }),
			mutation('price.set', { productId: id, price: 1000 * (i + 1) })
		])
	];
	const res = await push(h, admin.token, setup);
	expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(
		setup.map(() => 'applied')
	);
	auth = (await validateSessionToken(h.deps.db, admin.token))!;
}, 120_000);

afterAll(async () => {
	h?.close();
	await db?.close();
});

/** Pushes straight through the write path and counts the database requests it made. */
async function counted(mutations: ReturnType<typeof mutation>[]) {
	const before = db.requests();
	const results = await applyBatch(h.deps.db, auth, org, 'round-trips', mutations);
	return { trips: db.requests() - before, results };
}

const sale = (i: number) =>
	mutation('sale.create', {
		id: uuidv7(),
		warehouseId: ids.warehouse,
		// Every other sale on credit to the trade point's customer: its debt is a row named by a
		// row (the trade point), so it is read in the second batch.
		...(i % 2
			? { tradePointId: ids.point }
			: { tradePointId: ids.walkIn, payments: [{ method: 'cash', amount: 10_000_000 }] }),
		lines: [
			{ productId: ids.products[i % 3]!, qty: 1 + (i % 4) },
			{ productId: ids.products[(i + 1) % 3]!, qty: 2 }
		]
	});

describe('round trips per push on a remote database', () => {
	it('a push of 100 sales costs at most 3, and every sale is applied', async () => {
		const { trips, results } = await counted(Array.from({ length: 100 }, (_, i) => sale(i)));
		expect(results.filter((r) => r.status !== 'applied')).toEqual([]);
		expect(trips).toBeLessThanOrEqual(PUSH_BUDGET);
	});

	it('a push of 100 mixed sales, payments, orders and order steps costs at most 3', async () => {
		const orders = Array.from({ length: 20 }, () => uuidv7());
		const mix = [
			...orders.map((id, i) =>
				mutation('order.create', {
					id,
					tradePointId: ids.point,
					lines: [{ productId: ids.products[i % 3]!, qty: 3 }]
				})
			),
			...Array.from({ length: 40 }, (_, i) => sale(i)),
			...Array.from({ length: 20 }, () =>
				mutation('payment.collect', {
					id: uuidv7(),
					counterpartyId: ids.customer,
					method: 'cash',
					amount: 500
				})
			),
			...orders.map((id) => mutation('order.setStatus', { id, status: 'confirmed' }))
		];
		const { trips, results } = await counted(mix);
		expect(results.filter((r) => r.status !== 'applied')).toEqual([]);
		expect(trips).toBeLessThanOrEqual(PUSH_BUDGET);
	});

	it('a repeated push answers duplicates in one round trip and writes nothing', async () => {
		const batch = Array.from({ length: 10 }, (_, i) => sale(i));
		await counted(batch);
		const again = await counted(batch);
		expect(again.results.map((r) => r.status)).toEqual(batch.map(() => 'duplicate'));
		expect(again.trips).toBe(1);
	});
});
