/**
 * Exactly once, by property, for the writes that move stock and money: sales (paid and on
 * credit), payments, and received stock documents, pushed by devices through two connections to
 * one remote database at the same time, so a run's version guard meets another writer and the
 * run is planned again from a fresh read. Batches are sent twice and answers are lost (the
 * device sends again). Afterwards each distinct mutation happened once, every balance is the
 * sum of its movements, and every debt the sum of unpaid sales less payments.
 */
import fc from 'fast-check';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, signupOrg, type Harness } from '../testing/harness';
import { startHranaServer, type HranaServer } from '../testing/hrana-server';
import { plannerStats } from './planner';
import { mutation, push } from './testing';

let db: HranaServer;
let a: Harness;
let b: Harness;
let token: string;
const warehouse = uuidv7();
const customers = [uuidv7(), uuidv7()];
const points = customers.map(() => uuidv7());
const products = [uuidv7(), uuidv7()];

beforeAll(async () => {
	db = await startHranaServer({
		file: join(mkdtempSync(join(tmpdir(), 'optio-exactly-once-')), 'remote.db')
	});
	a = await createHarness({ databaseUrl: db.url });
	b = await createHarness({ databaseUrl: db.url });
	token = (await signupOrg(a)).token;
	const setup = [
		mutation('warehouse.upsert', { id: warehouse, name: 'Main', kind: 'main' }),
		...customers.flatMap((id, i) => [
			mutation('counterparty.upsert', { id, name: `Customer ${i}`, kind: 'customer' }),
			mutation('tradePoint.upsert', { id: points[i], name: `Shop ${i}`, counterpartyId: id })
		]),
		...products.flatMap((id, i) => [
			mutation('product.upsert', { id, sku: `EO-${i}`, name: `Product ${i}`, unit: 'pcs' }),
			mutation('price.set', { productId: id, price: 700 + 300 * i })
		])
	];
	const res = await push(a, token, setup);
	expect(res.body.results.every((r: { status: string }) => r.status === 'applied')).toBe(true);
}, 120_000);

afterAll(async () => {
	a?.close();
	b?.close();
	await db?.close();
});

type Made = ReturnType<typeof mutation>;

const saleArb = fc
	.record({
		point: fc.nat(1),
		product: fc.nat(1),
		qty: fc.integer({ min: 1, max: 5 }),
		cash: fc.boolean()
	})
	.map(({ point, product, qty, cash }): Made[] => [
		mutation('sale.create', {
			id: uuidv7(),
			warehouseId: warehouse,
			tradePointId: points[point],
			lines: [{ productId: products[product], qty }],
			...(cash ? { payments: [{ method: 'cash', amount: 1_000 }] } : {})
		})
	]);

const paymentArb = fc
	.record({ customer: fc.nat(1), amount: fc.integer({ min: 1, max: 2_000 }) })
	.map(({ customer, amount }): Made[] => [
		mutation('payment.collect', {
			id: uuidv7(),
			counterpartyId: customers[customer],
			method: 'cash',
			amount
		})
	]);

const receiptArb = fc
	.record({ product: fc.nat(1), qty: fc.integer({ min: 1, max: 20 }) })
	.map(({ product, qty }): Made[] => {
		const id = uuidv7();
		return [
			mutation('document.save', {
				id,
				type: 'receipt',
				warehouseId: warehouse,
				lines: [{ productId: products[product], qty, cost: 100 }]
			}),
			mutation('document.post', { id })
		];
	});

const batchArb = fc
	.array(fc.oneof(saleArb, paymentArb, receiptArb), { minLength: 1, maxLength: 5 })
	.map((groups) => groups.flat());

const stepArb = fc.record({
	/** Two devices push at once, one on each connection. */
	batches: fc.tuple(batchArb, batchArb),
	/** The first device lost its answer and sends the same batch again. */
	resend: fc.boolean()
});

async function count(sql: string, args: (string | number)[] = []): Promise<number> {
	const r = await a.deps.client.execute({ sql, args });
	return Number(r.rows[0]!.n);
}

describe('exactly once, for stock and money, under concurrent pushes', () => {
	it('applies each distinct mutation once; balances and debts add up', async () => {
		const retriesBefore = plannerStats.retries;
		const sent = new Set<string>();
		await fc.assert(
			fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 4 }), async (steps) => {
				for (const { batches, resend } of steps) {
					for (const m of batches.flat()) sent.add(m.id);
					const answers = await Promise.all([
						push(a, token, batches[0], 'device-a'),
						push(b, token, batches[1], 'device-b')
					]);
					for (const res of answers) {
						expect(res.status).toBe(200);
						const refused = res.body.results.filter(
							(r: { status: string }) => r.status === 'rejected'
						);
						expect(refused).toEqual([]);
					}
					if (resend) {
						const again = await push(b, token, batches[0], 'device-a');
						expect(again.body.results.map((r: { status: string }) => r.status)).toEqual(
							batches[0].map(() => 'duplicate')
						);
					}
				}
			}),
			{ numRuns: 12 }
		);

		const pushed = [...sent];
		const applied = await count(
			`SELECT count(*) AS n FROM applied_mutations
				WHERE id IN (SELECT value FROM json_each(?))`,
			[JSON.stringify(pushed)]
		);
		expect(applied).toBe(pushed.length);
		// Each applied change has its own version: a pull that has seen version N has seen all below.
		expect(
			await count(`SELECT count(*) - count(DISTINCT version) AS n FROM applied_mutations
				WHERE version IS NOT NULL`)
		).toBe(0);
		// Every balance is the sum of its movements.
		expect(
			await count(`SELECT count(*) AS n FROM stock_balances b WHERE b.milli !=
				(SELECT coalesce(sum(m.milli), 0) FROM stock_movements m
				WHERE m.warehouse_id = b.warehouse_id AND m.product_id = b.product_id)`)
		).toBe(0);
		// Every debt is what its customer's sales left unpaid, less what was collected.
		expect(
			await count(`SELECT count(*) AS n FROM counterparty_debts d WHERE d.amount !=
				(SELECT coalesce(sum(r.total - r.paid), 0) FROM sales_receipts r
					WHERE r.counterparty_id = d.counterparty_id AND r.kind = 'sale')
				- (SELECT coalesce(sum(p.amount), 0) FROM payments p
					WHERE p.counterparty_id = d.counterparty_id AND p.receipt_id IS NULL)`)
		).toBe(0);
		// The run really met another writer and planned again.
		expect(plannerStats.retries).toBeGreaterThan(retriesBefore);
	}, 600_000);
});
