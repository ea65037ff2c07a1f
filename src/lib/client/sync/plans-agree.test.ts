/**
 * The device and the server run the same plans: for random batches of sales, orders and
 * payments made offline on a device that has synced the catalog, the receipts, orders,
 * payments, debts and stock balances it shows at once are exactly what the server keeps and
 * sends back (its numbers and versions aside).
 */
import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { balanceRowId, type SyncedTable } from '../../domain/sync/rows';
import { createHarness, employee, signupOrg, type Harness } from '../../server/testing/harness';
import { mutation, push as serverPush } from '../../server/sync/testing';
import { db } from './db';
import { flush, plans, pull } from './flush';
import { enqueue, type DeviceContext } from './outbox';

let h: Harness;
let token: string;
let ctx: DeviceContext;
const warehouse = uuidv7();
const customers = [uuidv7(), uuidv7()];
const points = [uuidv7(), uuidv7(), uuidv7()];
const products = [uuidv7(), uuidv7(), uuidv7()];

beforeAll(async () => {
	// The device's database is one per process, and files share a process (isolate: false): a
	// file before this one leaves its rows and its pull cursor, in another organization.
	await Promise.all(db.tables.map((t) => t.clear()));
	h = await createHarness();
	const admin = await signupOrg(h);
	token = admin.token;
	ctx = { userId: admin.user.id, branchId: admin.branchId, role: 'admin' };
	vi.stubGlobal('fetch', async (input: string | URL | Request, init?: RequestInit) => {
		const url = new URL(String(input instanceof Request ? input.url : input), 'http://localhost');
		const headers = new Headers(init?.headers);
		headers.set('cookie', `optio_session=${token}`);
		headers.set('sec-fetch-site', 'same-origin');
		return h.api.request(url.toString(), { ...init, headers, signal: undefined });
	});
	const setup = [
		mutation('warehouse.upsert', { id: warehouse, name: 'Main', kind: 'main' }),
		...customers.map((id, i) =>
			mutation('counterparty.upsert', { id, name: `Customer ${i}`, kind: 'customer' })
		),
		mutation('tradePoint.upsert', {
			id: points[0],
			name: 'Shop',
			counterpartyId: customers[0],
			channel: 'retail'
		}),
		mutation('tradePoint.upsert', {
			id: points[1],
			name: 'Pharmacy',
			counterpartyId: customers[1]
		}),
		mutation('tradePoint.upsert', { id: points[2], name: 'Kiosk' }),
		mutation('product.upsert', { id: products[0], sku: 'AG-0', name: 'Tea', unit: 'pcs' }),
		mutation('product.upsert', { id: products[1], sku: 'AG-1', name: 'Rice', unit: 'kg' }),
		mutation('product.upsert', { id: products[2], sku: 'AG-2', name: 'Juice', unit: 'pcs' }),
		mutation('price.set', { productId: products[0], price: 12_500 }),
		mutation('price.set', { productId: products[1], price: 8_990 }),
		mutation('price.set', { productId: products[2], price: 4_000 }),
		mutation('promotion.upsert', {
			id: uuidv7(),
			name: '10% off tea',
			kind: 'percent',
			percent: 10,
			productIds: [products[0]]
		}),
		mutation('promotion.upsert', {
			id: uuidv7(),
			name: 'Buy 3 juices, 1 free',
			kind: 'buy_x_get_y',
			buyQty: 3,
			freeQty: 1,
			productIds: [products[2]]
		})
	];
	const res = await serverPush(h, token, setup);
	expect(res.body.results.filter((r: { status: string }) => r.status !== 'applied')).toEqual([]);
	await pull(ctx);
});

afterAll(() => {
	vi.unstubAllGlobals();
	h.close();
});

const lineArb = fc.record({
	product: fc.nat(2),
	// Rice is sold by weight: thousandths of a kilogram.
	qty: fc.integer({ min: 1, max: 9_000 })
});

type Action =
	| { kind: 'sale'; point: number; lines: { product: number; qty: number }[]; cash: number }
	| { kind: 'order'; point: number; lines: { product: number; qty: number }[] }
	| { kind: 'payment'; customer: number; amount: number };

const actionArb: fc.Arbitrary<Action> = fc.oneof(
	fc.record({
		kind: fc.constant('sale' as const),
		point: fc.nat(1),
		lines: fc.array(lineArb, { minLength: 1, maxLength: 3 }),
		cash: fc.nat(200_000)
	}),
	fc.record({
		kind: fc.constant('order' as const),
		point: fc.nat(2),
		lines: fc.array(lineArb, { minLength: 1, maxLength: 3 })
	}),
	fc.record({
		kind: fc.constant('payment' as const),
		customer: fc.nat(1),
		amount: fc.integer({ min: 1, max: 50_000 })
	})
);

const qtyOf = (product: number, qty: number) => (product === 1 ? qty / 1000 : (qty % 12) + 1);
const linesOf = (lines: { product: number; qty: number }[]) =>
	lines.map((l) => ({ productId: products[l.product]!, qty: qtyOf(l.product, l.qty) }));

/** The rows a batch touches, as the device holds them, less what only the server gives. */
async function rowsOf(keys: [SyncedTable, string][]) {
	const out: Record<string, unknown> = {};
	for (const [table, id] of keys) {
		const row = (await db[table].get(id)) as Record<string, unknown> | undefined;
		if (!row) {
			out[`${table}:${id}`] = null;
			continue;
		}
		out[`${table}:${id}`] = Object.fromEntries(
			Object.entries(row).filter(([k]) => !['version', 'updatedAt', 'number'].includes(k))
		);
	}
	return out;
}

// Loaded as the page loads them (engine.svelte.ts), when a round has work for them.
plans.load = () => import('./outbox');

describe('device and server plans agree', () => {
	it('what the device shows offline is what the server keeps', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(actionArb, { minLength: 1, maxLength: 6 }), async (actions) => {
				const touched: [SyncedTable, string][] = [
					...customers.map((id): [SyncedTable, string] => ['debts', id]),
					...products.map((p): [SyncedTable, string] => ['balances', balanceRowId(warehouse, p)])
				];
				for (const a of actions) {
					const id = uuidv7();
					if (a.kind === 'sale') {
						await enqueue(
							'sale.create',
							{
								id,
								warehouseId: warehouse,
								tradePointId: points[a.point],
								lines: linesOf(a.lines),
								// As the screens send it: when the user acted.
								soldAt: Date.now(),
								...(a.cash ? { payments: [{ method: 'cash' as const, amount: a.cash }] } : {})
							},
							ctx
						);
						touched.push(['receipts', id], ['payments', `${id}:0`]);
					} else if (a.kind === 'order') {
						await enqueue(
							'order.create',
							{
								id,
								tradePointId: points[a.point]!,
								lines: linesOf(a.lines),
								orderedAt: Date.now()
							},
							ctx
						);
						touched.push(['orders', id]);
					} else {
						await enqueue(
							'payment.collect',
							{
								id,
								counterpartyId: customers[a.customer]!,
								method: 'cash',
								amount: a.amount,
								at: Date.now()
							},
							ctx
						);
						touched.push(['payments', id]);
					}
				}
				const predicted = await rowsOf(touched);
				const report = await flush(ctx);
				expect(report.rejected).toEqual([]);
				expect(await rowsOf(touched)).toEqual(predicted);
			}),
			{ numRuns: 15 }
		);
	});

	it("a manager's assortment shows offline as the server keeps it", async () => {
		const channel = uuidv7();
		const own = uuidv7();
		await enqueue(
			'assortment.set',
			{
				id: channel,
				scope: 'channel',
				channel: 'retail',
				lines: [
					{ productId: products[0]!, mustSell: true },
					{ productId: products[2]!, mustSell: false }
				]
			},
			ctx
		);
		await enqueue(
			'assortment.set',
			{
				id: own,
				scope: 'tradePoint',
				tradePointId: points[0]!,
				lines: [{ productId: products[1]!, mustSell: true }]
			},
			ctx
		);
		const touched: [SyncedTable, string][] = [
			['assortments', channel],
			['assortments', own]
		];
		const predicted = await rowsOf(touched);
		expect(predicted[`assortments:${channel}`]).toMatchObject({ target: 'channel:retail' });
		const report = await flush(ctx);
		expect(report.rejected).toEqual([]);
		expect(await rowsOf(touched)).toEqual(predicted);
	});
});

describe('targets', () => {
	it('a target set offline is the row the server keeps, and an edit stays one row', async () => {
		const rep = await employee(h, token, 'rep', ctx.branchId!);
		const id = uuidv7();
		const args = { id, repId: rep.id, month: '2026-11', salesAmount: 4_500_000, visits: 90 };
		await enqueue('target.set', args, ctx);
		const predicted = await rowsOf([['targets', id]]);
		expect(predicted[`targets:${id}`]).toMatchObject({
			...args,
			strikeRate: null,
			branchId: ctx.branchId
		});
		expect((await flush(ctx)).rejected).toEqual([]);
		expect(await rowsOf([['targets', id]])).toEqual(predicted);
		await enqueue('target.set', { ...args, salesAmount: 5_000_000, strikeRate: 55 }, ctx);
		const edited = await rowsOf([['targets', id]]);
		expect((await flush(ctx)).rejected).toEqual([]);
		expect(await rowsOf([['targets', id]])).toEqual(edited);
		expect(await db.targets.where('repId').equals(rep.id).count()).toBe(1);
	});
});

/**
 * A marked water product with a price, and a posted receipt of its units into the warehouse
 * (one code per serial): the start of every marking case below.
 */
function markedWater(gtin: string, sku: string, serials: string[]) {
	const water = uuidv7();
	const receipt = uuidv7();
	const code = (serial: string) => `01${gtin}21${serial}\u001d93a1B2`;
	const label = (serial: string) => `01${gtin}21${serial}`;
	const received = [
		mutation('product.upsert', {
			id: water,
			sku,
			name: 'Water',
			unit: 'pcs',
			gtin,
			marking: 'water'
		}),
		mutation('price.set', { productId: water, price: 3_500 }),
		mutation('document.save', {
			id: receipt,
			type: 'receipt',
			warehouseId: warehouse,
			lines: [{ productId: water, qty: serials.length, marks: serials.map(code) }]
		}),
		mutation('document.post', { id: receipt })
	];
	return { water, code, label, received };
}

describe('marking codes', () => {
	it('a code sold, returned and sold again offline is the state the server keeps; a second sale is refused on both', async () => {
		const { water, code, label, received } = markedWater('04780000000014', 'AG-W', [
			'AGREE00000001',
			'AGREE00000002'
		]);
		const setup = await serverPush(h, token, received);
		expect(setup.body.results.filter((r: { status: string }) => r.status !== 'applied')).toEqual(
			[]
		);
		await pull(ctx);
		expect(await db.marks.get(label('AGREE00000001'))).toMatchObject({ status: 'received' });

		const sale = (id: string, serial: string) =>
			enqueue(
				'sale.create',
				{
					id,
					warehouseId: warehouse,
					lines: [{ productId: water, qty: 1, marks: [code(serial)] }],
					payments: [{ method: 'cash', amount: 3_500 }],
					soldAt: Date.now()
				},
				ctx
			);
		const first = uuidv7();
		await sale(first, 'AGREE00000001');
		expect(await db.marks.get(label('AGREE00000001'))).toMatchObject({ status: 'sold' });
		// Sold again before the sync: the device's plan refuses it (no local effect), as the server will.
		const twice = uuidv7();
		await sale(twice, 'AGREE00000001');
		expect(await db.receipts.get(twice)).toBeUndefined();
		await enqueue(
			'return.create',
			{
				id: uuidv7(),
				receiptId: first,
				lines: [{ productId: water, qty: 1, marks: [code('AGREE00000001')] }]
			},
			ctx
		);
		expect(await db.marks.get(label('AGREE00000001'))).toMatchObject({ status: 'returned' });
		const again = uuidv7();
		await sale(again, 'AGREE00000001');
		await sale(uuidv7(), 'AGREE00000002');
		const touched: [SyncedTable, string][] = [
			['marks', label('AGREE00000001')],
			['marks', label('AGREE00000002')],
			['receipts', first],
			['receipts', again]
		];
		const predicted = await rowsOf(touched);
		expect(predicted[`marks:${label('AGREE00000001')}`]).toMatchObject({
			status: 'sold',
			documentId: again
		});
		const report = await flush(ctx);
		expect(report.rejected.map((r) => r.error?.fields)).toEqual([
			{ 'lines.0.marks.0': expect.objectContaining({ code: 'mark_already_sold' }) }
		]);
		expect(await rowsOf(touched)).toEqual(predicted);
	});
});

describe("the organization's settings", () => {
	/** The device's context as the shell builds it: the settings GET /api/me gives the session. */
	async function withSettings(settings: Record<string, unknown>): Promise<DeviceContext> {
		const patched = await h.call('PATCH', '/api/organization/settings', settings, { token });
		expect(patched.status).toBe(200);
		const me = await h.call('GET', '/api/me', undefined, { token });
		return { ...ctx, settings: me.body.organization.settings };
	}

	it('strict marking and a forbidding stock policy refuse offline what the server refuses', async () => {
		const GTIN = '04780000000021';
		const juice = uuidv7();
		const soap = uuidv7();
		const setup = await serverPush(h, token, [
			mutation('product.upsert', {
				id: juice,
				sku: 'AG-SJ',
				name: 'Juice',
				unit: 'pcs',
				gtin: GTIN,
				marking: 'water'
			}),
			mutation('product.upsert', { id: soap, sku: 'AG-SS', name: 'Soap', unit: 'pcs' }),
			mutation('price.set', { productId: juice, price: 5_000 }),
			mutation('price.set', { productId: soap, price: 2_000 })
		]);
		expect(setup.body.results.filter((r: { status: string }) => r.status !== 'applied')).toEqual(
			[]
		);
		await pull(ctx);
		const strict = await withSettings({ strictMarking: true, negativeStockPolicy: 'forbid' });
		const sale = (id: string, line: Record<string, unknown>, price: number) =>
			enqueue(
				'sale.create',
				{
					id,
					warehouseId: warehouse,
					lines: [line as { productId: string; qty: number }],
					payments: [{ method: 'cash', amount: price }],
					soldAt: Date.now()
				},
				strict
			);
		// A code this organization never received, and soap of which there is none in stock.
		const unreceived = uuidv7();
		await sale(
			unreceived,
			{ productId: juice, qty: 1, marks: [`01${GTIN}21STRICT0000001\u001d93a1B2`] },
			5_000
		);
		const oversold = uuidv7();
		await sale(oversold, { productId: soap, qty: 1 }, 2_000);
		// The device shows neither sale (its plans saw the settings) ...
		expect(await db.receipts.get(unreceived)).toBeUndefined();
		expect(await db.receipts.get(oversold)).toBeUndefined();
		expect(await db.marks.get(`01${GTIN}21STRICT0000001`)).toBeUndefined();
		// ... and the server refuses both, for the same reasons.
		const report = await flush(strict);
		await withSettings({ strictMarking: false, negativeStockPolicy: 'allow_and_flag' });
		expect(report.rejected.map((r) => r.error?.code).sort()).toEqual([
			'insufficient_stock',
			'validation'
		]);
		expect(report.rejected.map((r) => r.error?.fields)).toContainEqual({
			'lines.0.marks.0': expect.objectContaining({ code: 'mark_not_received' })
		});
		expect(await db.receipts.get(unreceived)).toBeUndefined();
		expect(await db.receipts.get(oversold)).toBeUndefined();
	});
});

describe("an order's delivery", () => {
	it('takes the unit codes as a sale does, offline and on the server, with the same refusals', async () => {
		const order = uuidv7();
		const { water, code, label, received } = markedWater('04780000000038', 'AG-DW', [
			'DELIV00000001',
			'DELIV00000002',
			'DELIV00000003'
		]);
		const setup = await serverPush(h, token, [
			...received,
			mutation('sale.create', {
				id: uuidv7(),
				warehouseId: warehouse,
				lines: [{ productId: water, qty: 1, marks: [code('DELIV00000003')] }],
				payments: [{ method: 'cash', amount: 3_500 }]
			}),
			mutation('order.create', {
				id: order,
				tradePointId: points[0],
				lines: [{ productId: water, qty: 2 }]
			}),
			mutation('order.setStatus', { id: order, status: 'confirmed' }),
			mutation('order.setStatus', { id: order, status: 'shipped', warehouseId: warehouse })
		]);
		expect(setup.body.results.filter((r: { status: string }) => r.status !== 'applied')).toEqual(
			[]
		);
		await pull(ctx);
		const deliver = (marks?: string[]) =>
			enqueue(
				'order.setStatus',
				{ id: order, status: 'delivered', ...(marks ? { lines: [{ marks }] } : {}) },
				ctx
			);
		// Without codes, and with a code already sold: the device leaves the order shipped.
		await deliver();
		expect(await db.orders.get(order)).toMatchObject({ status: 'shipped' });
		await deliver([code('DELIV00000001'), code('DELIV00000003')]);
		expect(await db.orders.get(order)).toMatchObject({ status: 'shipped' });
		// With its two codes: delivered, the codes sold on the order.
		await deliver([code('DELIV00000001'), code('DELIV00000002')]);
		const touched: [SyncedTable, string][] = [
			['orders', order],
			['marks', label('DELIV00000001')],
			['marks', label('DELIV00000002')]
		];
		const predicted = await rowsOf(touched);
		expect(predicted[`orders:${order}`]).toMatchObject({ status: 'delivered' });
		for (const serial of ['DELIV00000001', 'DELIV00000002']) {
			expect(predicted[`marks:${label(serial)}`]).toMatchObject({
				status: 'sold',
				documentId: order,
				warehouseId: warehouse
			});
		}
		const report = await flush(ctx);
		expect(report.rejected.map((r) => r.error?.fields)).toEqual([
			{ 'lines.0.marks': expect.objectContaining({ code: 'marks_missing' }) },
			{ 'lines.0.marks.1': expect.objectContaining({ code: 'mark_already_sold' }) }
		]);
		const kept = await rowsOf(touched);
		// The server's delivery time is its own.
		for (const rows of [kept, predicted])
			delete (rows[`orders:${order}`] as Record<string, unknown>).deliveredAt;
		expect(kept).toEqual(predicted);
	});
});

describe('store work', () => {
	it('a template and a task filled in offline are the rows the server keeps', async () => {
		const template = uuidv7();
		const visit = uuidv7();
		const task = uuidv7();
		await enqueue(
			'taskTemplate.upsert',
			{
				id: template,
				name: 'Shelf',
				questions: [
					{ id: 'clean', kind: 'yesno', label: 'Clean?', required: true },
					{ id: 'note', kind: 'text', label: 'Note', required: false }
				],
				productIds: [products[0]!, products[2]!],
				channels: ['retail'],
				tradePointIds: [points[1]!],
				routeIds: [],
				period: 'week',
				weight: 3,
				required: true,
				archived: false
			},
			ctx
		);
		await enqueue(
			'visit.checkIn',
			{ id: visit, tradePointId: points[0]!, at: Date.now(), location: null },
			ctx
		);
		await enqueue(
			'visitTask.submit',
			{
				id: task,
				visitId: visit,
				templateId: template,
				answers: { clean: true, note: 'Poster up' },
				products: [
					{
						productId: products[0]!,
						present: true,
						facings: 5,
						shelfPrice: 13_500,
						expirySoon: true,
						competitor: 'Lipton',
						competitorPrice: 11_000
					},
					{
						productId: products[2]!,
						present: false,
						facings: 0,
						shelfPrice: null,
						expirySoon: false,
						competitor: null,
						competitorPrice: null
					}
				],
				at: Date.now()
			},
			ctx
		);
		const touched: [SyncedTable, string][] = [
			['taskTemplates', template],
			['visitTasks', task]
		];
		const predicted = await rowsOf(touched);
		expect(predicted[`visitTasks:${task}`]).toMatchObject({ score: 67, weight: 3, photoIds: [] });
		const report = await flush(ctx);
		expect(report.rejected).toEqual([]);
		expect(await rowsOf(touched)).toEqual(predicted);
	});
});
