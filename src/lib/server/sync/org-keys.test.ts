/**
 * Ids are chosen on devices, so they are each organization's own (issue 12, item 9): a device
 * of one organization that pushes an id another organization holds gets its own record, answered
 * exactly as a fresh id would be, and the other organization's rows, balances, debts and pulls
 * stay as they were. Nothing in the answers tells one organization which ids another holds.
 */
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayOf } from '../../domain/time';
import { createHarness, employee, signupOrg, type Harness } from '../testing/harness';
import { mutation, pullAll, push } from './testing';

let h: Harness;
beforeAll(async () => {
	h = await createHarness();
});
afterAll(() => h.close());

/** The ids a device chooses for one organization's world. */
type Ids = Record<
	'category' | 'product' | 'customer' | 'point' | 'van' | 'receipt' | 'sale' | 'visit' | 'writeOff',
	string
>;
const freshIds = (): Ids => ({
	category: uuidv7(),
	product: uuidv7(),
	customer: uuidv7(),
	point: uuidv7(),
	van: uuidv7(),
	receipt: uuidv7(),
	sale: uuidv7(),
	visit: uuidv7(),
	writeOff: uuidv7()
});

type Org = Awaited<ReturnType<typeof signupOrg>> & {
	rep: Awaited<ReturnType<typeof employee>>;
	/** The price list sign-up made (its id is the server's). */
	defaultList: string;
};

async function organization(): Promise<Org> {
	const org = await signupOrg(h);
	const lists = (await pullAll(h, org.token)).state.get('priceLists')!;
	return {
		...org,
		rep: await employee(h, org.token, 'rep', org.branchId),
		defaultList: [...lists.keys()][0]!
	};
}

/**
 * Everything the tests need an id for, made by the organization's own devices: a catalog, a
 * customer and their trade point, a van stocked by a posted receipt, a sale on credit (stock and
 * debt move), a visit, a write-off. Returns every answer, in order.
 */
async function world(org: Org, ids: Ids, name: string) {
	const catalog = await push(h, org.token, [
		mutation('category.upsert', { id: ids.category, name: `${name} goods` }),
		mutation('product.upsert', {
			id: ids.product,
			sku: `${name}-1`,
			name: `${name} tea`,
			unit: 'pcs',
			categoryId: ids.category
		}),
		mutation('price.set', { productId: ids.product, price: 10_000 }),
		mutation('counterparty.upsert', { id: ids.customer, name: `${name} LLC`, kind: 'customer' }),
		mutation('tradePoint.upsert', {
			id: ids.point,
			name: `${name} kiosk`,
			counterpartyId: ids.customer
		}),
		mutation('warehouse.upsert', {
			id: ids.van,
			name: `${name} van`,
			kind: 'van',
			ownerId: org.rep.id
		}),
		mutation('document.save', {
			id: ids.receipt,
			type: 'receipt',
			warehouseId: ids.van,
			lines: [{ productId: ids.product, qty: 20 }]
		}),
		mutation('document.post', { id: ids.receipt })
	]);
	const field = await push(h, org.rep.token, [
		mutation('sale.create', {
			id: ids.sale,
			warehouseId: ids.van,
			tradePointId: ids.point,
			lines: [{ productId: ids.product, qty: 3 }],
			payments: [{ method: 'cash', amount: 10_000 }]
		}),
		mutation('visit.checkIn', { id: ids.visit, tradePointId: ids.point, at: Date.now() })
	]);
	const stock = await push(h, org.token, [
		mutation('document.save', {
			id: ids.writeOff,
			type: 'writeoff',
			warehouseId: ids.van,
			reason: 'damaged',
			lines: [{ productId: ids.product, qty: 1 }]
		}),
		mutation('document.post', { id: ids.writeOff })
	]);
	for (const res of [catalog, field, stock]) expect(res.status).toBe(200);
	return [...catalog.body.results, ...field.body.results, ...stock.body.results] as {
		id: string;
		status: string;
		result?: unknown;
		error?: unknown;
	}[];
}

/**
 * An answer without the mutation id (each push has its own), with `from` ids written as `to`'s
 * and the server's own id of the organization's price list as one placeholder.
 */
function shape(results: { id: string }[], org: Org, from: Ids, to: Ids) {
	let json = JSON.stringify(results.map(({ id: _id, ...rest }) => rest));
	for (const k of Object.keys(from) as (keyof Ids)[]) json = json.replaceAll(from[k], to[k]);
	return JSON.parse(json.replaceAll(org.defaultList, 'default-list')) as unknown;
}

async function balances(org: Org, warehouseId: string) {
	return h.call('GET', `/api/stock/balances?warehouseId=${warehouseId}`, undefined, {
		token: org.token
	});
}

describe('ids scoped by organization', () => {
	let a: Org;
	let b: Org;
	let c: Org;
	const shared = freshIds();
	const fresh = freshIds();
	let answers: { a: unknown; b: unknown; c: unknown };
	let before: Awaited<ReturnType<typeof pullAll>>['state'];
	let beforeBalances: unknown;

	beforeAll(async () => {
		[a, b, c] = [await organization(), await organization(), await organization()];
		const ofA = await world(a, shared, 'A');
		before = (await pullAll(h, a.token)).state;
		beforeBalances = (await balances(a, shared.van)).body;
		// B's devices happen to choose every id A's did; C's choose their own.
		const ofB = await world(b, shared, 'B');
		const ofC = await world(c, fresh, 'B');
		answers = {
			a: shape(ofA, a, shared, shared),
			b: shape(ofB, b, shared, shared),
			c: shape(ofC, c, fresh, shared)
		};
	});

	it('answers an id another organization holds exactly as a fresh one: applied, same result', () => {
		expect((answers.b as { status: string }[]).map((r) => r.status)).toEqual(
			(answers.b as unknown[]).map(() => 'applied')
		);
		expect(answers.b).toEqual(answers.c);
	});

	it('leaves the first organization’s rows, balances, debts and pull untouched', async () => {
		const after = (await pullAll(h, a.token)).state;
		expect(after).toEqual(before);
		expect((await balances(a, shared.van)).body).toEqual(beforeBalances);
		expect(after.get('products')!.get(shared.product)).toMatchObject({ name: 'A tea', sku: 'A-1' });
		// 20 received, 3 sold, 1 written off: B's movements of the same pair are not A's.
		expect((beforeBalances as { items: { qty: number }[] }).items).toMatchObject([{ qty: 16 }]);
		expect(after.get('debts')!.get(shared.customer)).toMatchObject({ amount: 20_000 });
	});

	it('gives the second organization its own rows under the same ids', async () => {
		const { state } = await pullAll(h, b.token);
		expect(state.get('categories')!.get(shared.category)).toMatchObject({ name: 'B goods' });
		expect(state.get('products')!.get(shared.product)).toMatchObject({ name: 'B tea', sku: 'B-1' });
		expect(state.get('counterparties')!.get(shared.customer)).toMatchObject({ name: 'B LLC' });
		expect(state.get('tradePoints')!.get(shared.point)).toMatchObject({ name: 'B kiosk' });
		expect(state.get('warehouses')!.get(shared.van)).toMatchObject({ name: 'B van' });
		expect(state.get('receipts')!.get(shared.sale)).toMatchObject({ total: 30_000, paid: 10_000 });
		expect(state.get('debts')!.get(shared.customer)).toMatchObject({ amount: 20_000 });
		expect(state.get('visits')!.get(shared.visit)).toMatchObject({ tradePointId: shared.point });
		expect(state.get('stockDocuments')!.get(shared.writeOff)).toMatchObject({
			status: 'posted',
			type: 'writeoff'
		});
		expect((await balances(b, shared.van)).body.items).toMatchObject([
			{ warehouseId: shared.van, productId: shared.product, qty: 16 }
		]);
		// The rep's own pull too: one receipt, one visit, one van of B's.
		const rep = (await pullAll(h, b.rep.token)).state;
		expect([...rep.get('receipts')!.keys()]).toEqual([shared.sale]);
		expect([...rep.get('visits')!.keys()]).toEqual([shared.visit]);
	});

	it('a later change to a shared id changes that organization’s row only', async () => {
		const res = await push(h, b.token, [
			mutation('product.upsert', {
				id: shared.product,
				sku: 'B-1',
				name: 'B tea, renamed',
				unit: 'pcs'
			}),
			mutation('price.set', { productId: shared.product, price: 11_000 })
		]);
		expect(res.body.results.map((r: { status: string }) => r.status)).toEqual([
			'applied',
			'applied'
		]);
		expect((await pullAll(h, a.token)).state).toEqual(before);
		const prices = [...(await pullAll(h, b.token)).state.get('prices')!.values()];
		expect(prices).toMatchObject([{ productId: shared.product, price: 11_000 }]);
	});

	it('a product’s stock history shows the caller’s movements, each with its own document', async () => {
		const history = async (org: Org) =>
			(
				await h.call(
					'GET',
					`/api/stock/movements?productId=${shared.product}&warehouseId=${shared.van}`,
					undefined,
					{ token: org.token }
				)
			).body.items as { documentId: string; number: string; qty: number }[];
		const [ofA, ofB] = [await history(a), await history(b)];
		expect(ofA.map((m) => m.qty)).toEqual([-1, -3, 20]);
		expect(ofB.map((m) => m.qty)).toEqual([-1, -3, 20]);
		// Each movement names its own organization's document number, once.
		const docsOfA = (await pullAll(h, a.token)).state.get('stockDocuments')!;
		expect(ofA.map((m) => m.number)).toEqual(
			ofA.map((m) => (docsOfA.get(m.documentId) as { number: string } | undefined)?.number ?? null)
		);
	});

	it('a sales report by product names the caller’s own product', async () => {
		// The report's days are the organization's (Tashkent's midnight is 19:00 UTC).
		const { timezone } = (await h.call('GET', '/api/organization', undefined, { token: b.token }))
			.body.organization;
		const day = dayOf(Date.now(), timezone).date;
		const report = await h.call(
			'GET',
			`/api/reports/sales?from=${day}&to=${day}&groupBy=product`,
			undefined,
			{ token: b.token }
		);
		expect(report.body.items).toMatchObject([{ key: shared.product, label: 'B tea, renamed' }]);
	});
});

describe('a read by id of another organization’s id', () => {
	it('answers like a missing id until the caller makes one of its own', async () => {
		const [a, b] = [await organization(), await organization()];
		const ids = freshIds();
		await world(a, ids, 'A');
		const missing = await balances(b, uuidv7());
		const foreign = await balances(b, ids.van);
		expect(missing.status).toBe(404);
		expect(foreign.status).toBe(missing.status);
		expect(foreign.body).toEqual(missing.body);
		await world(b, ids, 'B');
		const own = await balances(b, ids.van);
		expect(own.status).toBe(200);
		expect(own.body.items).toMatchObject([{ productId: ids.product, qty: 16 }]);
	});
});
