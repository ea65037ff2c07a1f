import { describe, expect, it } from 'vitest';
import { AssortmentEntry, type EntryInput, type EntryProduct } from './assortment-entry.svelte';
import { Cart } from './cart.svelte';
import { stepMilli } from '../domain/inventory/quantity';

const product = (id: string, categoryId: string | null, unit: EntryProduct['unit'] = 'pcs') => ({
	id,
	name: id,
	unit,
	categoryId,
	active: true
});
const products = new Map<string, EntryProduct>([
	['tea', product('tea', 'drinks')],
	['juice', product('juice', 'drinks')],
	['rice', product('rice', 'grocery', 'kg')],
	['soap', product('soap', null)],
	['old', { ...product('old', 'drinks'), active: false }]
]);
const lines = [
	{ productId: 'tea', mustSell: true },
	{ productId: 'juice', mustSell: false },
	{ productId: 'rice', mustSell: true },
	{ productId: 'soap', mustSell: false },
	{ productId: 'old', mustSell: true }
];

function setup(over: Partial<EntryInput> = {}) {
	const cart = new Cart();
	const input: EntryInput = {
		lines,
		products,
		stock: new Map([
			['tea', 3000],
			['juice', 0],
			['rice', 10_500]
		]),
		capAtStock: false,
		markOver: true,
		suggested: new Map([
			['tea', 5000],
			['rice', 800]
		]),
		...over
	};
	return { cart, entry: new AssortmentEntry(cart, () => input) };
}

describe('entry from the assortment', () => {
	it('lists the active products with stock, out-of-stock and must-sell marks', () => {
		const { entry } = setup();
		expect(entry.rows.map((r) => [r.product.id, r.mustSell, r.stock, r.out])).toEqual([
			['tea', true, 3000, false],
			['juice', false, 0, true],
			['rice', true, 10_500, false],
			['soap', false, 0, true]
		]);
		expect(entry.missing.map((r) => r.product.id)).toEqual(['tea', 'rice']);
	});

	it('steps quantities into the cart, which sends what the list shows', () => {
		const { cart, entry } = setup();
		entry.step('tea', 1);
		entry.step('tea', 1);
		entry.step('rice', 1);
		expect(cart.args()).toEqual([
			{ productId: 'tea', qty: 2 },
			{ productId: 'rice', qty: 1 }
		]);
		entry.step('rice', -1);
		expect(cart.args()).toEqual([{ productId: 'tea', qty: 2 }]);
		expect(entry.rows[0]!.milli).toBe(2000);
		expect(entry.missing.map((r) => r.product.id)).toEqual(['rice']);
	});

	it('steps a whole pack where the product has one, one unit otherwise; typing stays free', () => {
		const water = { ...product('water', 'drinks'), packSize: 12 };
		const { cart, entry } = setup({
			lines: [...lines, { productId: 'water', mustSell: false }],
			products: new Map([...products, ['water', water]]),
			stock: new Map([['water', 30_000]]),
			capAtStock: true
		});
		entry.step('water', 1);
		entry.step('water', 1);
		expect(cart.args()).toEqual([{ productId: 'water', qty: 24 }]);
		// A third case is more than the 30 on hand, where the policy forbids it: + stops.
		expect(entry.rows.find((r) => r.product.id === 'water')!.atCap).toBe(true);
		entry.step('water', 1);
		expect(cart.args()).toEqual([{ productId: 'water', qty: 24 }]);
		entry.type('water', '30');
		entry.settle('water');
		expect(cart.args()).toEqual([{ productId: 'water', qty: 30 }]);
		entry.step('water', -1);
		expect(cart.args()).toEqual([{ productId: 'water', qty: 18 }]);
		// The cart's own stepper, with the product's pack.
		cart.step(0, 1, stepMilli(water.packSize));
		expect(cart.args()).toEqual([{ productId: 'water', qty: 30 }]);
		cart.step(0, -1, stepMilli(null));
		expect(cart.args()).toEqual([{ productId: 'water', qty: 29 }]);
	});

	it('reads a typed quantity with the cart’s parser, and drops a line typed to nothing', () => {
		const { cart, entry } = setup();
		entry.type('rice', '2,5');
		expect(cart.args()).toEqual([{ productId: 'rice', qty: 2.5 }]);
		entry.type('rice', '2.');
		expect(cart.valid).toBe(false);
		expect(entry.rows[2]!.problem).toBe('not_a_number');
		entry.type('rice', '');
		entry.settle('rice');
		expect(cart.lines).toEqual([]);
		entry.type('tea', '1.5');
		expect(entry.rows[0]!.problem).toBe('whole_only');
	});

	it('marks more than the van holds, and stops + at the stock when the policy forbids it', () => {
		const allowed = setup();
		for (let i = 0; i < 4; i++) allowed.entry.step('tea', 1);
		expect(allowed.cart.args()).toEqual([{ productId: 'tea', qty: 4 }]);
		expect(allowed.entry.rows[0]!.over).toBe(true);
		expect(allowed.entry.blocked).toBe(false);

		const forbid = setup({ capAtStock: true });
		for (let i = 0; i < 4; i++) forbid.entry.step('tea', 1);
		expect(forbid.cart.args()).toEqual([{ productId: 'tea', qty: 3 }]);
		expect(forbid.entry.rows[0]!.atCap).toBe(true);
		forbid.entry.step('juice', 1);
		expect(forbid.cart.indexOf('juice')).toBe(-1);
		// Typed beyond the stock: marked, and the sale is blocked until fixed.
		forbid.entry.type('tea', '7');
		expect(forbid.entry.blocked).toBe(true);
		// A line added by search, outside the assortment, counts as well.
		const searched = setup({ capAtStock: true });
		searched.cart.add({ id: 'cola' });
		expect(searched.entry.overStock).toEqual(['cola']);
		expect(searched.entry.blocked).toBe(true);
		// On an order the van's stock is for information: nothing is marked over.
		const order = setup({ markOver: false });
		for (let i = 0; i < 4; i++) order.entry.step('tea', 1);
		expect(order.entry.rows[0]!.over).toBe(false);
		expect(order.entry.overStock).toEqual([]);
	});

	it('filters by category chip', () => {
		const { entry } = setup();
		expect(entry.categories).toEqual(['drinks', 'grocery']);
		entry.category = 'drinks';
		expect(entry.shown.map((r) => r.product.id)).toEqual(['tea', 'juice']);
		entry.category = null;
		expect(entry.shown).toHaveLength(4);
	});

	it('fills the suggested quantities without touching lines already set', () => {
		const { cart, entry } = setup();
		entry.step('rice', 1);
		expect(entry.suggestable).toBe(1);
		entry.fillSuggested();
		expect(cart.args()).toEqual([
			{ productId: 'rice', qty: 1 },
			{ productId: 'tea', qty: 5 }
		]);
		expect(entry.suggestable).toBe(0);
		// Under `forbid`, a suggestion beyond the van's stock is cut to it.
		const forbid = setup({ capAtStock: true });
		forbid.entry.fillSuggested();
		expect(forbid.cart.args()).toEqual([
			{ productId: 'tea', qty: 3 },
			{ productId: 'rice', qty: 0.8 }
		]);
	});

	it('repeats the last order, leaving out products no longer sold', () => {
		const { cart, entry } = setup();
		entry.step('soap', 1);
		entry.repeat([
			['tea', 4000],
			['old', 1000],
			['rice', 2500]
		]);
		expect(cart.args()).toEqual([
			{ productId: 'tea', qty: 4 },
			{ productId: 'rice', qty: 2.5 }
		]);
	});
});
