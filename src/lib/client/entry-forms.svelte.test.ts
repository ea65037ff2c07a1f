import { uuidv7 } from 'uuidv7';
import { describe, expect, it } from 'vitest';
import { orderCreateArgs, saleCreateArgs } from '../domain/sales/schemas';
import type { SaleCatalog } from '../domain/sales/sale';
import { Cart } from './cart.svelte';
import { OrderForm, SaleForm, type SaleInput } from './entry-forms.svelte';

const tea = uuidv7();
const sugar = uuidv7();
const nuts = uuidv7();
const shop = uuidv7();
const customer = uuidv7();
const van = uuidv7();
const branch = uuidv7();
const base = uuidv7();
const wholesale = uuidv7();

// UZS, minor units: tea 12,000.00 by default and 10,000.00 wholesale; sugar 5,000.00; nuts none.
const catalog: SaleCatalog = {
	products: new Map([
		[tea, { unit: 'pcs' as const, categoryId: null }],
		[sugar, { unit: 'kg' as const, categoryId: null }],
		[nuts, { unit: 'pcs' as const, categoryId: null }]
	]),
	priceLists: [
		{ id: base, isDefault: true, channels: [], counterpartyIds: [] },
		{ id: wholesale, isDefault: false, channels: ['wholesale'], counterpartyIds: [] }
	],
	prices: [
		{ priceListId: base, productId: tea, price: 1_200_000 },
		{ priceListId: wholesale, productId: tea, price: 1_000_000 },
		{ priceListId: base, productId: sugar, price: 500_000 }
	],
	promotions: []
};
const retailShop = { id: shop, branchId: branch, channel: 'retail', counterpartyId: customer };
const wholesaleShop = { ...retailShop, channel: 'wholesale' };
const refused = (schema: typeof orderCreateArgs | typeof saleCreateArgs, args: unknown) =>
	(schema.safeParse(args).error?.issues ?? []).map((i) => i.path.join('.'));

describe('the order form', () => {
	it('prices the cart for the trade point, and sends the total its button shows', () => {
		const cart = new Cart();
		let point: typeof retailShop | undefined = wholesaleShop;
		const form = new OrderForm(
			cart,
			() => catalog,
			() => point
		);
		cart.add({ id: tea });
		cart.add({ id: tea });
		cart.type(0, '3', 'pcs');
		cart.set(sugar, 1500);
		form.comment = '  after 2 pm  ';
		// The wholesale list: 3 × 10,000 + 1.5 kg × 5,000.
		expect(form.document?.total).toBe(3_750_000);
		expect(form.unitPrice(tea)).toBe(1_000_000);
		const args = form.args(uuidv7(), 1_700_000_000_000);
		expect(args).toMatchObject({
			tradePointId: shop,
			lines: [
				{ productId: tea, qty: 3 },
				{ productId: sugar, qty: 1.5 }
			],
			comment: 'after 2 pm',
			deviceTotal: 3_750_000,
			orderedAt: 1_700_000_000_000
		});
		expect(refused(orderCreateArgs, args)).toEqual([]);
		// Another trade point's channel prices it again.
		point = retailShop;
		expect(form.unitPrice(tea)).toBe(1_200_000);
	});

	it('will not send without a trade point, with a line without a price, or a box mid-typing', () => {
		const cart = new Cart();
		const chosen: { point?: typeof retailShop } = {};
		const form = new OrderForm(
			cart,
			() => catalog,
			() => chosen.point
		);
		cart.add({ id: tea });
		expect(form.problem()).toEqual({ field: 'tradePointId', problem: 'required' });
		expect(form.args(uuidv7(), 1)).toBeNull();
		chosen.point = retailShop;
		expect(form.problem()).toBeNull();
		cart.type(0, '2.', 'pcs');
		expect(form.document).toBeNull();
		expect(form.args(uuidv7(), 1)).toBeNull();
		cart.type(0, '2', 'pcs');
		cart.add({ id: nuts });
		expect(form.problem()).toEqual({ problem: 'unpriced' });
		expect(form.unitPrice(nuts)).toBeNull();
		expect(form.args(uuidv7(), 1)).toBeNull();
	});
});

describe('the sale form', () => {
	const saleOf = (over: Partial<SaleInput> = {}, from: SaleCatalog = catalog) => {
		const cart = new Cart();
		const input: SaleInput = {
			warehouseId: van,
			tradePointId: shop,
			buyer: { branchId: branch, channel: 'retail', counterpartyId: customer },
			currency: 'UZS',
			marked: (id) => id === nuts,
			...over
		};
		return {
			cart,
			form: new SaleForm(
				cart,
				() => from,
				() => input
			)
		};
	};

	it('settles cash with change, and sends what was shown and paid', () => {
		const { cart, form } = saleOf();
		cart.add({ id: tea });
		cart.add({ id: tea });
		expect(form.total).toBe(2_400_000);
		// The usual notes above the total, the exact sum first; typed as the cash box shows it.
		expect(form.quick[0]).toBe(2_400_000);
		expect(form.cashText(2_500_000)).toBe('25000');
		form.received = '25000';
		expect(form.settled).toEqual({ paid: 2_400_000, change: 100_000, unpaid: 0 });
		expect(form.ready).toBe(true);
		const args = form.args(uuidv7(), 1_700_000_000_000);
		expect(args).toMatchObject({
			warehouseId: van,
			tradePointId: shop,
			lines: [{ productId: tea, qty: 2 }],
			payments: [{ method: 'cash', amount: 2_500_000 }],
			deviceTotal: 2_400_000,
			soldAt: 1_700_000_000_000
		});
		expect(refused(saleCreateArgs, args)).toEqual([]);
		form.reset();
		expect([cart.lines, form.received, form.marks]).toEqual([[], '', {}]);
	});

	it('takes credit only from a trade point’s customer, and refuses a card over the total', () => {
		const walkIn = saleOf({
			tradePointId: null,
			buyer: { branchId: branch, channel: null, counterpartyId: null }
		});
		walkIn.cart.add({ id: tea });
		walkIn.form.received = '5000';
		expect(walkIn.form.settled).toMatchObject({ unpaid: 700_000 });
		expect(walkIn.form.ready).toBe(false);
		expect(walkIn.form.args(uuidv7(), 1)).toBeNull();

		const { cart, form } = saleOf();
		cart.add({ id: tea });
		form.received = '5000';
		expect(form.ready).toBe(true);
		expect(refused(saleCreateArgs, form.args(uuidv7(), 1))).toEqual([]);
		form.method = 'card';
		form.received = '13000';
		expect(form.settled).toHaveProperty('refused');
		expect(form.ready).toBe(false);
		// Not money at all: nothing to settle.
		form.received = '12,000.5.0';
		expect(form.settled).toBeNull();
	});

	it('holds a marked product until every unit has its code, and sends the codes on its line', () => {
		// Priced, so only the codes are in the way.
		const prices = [...catalog.prices, { priceListId: base, productId: nuts, price: 300_000 }];
		const { cart, form: marked } = saleOf({}, { ...catalog, prices });
		marked.addMark({ id: nuts }, 'code-1');
		marked.addMark({ id: nuts }, 'code-2');
		expect(cart.args()).toEqual([{ productId: nuts, qty: 2 }]);
		cart.type(0, '3', 'pcs');
		expect(marked.marksReady).toBe(false);
		expect(marked.ready).toBe(false);
		// A third code fills the line's third unit instead of adding a fourth.
		marked.addMark({ id: nuts }, 'code-3');
		expect(cart.args()).toEqual([{ productId: nuts, qty: 3 }]);
		expect(marked.ready).toBe(true);
		marked.removeMark(nuts, 0);
		expect(marked.markedLines).toEqual([{ productId: nuts, qty: 3, codes: ['code-2', 'code-3'] }]);
		marked.addMark({ id: nuts }, 'code-1');
		const args = marked.args(uuidv7(), 1);
		expect(args?.lines).toEqual([
			{ productId: nuts, qty: 3, marks: ['code-2', 'code-3', 'code-1'] }
		]);
		expect(refused(saleCreateArgs, args)).toEqual([]);
	});

	it('says a line without a price stops the sale', () => {
		const { cart, form } = saleOf();
		cart.add({ id: sugar });
		cart.add({ id: nuts });
		form.marks = { [nuts]: ['code-1'] };
		expect(form.ready).toBe(true);
		expect(form.problem()).toEqual({ problem: 'unpriced' });
		expect(form.args(uuidv7(), 1)).toBeNull();
	});
});
