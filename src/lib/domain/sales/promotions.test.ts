import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VECTORS } from './promotion-vectors';
import { priceCart, promotionArgs, readPromotion, scale, type PromotionRule } from './promotions';
import { activePromotions, priceSale } from './sale';

describe('priceCart: the vectors', () => {
	it.each(VECTORS.map((v) => [v.name, v] as const))('%s', (_, v) => {
		const r = priceCart(v.lines, v.promotions, v.context);
		expect({
			subtotal: r.subtotal,
			discount: r.discount,
			total: r.total,
			lines: r.lines.map((l) => [l.net, l.promotionId]),
			applied: Object.fromEntries(r.applied.map((a) => [a.promotionId, a.amount]))
		}).toEqual(v.expected);
	});
});

const uuid = fc.uuid();
const promotion: fc.Arbitrary<PromotionRule> = fc.oneof(
	fc.record({
		id: uuid,
		name: fc.constant('p'),
		kind: fc.constant('percent' as const),
		percent: fc.integer({ min: 1, max: 100 })
	}),
	fc.record({
		id: uuid,
		name: fc.constant('a'),
		kind: fc.constant('amount' as const),
		amount: fc.integer({ min: 1, max: 1e7 })
	}),
	fc.record({
		id: uuid,
		name: fc.constant('f'),
		kind: fc.constant('fixed_price' as const),
		price: fc.integer({ min: 1, max: 1e7 })
	}),
	fc.record({
		id: uuid,
		name: fc.constant('b'),
		kind: fc.constant('buy_x_get_y' as const),
		buyQty: fc.integer({ min: 1, max: 5 }),
		freeQty: fc.integer({ min: 1, max: 3 })
	}),
	fc.record({
		id: uuid,
		name: fc.constant('o'),
		kind: fc.constant('order_total' as const),
		minTotal: fc.integer({ min: 0, max: 1e7 }),
		percent: fc.integer({ min: 1, max: 100 }),
		exclusive: fc.boolean()
	})
);
const line = fc.record({
	productId: fc.constantFrom('a', 'b', 'c'),
	categoryId: fc.constantFrom(null, 'x'),
	milli: fc.integer({ min: 1, max: 1e7 }),
	unitPrice: fc.integer({ min: 0, max: 1e8 }),
	counted: fc.boolean()
});
const ctx = { at: 0, branchId: 'b', channel: null };

describe('priceCart: properties', () => {
	it('totals are never negative and never above the undiscounted sum; each line stays within its amount', () => {
		fc.assert(
			fc.property(
				fc.array(line, { maxLength: 12 }),
				fc.array(promotion, { maxLength: 8 }),
				(lines, promos) => {
					const r = priceCart(lines, promos, ctx);
					expect(r.total).toBeGreaterThanOrEqual(0);
					expect(r.total).toBeLessThanOrEqual(r.subtotal);
					expect(r.discount).toBe(r.subtotal - r.total);
					for (const l of r.lines) {
						expect(l.net).toBeGreaterThanOrEqual(0);
						expect(l.net).toBeLessThanOrEqual(l.gross);
					}
					expect(r.applied.reduce((s, a) => s + a.amount, 0)).toBe(r.discount);
				}
			)
		);
	});

	it('does not depend on the order promotions are listed in', () => {
		fc.assert(
			fc.property(
				fc.array(line, { maxLength: 8 }),
				fc.array(promotion, { maxLength: 6 }),
				(lines, promos) => {
					const a = priceCart(lines, promos, ctx);
					const b = priceCart(lines, [...promos].reverse(), ctx);
					expect(b).toEqual(a);
				}
			)
		);
	});
});

describe('scale and promotionArgs', () => {
	it('rounds half up exactly, even past 2^53 in the middle', () => {
		expect(scale(1001, 1500, 1000)).toBe(1502);
		expect(scale(999_999_999_999, 1_000_000, 1000)).toBe(999_999_999_999_000);
		expect(scale(1e12, 1e12, 1)).toBeNull();
	});

	it('names the field each kind needs, and refuses an end before the start', () => {
		const bad = promotionArgs.safeParse({
			id: '0190a000-0000-7000-8000-000000000001',
			name: 'x',
			kind: 'buy_x_get_y',
			startsAt: 10,
			endsAt: 5
		});
		expect(bad.success).toBe(false);
		const paths = bad.error!.issues.map((i) => i.path.join('.'));
		expect(paths).toEqual(expect.arrayContaining(['buyQty', 'freeQty', 'endsAt']));
	});
});

describe('a stored rule, read back by kind', () => {
	const every = {
		id: '0190a000-0000-7000-8000-000000000009',
		name: 'All fields',
		productIds: ['0190a000-0000-7000-8000-000000000001'],
		categoryIds: [],
		branchIds: ['0190a000-0000-7000-8000-0000000000b1'],
		channels: ['kiosk'],
		startsAt: 0,
		endsAt: null,
		exclusive: true,
		active: false
	};
	const kinds = [
		{ kind: 'percent', percent: 10 },
		{ kind: 'amount', amount: 500 },
		{ kind: 'fixed_price', price: 900 },
		{ kind: 'buy_x_get_y', buyQty: 2, freeQty: 1 },
		{ kind: 'order_total', minTotal: 10_000, amount: 1_000, percent: 5 }
	];

	it.each(kinds.map((k) => [k.kind, k] as const))(
		'reads a %s rule as promotion.upsert stored it, byte for byte',
		(_, k) => {
			// What the server stores and sends: the args as parsed, through JSON.
			const stored = JSON.parse(JSON.stringify(promotionArgs.parse({ ...every, ...k })));
			expect(JSON.stringify(readPromotion(stored))).toBe(JSON.stringify(stored));
		}
	);

	it('reads every rule of the engine’s own cases', () => {
		for (const v of VECTORS) {
			for (const p of v.promotions) expect(readPromotion(JSON.parse(JSON.stringify(p)))).toEqual(p);
		}
	});

	it('prices a sale without a stored promotion it cannot read, instead of failing the sale', () => {
		const tea = '0190a000-0000-7000-8000-000000000001';
		// Rows as the pull reads them: each stored rule through readPromotion.
		const stored = [
			// A percent rule without its percent: never written by promotion.upsert.
			{ id: '0190a000-0000-7000-8000-000000000101', name: 'Broken', kind: 'percent' },
			{ id: '0190a000-0000-7000-8000-000000000102', name: '10%', kind: 'percent', percent: 10 }
		];
		const rows = stored.map((rule) => ({
			id: rule.id,
			version: 1,
			updatedAt: 0,
			name: rule.name,
			active: true,
			rule: readPromotion(rule)
		}));
		const sale = priceSale(
			{
				lines: [{ productId: tea, milli: 2000 }],
				at: 0,
				branchId: 'b',
				channel: null,
				counterpartyId: null
			},
			{
				products: new Map([[tea, { unit: 'pcs', categoryId: null }]]),
				priceLists: [{ id: 'l', isDefault: true, channels: [], counterpartyIds: [] }],
				prices: [{ priceListId: 'l', productId: tea, price: 1_000 }],
				promotions: activePromotions(rows)
			}
		);
		expect(sale).toMatchObject({ subtotal: 2_000, discount: 200, total: 1_800 });
		expect(sale.applied.map((a) => a.name)).toEqual(['10%']);
	});
});
