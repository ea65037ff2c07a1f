/**
 * The manager's dashboard figures, computed from what the manager's device pulls, equal the sums
 * of the documents they come from as the database keeps them (summed here in SQL).
 */
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repDay, repMonth, type Docs } from '../../domain/sales/dashboard';
import { creditsOf, debtsByAge } from '../../domain/sales/debt-age';
import type { RowOf } from '../../domain/sync/rows';
import { dayOf } from '../../domain/time';
import { createHarness, employee, signupOrg, type Harness } from '../testing/harness';
import { mutation, pullAll, push } from './testing';

let h: Harness;
let org: Awaited<ReturnType<typeof signupOrg>>;
let manager: Awaited<ReturnType<typeof employee>>;
let ann: Awaited<ReturnType<typeof employee>>;
let bob: Awaited<ReturnType<typeof employee>>;
let tz: string;
const tea = uuidv7();
const vans = { ann: uuidv7(), bob: uuidv7() };
const customers = [uuidv7(), uuidv7()];
const points = [uuidv7(), uuidv7(), uuidv7()];

const send = async (token: string, name: string, args: unknown) => {
	const res = await push(h, token, [mutation(name, args)]);
	expect(res.status).toBe(200);
	const r = res.body.results[0];
	expect(r.status, JSON.stringify(r)).toBe('applied');
	return r.result;
};

/** A stop: check in, the documents, check out. */
async function stop(token: string, tradePointId: string, docs: () => Promise<void>) {
	const id = uuidv7();
	await send(token, 'visit.checkIn', { id, tradePointId, at: Date.now() });
	await docs();
	await send(token, 'visit.checkOut', { id, at: Date.now(), outcome: 'sale' });
}

beforeAll(async () => {
	h = await createHarness();
	org = await signupOrg(h);
	manager = await employee(h, org.token, 'manager', org.branchId);
	ann = await employee(h, org.token, 'rep', org.branchId);
	bob = await employee(h, org.token, 'rep', org.branchId);
	tz = (await h.call('GET', '/api/organization', undefined, { token: org.token })).body.organization
		.timezone;
	const setup = [
		mutation('product.upsert', { id: tea, sku: 'TEA', name: 'Tea', unit: 'pcs' }),
		mutation('price.set', { productId: tea, price: 12_000 }),
		mutation('warehouse.upsert', { id: vans.ann, name: 'Van A', kind: 'van', ownerId: ann.id }),
		mutation('warehouse.upsert', { id: vans.bob, name: 'Van B', kind: 'van', ownerId: bob.id }),
		...customers.map((id, i) =>
			mutation('counterparty.upsert', { id, name: `Customer ${i}`, kind: 'customer' })
		),
		...points.map((id, i) =>
			mutation('tradePoint.upsert', { id, name: `Shop ${i}`, counterpartyId: customers[i] })
		)
	];
	const res = await push(h, org.token, setup);
	expect(res.body.results.filter((r: { status: string }) => r.status !== 'applied')).toEqual([]);
	const weekday = dayOf(Date.now(), tz).weekday;
	await send(manager.token, 'route.upsert', {
		id: uuidv7(),
		name: 'Today',
		repId: ann.id,
		weekdays: [weekday],
		stops: points
	});
	await send(manager.token, 'target.set', {
		id: uuidv7(),
		repId: ann.id,
		month: dayOf(Date.now(), tz).date.slice(0, 7),
		salesAmount: 3_000_000,
		visits: 60
	});

	// Ann: a sale half paid and a return at shop 0, an order at shop 1, nothing at shop 2.
	const sale = uuidv7();
	await stop(ann.token, points[0]!, async () => {
		await send(ann.token, 'sale.create', {
			id: sale,
			warehouseId: vans.ann,
			tradePointId: points[0],
			lines: [{ productId: tea, qty: 10 }],
			payments: [{ method: 'cash', amount: 60_000 }]
		});
		await send(ann.token, 'return.create', {
			id: uuidv7(),
			receiptId: sale,
			lines: [{ productId: tea, qty: 1 }],
			refund: { method: 'cash', amount: 12_000 }
		});
	});
	await stop(ann.token, points[1]!, () =>
		send(ann.token, 'order.create', {
			id: uuidv7(),
			tradePointId: points[1],
			lines: [{ productId: tea, qty: 5 }]
		})
	);
	await stop(ann.token, points[2]!, async () => {});
	await send(ann.token, 'payment.collect', {
		id: uuidv7(),
		counterpartyId: customers[0],
		method: 'cash',
		amount: 10_000
	});
	// Bob: one sale on credit, no route.
	await send(bob.token, 'sale.create', {
		id: uuidv7(),
		warehouseId: vans.bob,
		tradePointId: points[1],
		lines: [{ productId: tea, qty: 3 }]
	});
});
afterAll(() => h.close());

/** One number the database sums. */
async function sum(sql: string, ...args: string[]): Promise<number> {
	const r = await h.deps.client.execute({ sql, args });
	return Number(r.rows[0]?.n ?? 0);
}

describe('the dashboard from the manager’s pull', () => {
	it('per rep and day: sold, average order, cash and strike rate are the documents’ sums', async () => {
		const { state } = await pullAll(h, manager.token);
		const rows = <T extends keyof RowOf>(t: T) => [...(state.get(t)?.values() ?? [])] as RowOf[T][];
		const docs: Docs = {
			receipts: rows('receipts'),
			orders: rows('orders'),
			payments: rows('payments'),
			visits: rows('visits')
		};
		const today = dayOf(Date.now(), tz).date;
		for (const rep of [ann, bob]) {
			const day = repDay(docs, rows('routes'), rows('targets'), rep.id, today, tz);
			const sales = await sum(
				`SELECT sum(CASE kind WHEN 'return' THEN -total ELSE total END) AS n FROM sales_receipts WHERE author_id = ?`,
				rep.id
			);
			const orders = await sum(
				`SELECT sum(total) AS n FROM sales_orders WHERE author_id = ? AND status <> 'cancelled'`,
				rep.id
			);
			const count = await sum(
				`SELECT (SELECT count(*) FROM sales_receipts WHERE author_id = ?1 AND kind = 'sale')
					+ (SELECT count(*) FROM sales_orders WHERE author_id = ?1) AS n`,
				rep.id
			);
			const cash = await sum(
				`SELECT sum(amount) AS n FROM payments WHERE author_id = ? AND method = 'cash'`,
				rep.id
			);
			expect(day.sales).toBe(sales);
			expect(day.orders).toBe(orders);
			expect(day.sold).toBe(sales + orders);
			expect(day.averageOrder).toBe(Math.round((sales + orders) / count));
			expect(day.cash).toBe(cash);
		}
		const annDay = repDay(docs, rows('routes'), rows('targets'), ann.id, today, tz);
		// Three stops planned and visited, two of them with a sale or an order.
		expect(annDay).toMatchObject({
			planned: 3,
			visitedPlanned: 3,
			visits: 3,
			strikeVisits: 2,
			strikeRate: 67
		});
		expect(annDay.sales).toBe(9 * 12_000);
		const month = repMonth(docs, rows('targets'), ann.id, today.slice(0, 7), tz);
		expect(month.soldProgress).toBe(Math.round((annDay.sold / 3_000_000) * 100));
	});

	it('debts by age add up to what customers owe, per customer and per rep', async () => {
		const { state } = await pullAll(h, manager.token);
		const rows = <T extends keyof RowOf>(t: T) => [...(state.get(t)?.values() ?? [])] as RowOf[T][];
		const ages = debtsByAge(
			rows('debts'),
			creditsOf(rows('receipts'), rows('orders')),
			dayOf(Date.now(), tz).date,
			tz
		);
		const owed = await sum('SELECT sum(amount) AS n FROM counterparty_debts WHERE amount > 0');
		expect(owed).toBeGreaterThan(0);
		expect(ages.total.total).toBe(owed);
		// All of it is this month's: 0–30 days.
		expect(ages.total.d0_30).toBe(owed);
		for (const c of ages.customers) {
			expect(c.aged.total).toBe(
				await sum(
					'SELECT amount AS n FROM counterparty_debts WHERE counterparty_id = ?',
					c.counterpartyId
				)
			);
		}
		// Bob's sale was all on credit and nobody paid it: his part is that sale's total.
		const bobs = ages.reps.find((r) => r.repId === bob.id)!;
		expect(bobs.aged.total).toBe(
			await sum(`SELECT sum(total - paid) AS n FROM sales_receipts WHERE author_id = ?`, bob.id)
		);
	});
});
