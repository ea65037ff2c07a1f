/**
 * Table-driven cases for the promotions engine, plain data: the engine's unit test runs them,
 * and the server's sale test runs the same carts through `sale.create`, so device and server
 * are held to the same answers.
 */
import type { CartLine, PromotionContext, PromotionRule } from './promotions';

export interface PromotionVector {
	name: string;
	lines: CartLine[];
	promotions: PromotionRule[];
	context: PromotionContext;
	expected: {
		subtotal: number;
		discount: number;
		total: number;
		/** Each line's net and the promotion that applied to it. */
		lines: [net: number, promotionId: string | null][];
		/** The promotions applied, by id, with what each took off. */
		applied: Record<string, number>;
	};
}

export const TEA = '0190a000-0000-7000-8000-000000000001';
export const RICE = '0190a000-0000-7000-8000-000000000002';
export const SOAP = '0190a000-0000-7000-8000-000000000003';
export const DRINKS = '0190a000-0000-7000-8000-0000000000c1';
const BRANCH = '0190a000-0000-7000-8000-0000000000b1';
const OTHER_BRANCH = '0190a000-0000-7000-8000-0000000000b2';
const id = (n: number) => `0190a000-0000-7000-8000-0000000001${String(n).padStart(2, '0')}`;

const at = Date.UTC(2026, 10, 25, 12);
const ctx: PromotionContext = { at, branchId: BRANCH, channel: 'kiosk' };
const tea = (milli: number, unitPrice = 12_000): CartLine => ({
	productId: TEA,
	categoryId: DRINKS,
	milli,
	unitPrice,
	counted: true
});
const rice = (milli: number, unitPrice = 9_000): CartLine => ({
	productId: RICE,
	categoryId: null,
	milli,
	unitPrice,
	counted: false
});
const soap = (milli: number, unitPrice = 4_500): CartLine => ({
	productId: SOAP,
	categoryId: null,
	milli,
	unitPrice,
	counted: true
});
/** Omit over each kind's shape (a plain Omit would merge the kinds into one). */
type WithoutName<P> = P extends unknown ? Omit<P, 'id' | 'name'> : never;
const p = (n: number, rest: WithoutName<PromotionRule>): PromotionRule => ({
	id: id(n),
	name: `Promotion ${n}`,
	...rest
});

export const VECTORS: PromotionVector[] = [
	{
		name: 'no promotion',
		lines: [tea(2000), rice(1500)],
		promotions: [],
		context: ctx,
		expected: {
			subtotal: 37_500,
			discount: 0,
			total: 37_500,
			lines: [
				[24_000, null],
				[13_500, null]
			],
			applied: {}
		}
	},
	{
		name: 'percent off a product',
		lines: [tea(3000), rice(1000)],
		promotions: [p(1, { kind: 'percent', percent: 10, productIds: [TEA] })],
		context: ctx,
		expected: {
			subtotal: 45_000,
			discount: 3_600,
			total: 41_400,
			lines: [
				[32_400, id(1)],
				[9_000, null]
			],
			applied: { [id(1)]: 3_600 }
		}
	},
	{
		name: 'percent off a category',
		lines: [tea(1000), soap(1000)],
		promotions: [p(2, { kind: 'percent', percent: 25, categoryIds: [DRINKS] })],
		context: ctx,
		expected: {
			subtotal: 16_500,
			discount: 3_000,
			total: 13_500,
			lines: [
				[9_000, id(2)],
				[4_500, null]
			],
			applied: { [id(2)]: 3_000 }
		}
	},
	{
		name: 'amount off each unit, on a fractional quantity',
		lines: [rice(2500)],
		promotions: [p(3, { kind: 'amount', amount: 1_001, productIds: [RICE] })],
		context: ctx,
		// 2.5 × 1,001 = 2,502.5, rounded half up.
		expected: {
			subtotal: 22_500,
			discount: 2_503,
			total: 19_997,
			lines: [[19_997, id(3)]],
			applied: { [id(3)]: 2_503 }
		}
	},
	{
		name: 'a fixed price, and one above the list price gives nothing',
		lines: [tea(2000), soap(1000)],
		promotions: [
			p(4, { kind: 'fixed_price', price: 10_000, productIds: [TEA] }),
			p(5, { kind: 'fixed_price', price: 5_000, productIds: [SOAP] })
		],
		context: ctx,
		expected: {
			subtotal: 28_500,
			discount: 4_000,
			total: 24_500,
			lines: [
				[20_000, id(4)],
				[4_500, null]
			],
			applied: { [id(4)]: 4_000 }
		}
	},
	{
		name: 'buy 2 get 1 free with 5 units: one free',
		lines: [soap(5000)],
		promotions: [p(6, { kind: 'buy_x_get_y', buyQty: 2, freeQty: 1, productIds: [SOAP] })],
		context: ctx,
		expected: {
			subtotal: 22_500,
			discount: 4_500,
			total: 18_000,
			lines: [[18_000, id(6)]],
			applied: { [id(6)]: 4_500 }
		}
	},
	{
		name: 'buy X get Y never gives free kilograms',
		lines: [rice(6000)],
		promotions: [p(7, { kind: 'buy_x_get_y', buyQty: 1, freeQty: 1, productIds: [RICE] })],
		context: ctx,
		expected: { subtotal: 54_000, discount: 0, total: 54_000, lines: [[54_000, null]], applied: {} }
	},
	{
		name: 'two line promotions on one line: the better for the customer, not both',
		lines: [tea(1000)],
		promotions: [
			p(8, { kind: 'percent', percent: 10, productIds: [TEA] }),
			p(9, { kind: 'amount', amount: 2_000, categoryIds: [DRINKS] })
		],
		context: ctx,
		expected: {
			subtotal: 12_000,
			discount: 2_000,
			total: 10_000,
			lines: [[10_000, id(9)]],
			applied: { [id(9)]: 2_000 }
		}
	},
	{
		name: 'an equal tie goes to the lower id',
		lines: [tea(1000)],
		promotions: [
			p(11, { kind: 'amount', amount: 1_200, productIds: [TEA] }),
			p(10, { kind: 'percent', percent: 10, productIds: [TEA] })
		],
		context: ctx,
		expected: {
			subtotal: 12_000,
			discount: 1_200,
			total: 10_800,
			lines: [[10_800, id(10)]],
			applied: { [id(10)]: 1_200 }
		}
	},
	{
		name: 'an order-total discount applies after the line discounts, on their net',
		lines: [tea(5000), rice(2000)],
		promotions: [
			p(12, { kind: 'percent', percent: 10, productIds: [TEA] }),
			p(13, { kind: 'order_total', minTotal: 70_000, percent: 5 })
		],
		context: ctx,
		// Lines: 54,000 + 18,000 = 72,000 net ≥ 70,000 → 5 % = 3,600.
		expected: {
			subtotal: 78_000,
			discount: 9_600,
			total: 68_400,
			lines: [
				[54_000, id(12)],
				[18_000, null]
			],
			applied: { [id(12)]: 6_000, [id(13)]: 3_600 }
		}
	},
	{
		name: 'an order-total discount below its threshold does nothing',
		lines: [tea(1000)],
		promotions: [p(14, { kind: 'order_total', minTotal: 12_001, amount: 5_000 })],
		context: ctx,
		expected: { subtotal: 12_000, discount: 0, total: 12_000, lines: [[12_000, null]], applied: {} }
	},
	{
		name: 'an exclusive promotion wins when it gives more than the others together',
		lines: [tea(2000), rice(1000)],
		promotions: [
			p(15, { kind: 'percent', percent: 10, productIds: [TEA] }),
			p(16, { kind: 'order_total', minTotal: 0, amount: 1_000 }),
			p(17, { kind: 'order_total', minTotal: 0, percent: 20, exclusive: true })
		],
		context: ctx,
		// Together: 2,400 + 1,000 = 3,400; alone: 20 % of 33,000 = 6,600.
		expected: {
			subtotal: 33_000,
			discount: 6_600,
			total: 26_400,
			lines: [
				[24_000, null],
				[9_000, null]
			],
			applied: { [id(17)]: 6_600 }
		}
	},
	{
		name: 'an exclusive promotion loses when the combination gives more',
		lines: [tea(2000), rice(1000)],
		promotions: [
			p(18, { kind: 'percent', percent: 30, productIds: [TEA] }),
			p(19, { kind: 'order_total', minTotal: 0, amount: 1_000 }),
			p(20, { kind: 'percent', percent: 5, exclusive: true })
		],
		context: ctx,
		expected: {
			subtotal: 33_000,
			discount: 8_200,
			total: 24_800,
			lines: [
				[16_800, id(18)],
				[9_000, null]
			],
			applied: { [id(18)]: 7_200, [id(19)]: 1_000 }
		}
	},
	{
		name: 'dates: in force from its start, to one millisecond before its end',
		lines: [tea(1000)],
		promotions: [
			p(21, { kind: 'percent', percent: 10, startsAt: at, endsAt: at + 1 }),
			p(22, { kind: 'percent', percent: 50, endsAt: at }),
			p(23, { kind: 'percent', percent: 60, startsAt: at + 1 })
		],
		context: ctx,
		expected: {
			subtotal: 12_000,
			discount: 1_200,
			total: 10_800,
			lines: [[10_800, id(21)]],
			applied: { [id(21)]: 1_200 }
		}
	},
	{
		name: 'branches and channels: only where it runs',
		lines: [tea(1000)],
		promotions: [
			p(24, { kind: 'percent', percent: 50, branchIds: [OTHER_BRANCH] }),
			p(25, { kind: 'percent', percent: 40, channels: ['wholesale'] }),
			p(26, { kind: 'percent', percent: 20, channels: ['kiosk'], branchIds: [BRANCH] }),
			p(27, { kind: 'percent', percent: 90, active: false })
		],
		context: ctx,
		expected: {
			subtotal: 12_000,
			discount: 2_400,
			total: 9_600,
			lines: [[9_600, id(26)]],
			applied: { [id(26)]: 2_400 }
		}
	},
	{
		name: 'rounding: a third of a minor unit, half up per line',
		lines: [rice(333, 1_001), rice(1, 500)],
		promotions: [p(28, { kind: 'percent', percent: 33, productIds: [RICE] })],
		context: ctx,
		// 0.333 × 1,001 = 333.333 → 333; 33 % = 109.89 → 110. 0.001 × 500 = 0.5 → 1; 33 % = 0.33 → 0.
		expected: {
			subtotal: 334,
			discount: 110,
			total: 224,
			lines: [
				[223, id(28)],
				[1, null]
			],
			applied: { [id(28)]: 110 }
		}
	},
	{
		name: 'an amount off larger than the line takes the line to zero, never below',
		lines: [soap(1000)],
		promotions: [p(29, { kind: 'amount', amount: 9_999, productIds: [SOAP] })],
		context: ctx,
		expected: {
			subtotal: 4_500,
			discount: 4_500,
			total: 0,
			lines: [[0, id(29)]],
			applied: { [id(29)]: 4_500 }
		}
	}
];
