import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, employee, signupOrg, type Harness } from '../testing/harness';
import { mutation, pullAll, push } from './testing';

let h: Harness;
let org: Awaited<ReturnType<typeof signupOrg>>;
let cashier: Awaited<ReturnType<typeof employee>>;
let rep: Awaited<ReturnType<typeof employee>>;
let manager: Awaited<ReturnType<typeof employee>>;
const W = { store: uuidv7(), van: uuidv7(), branch: uuidv7() };
const P = { tea: uuidv7(), rice: uuidv7(), soap: uuidv7() };
const customer = uuidv7();
const kiosk = uuidv7();
const promo = uuidv7();

const one = async (token: string, name: string, args: unknown, id = uuidv7()) => {
	const res = await push(h, token, [mutation(name, args, id)]);
	expect(res.status).toBe(200);
	return res.body.results[0];
};

async function balance(warehouseId: string, productId: string) {
	const res = await h.call('GET', `/api/stock/balances?warehouseId=${warehouseId}`, undefined, {
		token: org.token
	});
	return (res.body.items as { productId: string; qty: number }[]).find(
		(i) => i.productId === productId
	)?.qty;
}

async function setSettings(settings: Record<string, unknown>) {
	const res = await h.call('PATCH', '/api/organization/settings', settings, { token: org.token });
	expect(res.status).toBe(200);
}

beforeAll(async () => {
	h = await createHarness();
	org = await signupOrg(h);
	cashier = await employee(h, org.token, 'cashier', org.branchId);
	rep = await employee(h, org.token, 'rep', org.branchId);
	manager = await employee(h, org.token, 'manager', org.branchId);
	const setup = [
		mutation('product.upsert', { id: P.tea, sku: 'TEA', name: 'Tea', unit: 'pcs' }),
		mutation('product.upsert', { id: P.rice, sku: 'RICE', name: 'Rice', unit: 'kg' }),
		mutation('product.upsert', { id: P.soap, sku: 'SOAP', name: 'Soap', unit: 'pcs' }),
		mutation('price.set', { productId: P.tea, price: 12_000 }),
		mutation('price.set', { productId: P.rice, price: 9_000 }),
		mutation('counterparty.upsert', { id: customer, name: 'Kiosk 7 LLC', kind: 'customer' }),
		mutation('tradePoint.upsert', {
			id: kiosk,
			name: 'Kiosk 7',
			counterpartyId: customer,
			channel: 'kiosk'
		}),
		mutation('warehouse.upsert', { id: W.branch, name: 'Main', kind: 'branch' }),
		mutation('warehouse.upsert', {
			id: W.store,
			name: 'Store',
			kind: 'store',
			ownerId: cashier.id
		}),
		mutation('warehouse.upsert', { id: W.van, name: 'Van', kind: 'van', ownerId: rep.id }),
		mutation('promotion.upsert', {
			id: promo,
			name: 'Tea −10%',
			kind: 'percent',
			percent: 10,
			productIds: [P.tea]
		})
	];
	for (const w of [W.store, W.van]) {
		const id = uuidv7();
		setup.push(
			mutation('document.save', {
				id,
				type: 'receipt',
				warehouseId: w,
				lines: [
					{ productId: P.tea, qty: 50 },
					{ productId: P.rice, qty: 20 }
				]
			}),
			mutation('document.post', { id })
		);
	}
	const res = await push(h, org.token, setup);
	expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(
		setup.map(() => 'applied')
	);
});
afterAll(() => h.close());

const sale = (over: Record<string, unknown> = {}) => ({
	id: uuidv7(),
	warehouseId: W.store,
	lines: [
		{ productId: P.tea, qty: 3 },
		{ productId: P.rice, qty: 1.5 }
	],
	payments: [{ method: 'cash', amount: 50_000 }],
	...over
});

describe('sale.create', () => {
	it('prices the sale itself, applies the promotion, takes stock out once and gives change', async () => {
		const before = await balance(W.store, P.tea);
		const args = sale({ deviceTotal: 1 });
		const r = await one(cashier.token, 'sale.create', args);
		// Tea 3 × 12,000 = 36,000 − 10 % = 32,400; rice 1.5 × 9,000 = 13,500.
		expect(r).toMatchObject({
			status: 'applied',
			result: {
				number: expect.stringMatching(/^SAL-[A-Z0-9]{3}-\d{4}-00001$/),
				subtotal: 49_500,
				discount: 3_600,
				total: 45_900,
				paid: 45_900,
				change: 4_100,
				applied: [{ promotionId: promo, name: 'Tea −10%', amount: 3_600 }],
				deviceTotal: 1
			}
		});
		expect(await balance(W.store, P.tea)).toBe(before! - 3);
		const { state } = await pullAll(h, cashier.token);
		// The change stays on the receipt, so a reprint says what was received and given back.
		expect(state.get('receipts')!.get(args.id)).toMatchObject({
			total: 45_900,
			paid: 45_900,
			change: 4_100
		});
		const paid = [...state.get('payments')!.values()].filter(
			(p) => (p as { receiptId: string }).receiptId === args.id
		);
		expect(paid).toMatchObject([{ method: 'cash', amount: 45_900 }]);
	});

	it('is exactly once: a retried or doubly-flushed sale is one receipt and one stock movement', async () => {
		const before = await balance(W.store, P.rice);
		const m = mutation('sale.create', sale({ lines: [{ productId: P.rice, qty: 2 }] }));
		const [a, b] = await Promise.all([
			push(h, cashier.token, [m], 'tab-1'),
			push(h, cashier.token, [m], 'tab-2')
		]);
		const again = await push(h, cashier.token, [m], 'tab-1');
		const statuses = [a, b, again].map((r) => r.body.results[0].status).sort();
		expect(statuses).toEqual(['applied', 'duplicate', 'duplicate']);
		expect(again.body.results[0].result.number).toBe(
			[a, b].find((r) => r.body.results[0].status === 'applied')!.body.results[0].result.number
		);
		expect(await balance(W.store, P.rice)).toBe(before! - 2);
		const rows = await h.deps.client.execute({
			sql: 'SELECT count(*) AS n FROM sales_receipts WHERE id = ?',
			args: [(m.args as { id: string }).id]
		});
		expect(Number(rows.rows[0]!.n)).toBe(1);
	});

	it('a rep sells from their own van to a trade point on credit; the debt grows and a payment collects it', async () => {
		const r = await one(rep.token, 'sale.create', {
			id: uuidv7(),
			warehouseId: W.van,
			tradePointId: kiosk,
			lines: [{ productId: P.rice, qty: 2 }],
			payments: [{ method: 'cash', amount: 8_000 }]
		});
		expect(r.result).toMatchObject({ total: 18_000, paid: 8_000 });
		let debts = (await pullAll(h, rep.token)).state.get('debts')!;
		expect(debts.get(customer)).toMatchObject({ amount: 10_000 });
		const pay = await one(rep.token, 'payment.collect', {
			id: uuidv7(),
			counterpartyId: customer,
			method: 'cash',
			amount: 4_000,
			tradePointId: kiosk
		});
		expect(pay.result.debt).toBe(6_000);
		debts = (await pullAll(h, rep.token)).state.get('debts')!;
		expect(debts.get(customer)).toMatchObject({ amount: 6_000 });
	});

	it('a credit limit warns or blocks, as the organization chose', async () => {
		await setSettings({ creditLimit: 10_000, creditPolicy: 'block' });
		const over = await one(rep.token, 'sale.create', {
			id: uuidv7(),
			warehouseId: W.van,
			tradePointId: kiosk,
			lines: [{ productId: P.rice, qty: 1 }]
		});
		expect(over).toMatchObject({
			status: 'rejected',
			error: {
				code: 'credit_limit',
				fields: { payments: { code: 'credit_limit', message: 'Over the credit limit' } }
			}
		});
		await setSettings({ creditPolicy: 'warn' });
		const warned = await one(rep.token, 'sale.create', {
			id: uuidv7(),
			warehouseId: W.van,
			tradePointId: kiosk,
			lines: [{ productId: P.rice, qty: 1 }]
		});
		expect(warned.result).toMatchObject({ creditWarning: true, total: 9_000 });
		await setSettings({ creditLimit: null });
	});

	it('refuses bad input naming the field, and writes nothing', async () => {
		const cases: [string, Record<string, unknown>, string][] = [
			['zero quantity', { lines: [{ productId: P.tea, qty: 0 }] }, 'lines.0.qty'],
			['negative quantity', { lines: [{ productId: P.tea, qty: -1 }] }, 'lines.0.qty'],
			['half a counted unit', { lines: [{ productId: P.tea, qty: 0.5 }] }, 'lines.0.qty'],
			['unknown product', { lines: [{ productId: uuidv7(), qty: 1 }] }, 'lines.0.productId'],
			[
				'a product without a price',
				{ lines: [{ productId: P.soap, qty: 1 }] },
				'lines.0.productId'
			],
			['no lines', { lines: [] }, 'lines'],
			[
				'a card paying more than the total',
				{ payments: [{ method: 'card', amount: 10 ** 9 }] },
				'payments'
			],
			['a walk-in customer not paying', { payments: [] }, 'payments'],
			['a price from the device', { lines: [{ productId: P.tea, qty: 1, price: 1 }] }, 'lines.0'],
			['a van that is not theirs', { warehouseId: W.van }, 'warehouseId']
		];
		for (const [what, over, field] of cases) {
			const counts = await h.tableCounts();
			const r = await one(cashier.token, 'sale.create', sale(over));
			expect(r.status, what).toBe('rejected');
			expect(Object.keys(r.error.fields ?? {}), what).toContain(field);
			const after = await h.tableCounts();
			expect(after.sales_receipts, what).toBe(counts.sales_receipts);
			expect(after.stock_movements, what).toBe(counts.stock_movements);
		}
	});
});

describe('orders', () => {
	it('a rep takes an order; the office confirms and ships it (stock leaves then) and it is delivered', async () => {
		const id = uuidv7();
		const taken = await one(rep.token, 'order.create', {
			id,
			tradePointId: kiosk,
			lines: [{ productId: P.tea, qty: 10 }]
		});
		expect(taken.result).toMatchObject({
			number: expect.stringMatching(/^ORD-/),
			total: 108_000
		});
		const seen = (await pullAll(h, manager.token)).state.get('orders')!;
		expect(seen.get(id)).toMatchObject({ status: 'new', total: 108_000 });
		expect((await one(rep.token, 'order.setStatus', { id, status: 'confirmed' })).error.code).toBe(
			'forbidden'
		);
		const early = await one(manager.token, 'order.setStatus', {
			id,
			status: 'shipped',
			warehouseId: W.branch
		});
		expect(early.error).toMatchObject({
			code: 'conflict',
			fields: { status: { code: 'wrong_state', message: 'Confirm it first' } }
		});
		await one(manager.token, 'order.setStatus', { id, status: 'confirmed' });
		const before = (await balance(W.branch, P.tea)) ?? 0;
		const shipped = await one(manager.token, 'order.setStatus', {
			id,
			status: 'shipped',
			warehouseId: W.branch
		});
		expect(shipped.status).toBe('applied');
		expect(await balance(W.branch, P.tea)).toBe(before - 10);
		expect(
			(await one(manager.token, 'order.setStatus', { id, status: 'cancelled' })).error.code
		).toBe('conflict');
		await one(manager.token, 'order.setStatus', { id, status: 'delivered' });
		const mine = (await pullAll(h, rep.token)).state.get('orders')!;
		expect(mine.get(id)).toMatchObject({ status: 'delivered' });
	});
});

describe('return.create', () => {
	it('takes goods back once at what was paid, refunds or lowers the debt, never more than was sold', async () => {
		const receiptId = uuidv7();
		await one(rep.token, 'sale.create', {
			id: receiptId,
			warehouseId: W.van,
			tradePointId: kiosk,
			lines: [{ productId: P.tea, qty: 4 }]
		});
		// 4 × 12,000 − 10 % = 43,200 on credit.
		const debtBefore = (await pullAll(h, rep.token)).state.get('debts')!.get(customer) as {
			amount: number;
		};
		const stockBefore = await balance(W.van, P.tea);
		const ret = mutation('return.create', {
			id: uuidv7(),
			receiptId,
			lines: [{ productId: P.tea, qty: 1 }],
			refund: { method: 'cash', amount: 5_000 }
		});
		const first = await push(h, rep.token, [ret]);
		const again = await push(h, rep.token, [ret]);
		expect(first.body.results[0]).toMatchObject({
			status: 'applied',
			result: { number: expect.stringMatching(/^RTN-/), total: 10_800, refunded: 5_000 }
		});
		expect(again.body.results[0].status).toBe('duplicate');
		expect(await balance(W.van, P.tea)).toBe(stockBefore! + 1);
		const debts = (await pullAll(h, rep.token)).state.get('debts')!;
		expect(debts.get(customer)).toMatchObject({ amount: debtBefore.amount - 5_800 });

		const counts = await h.tableCounts();
		const tooMany = await one(rep.token, 'return.create', {
			id: uuidv7(),
			receiptId,
			lines: [{ productId: P.tea, qty: 4 }]
		});
		expect(tooMany.error).toMatchObject({
			code: 'validation',
			fields: { 'lines.0.qty': { code: 'too_big', message: 'More than was sold' } }
		});
		const notSold = await one(rep.token, 'return.create', {
			id: uuidv7(),
			receiptId,
			lines: [{ productId: P.rice, qty: 1 }]
		});
		expect(notSold.error.fields).toMatchObject({
			'lines.0.productId': { code: 'not_found', message: 'Not on the receipt' }
		});
		const bigRefund = await one(rep.token, 'return.create', {
			id: uuidv7(),
			receiptId,
			lines: [{ productId: P.tea, qty: 1 }],
			refund: { method: 'cash', amount: 999_999 }
		});
		expect(bigRefund.error.fields).toMatchObject({
			refund: { code: 'too_big', message: 'More than the return' }
		});
		expect((await h.tableCounts()).sales_receipts).toBe(counts.sales_receipts);
		// The rest of the receipt still comes back: three more, exactly.
		const rest = await one(rep.token, 'return.create', {
			id: uuidv7(),
			receiptId,
			lines: [{ productId: P.tea, qty: 3 }]
		});
		expect(rest.result.total).toBe(43_200 - 10_800);
	});

	it("another seller's or another organization's receipt answers like a missing one", async () => {
		const receiptId = uuidv7();
		await one(cashier.token, 'sale.create', {
			id: receiptId,
			warehouseId: W.store,
			lines: [{ productId: P.tea, qty: 1 }],
			payments: [{ method: 'cash', amount: 20_000 }]
		});
		const byRep = await one(rep.token, 'return.create', {
			id: uuidv7(),
			receiptId,
			lines: [{ productId: P.tea, qty: 1 }]
		});
		expect(byRep.error).toMatchObject({
			code: 'not_found',
			fields: { receiptId: { code: 'not_found', message: 'Not found' } }
		});
		const other = await signupOrg(h);
		const byOther = await one(other.token, 'return.create', {
			id: uuidv7(),
			receiptId,
			lines: [{ productId: P.tea, qty: 1 }]
		});
		expect(byOther.error.code).toBe('not_found');
	});
});

describe('sales reports', () => {
	// The organization's own day (a new organization keeps time in Tashkent).
	const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tashkent' }).format(new Date());
	const report = (token: string, query: string) =>
		h.call('GET', `/api/reports/sales?from=${today}&to=${today}&${query}`, undefined, { token });

	it('groups the same sales by day, seller and product, returns taken off, with one total', async () => {
		const byDay = await report(manager.token, 'groupBy=day');
		const byRep = await report(manager.token, 'groupBy=rep');
		const byProduct = await report(manager.token, 'groupBy=product');
		for (const r of [byDay, byRep, byProduct]) expect(r.status).toBe(200);
		const total = byDay.body.totals.total;
		expect(total).toBeGreaterThan(0);
		expect(byRep.body.totals.total).toBe(total);
		expect(byProduct.body.totals.total).toBe(total);
		expect(byDay.body.items).toHaveLength(1);
		expect(byRep.body.items.map((i: { label: string }) => i.label)).toEqual(
			expect.arrayContaining([expect.stringMatching(/^cashier/), expect.stringMatching(/^rep/)])
		);
		const tea = byProduct.body.items.find((i: { key: string }) => i.key === P.tea);
		expect(tea).toMatchObject({ label: 'Tea' });
		expect(tea.qty).toBeGreaterThan(0);
		// Each product's row is the sum of its lines over the receipts the manager pulls, whatever
		// the line's place in its receipt.
		const receipts = [...(await pullAll(h, manager.token)).state.get('receipts')!.values()] as {
			kind: string;
			lines: { productId: string; net: number }[];
		}[];
		const expected = new Map<string, number>();
		for (const r of receipts) {
			for (const l of r.lines) {
				const signed = r.kind === 'return' ? -l.net : l.net;
				expected.set(l.productId, (expected.get(l.productId) ?? 0) + signed);
			}
		}
		expect(
			new Map(byProduct.body.items.map((i: { key: string; total: number }) => [i.key, i.total]))
		).toEqual(expected);
	});

	it('refuses bad periods naming the field, a rep, and another organization sees nothing', async () => {
		const bad = await h.call(
			'GET',
			'/api/reports/sales?from=2026-12-01&to=2026-11-01&groupBy=week',
			undefined,
			{ token: manager.token }
		);
		expect(bad.status).toBe(400);
		expect(Object.keys(bad.body.error.fields).sort()).toEqual(['groupBy']);
		const backwards = await report(manager.token, 'groupBy=day').then(() =>
			h.call('GET', '/api/reports/sales?from=2026-12-01&to=2026-11-01&groupBy=day', undefined, {
				token: manager.token
			})
		);
		expect(backwards.body.error.fields).toEqual({
			to: { code: 'before_start', message: 'Before the start' }
		});
		expect((await report(rep.token, 'groupBy=day')).status).toBe(403);
		const other = await signupOrg(h);
		const theirs = await report(other.token, 'groupBy=day');
		expect(theirs.body).toEqual({ items: [], totals: { total: 0, discount: 0 } });
	});
});

describe('price lists', () => {
	it('a channel’s list prices its trade points, a customer’s list its customer, the rest the default', async () => {
		const channelList = uuidv7();
		const customerList = uuidv7();
		const kiosk9 = uuidv7();
		const setup = [
			mutation('priceList.upsert', { id: channelList, name: 'Kiosks', channels: ['kiosk'] }),
			mutation('price.set', { productId: P.tea, price: 10_000, priceListId: channelList }),
			mutation('priceList.upsert', {
				id: customerList,
				name: 'Kiosk 7 contract',
				counterpartyIds: [customer]
			}),
			mutation('price.set', { productId: P.rice, price: 8_000, priceListId: customerList }),
			mutation('tradePoint.upsert', { id: kiosk9, name: 'Kiosk 9', channel: 'kiosk' })
		];
		const res = await push(h, manager.token, setup);
		expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(
			setup.map(() => 'applied')
		);
		// Kiosk 9 is a kiosk: tea at the kiosks' 10,000, less the 10 % promotion.
		const atKiosk9 = await one(rep.token, 'sale.create', {
			id: uuidv7(),
			warehouseId: W.van,
			tradePointId: kiosk9,
			lines: [{ productId: P.tea, qty: 1 }],
			payments: [{ method: 'cash', amount: 9_000 }]
		});
		expect(atKiosk9.result).toMatchObject({ subtotal: 10_000, total: 9_000 });
		// Kiosk 7's customer has its own list: rice at 8,000; tea is not on it, so the default's.
		const atKiosk7 = await one(rep.token, 'sale.create', {
			id: uuidv7(),
			warehouseId: W.van,
			tradePointId: kiosk,
			lines: [
				{ productId: P.rice, qty: 1 },
				{ productId: P.tea, qty: 1 }
			],
			payments: [{ method: 'cash', amount: 18_800 }]
		});
		expect(atKiosk7.result).toMatchObject({ subtotal: 20_000, total: 18_800 });
		const lists = (await pullAll(h, rep.token)).state.get('priceLists')!;
		expect(lists.get(channelList)).toMatchObject({ channels: ['kiosk'], isDefault: false });
	});

	it('refuses customers of the default list, unknown customers, and a rep, naming the field', async () => {
		const lists = (await pullAll(h, manager.token)).state.get('priceLists')!;
		const fallback = [...lists.values()].find((l) => (l as { isDefault: boolean }).isDefault) as {
			id: string;
			name: string;
		};
		const onDefault = await one(manager.token, 'priceList.upsert', {
			id: fallback.id,
			name: fallback.name,
			channels: ['horeca']
		});
		expect(onDefault.error).toMatchObject({
			code: 'validation',
			fields: { channels: { code: expect.any(String) } }
		});
		const unknown = await one(manager.token, 'priceList.upsert', {
			id: uuidv7(),
			name: 'Ghosts',
			counterpartyIds: [uuidv7()]
		});
		expect(unknown.error).toMatchObject({
			code: 'not_found',
			fields: { 'counterpartyIds.0': { code: 'not_found', message: 'Not found' } }
		});
		const byRep = await one(rep.token, 'priceList.upsert', { id: uuidv7(), name: 'Mine' });
		expect(byRep.error.code).toBe('forbidden');
	});
});

describe('ids a mutation names', () => {
	/** Another organization with a product, a category and a branch of its own. */
	async function outsider() {
		const other = await signupOrg(h);
		const ids = { product: uuidv7(), category: uuidv7(), branch: other.branchId };
		const res = await push(h, other.token, [
			mutation('category.upsert', { id: ids.category, name: 'Theirs' }),
			mutation('product.upsert', { id: ids.product, sku: 'THEIRS', name: 'Theirs', unit: 'kg' })
		]);
		expect(res.body.results.map((r: { status: string }) => r.status)).toEqual([
			'applied',
			'applied'
		]);
		return ids;
	}

	/** What a client can see of a refusal: its code and the fields it names, not their wording. */
	const seen = (r: { status: string; error?: { code: string; fields?: object } }) => ({
		status: r.status,
		code: r.error?.code,
		fields: Object.keys(r.error?.fields ?? {}).sort()
	});

	it("promotion.upsert refuses another organization's products, categories and branches exactly like made-up ones, writing nothing", async () => {
		const theirs = await outsider();
		const madeUp = { product: uuidv7(), category: uuidv7(), branch: uuidv7() };
		const before = await h.tableCounts();
		const answers = [];
		for (const ids of [theirs, madeUp]) {
			const res = await one(org.token, 'promotion.upsert', {
				id: uuidv7(),
				name: 'Borrowed',
				kind: 'percent',
				percent: 50,
				productIds: [P.tea, ids.product]
			});
			const byCategory = await one(org.token, 'promotion.upsert', {
				id: uuidv7(),
				name: 'Borrowed',
				kind: 'percent',
				percent: 50,
				categoryIds: [ids.category]
			});
			const byBranch = await one(org.token, 'promotion.upsert', {
				id: uuidv7(),
				name: 'Borrowed',
				kind: 'percent',
				percent: 50,
				branchIds: [org.branchId, ids.branch]
			});
			answers.push([seen(res), seen(byCategory), seen(byBranch)]);
		}
		expect(answers[0]).toEqual([
			{ status: 'rejected', code: 'not_found', fields: ['productIds.1'] },
			{ status: 'rejected', code: 'not_found', fields: ['categoryIds.0'] },
			{ status: 'rejected', code: 'not_found', fields: ['branchIds.1'] }
		]);
		expect(answers[1]).toEqual(answers[0]);
		expect(await h.tableCounts()).toEqual(before);
	});

	it("return.create judges another organization's product like a made-up one (its unit is not consulted)", async () => {
		const theirs = await outsider();
		const receiptId = uuidv7();
		const sold = await one(cashier.token, 'sale.create', {
			id: receiptId,
			warehouseId: W.store,
			lines: [{ productId: P.tea, qty: 1 }],
			payments: [{ method: 'cash', amount: 20_000 }]
		});
		expect(sold.status).toBe('applied');
		const before = await h.tableCounts();
		const answers = [];
		// Theirs is sold by the kilogram: half of one is a fine quantity for it, not for a unit.
		for (const productId of [theirs.product, uuidv7()]) {
			const res = await one(cashier.token, 'return.create', {
				id: uuidv7(),
				receiptId,
				lines: [{ productId, qty: 0.5 }]
			});
			answers.push(seen(res));
		}
		expect(answers[0]).toMatchObject({ status: 'rejected' });
		expect(answers[1]).toEqual(answers[0]);
		expect(await h.tableCounts()).toEqual(before);
	});
});
