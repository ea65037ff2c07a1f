/**
 * The promotions engine: one pure function that prices a cart, run by the device (to show the
 * customer what applied and why) and by the server (whose result stands). Money is integer minor
 * units; quantities are thousandths ("milli"); all arithmetic is exact (BigInt where a product
 * could pass 2^53) and rounds half up, once per line.
 *
 * How promotions combine — best for the customer, never stacked:
 * - On each line at most one line promotion applies: the one giving the biggest discount (ties:
 *   the lower id). Line kinds: `percent` off, `amount` off each unit, a `fixed_price` per unit,
 *   `buy_x_get_y` free units (counted units only).
 * - Then at most one `order_total` promotion applies to the sum of the lines' net amounts, the
 *   biggest, if that sum reaches its threshold.
 * - A promotion marked `exclusive` applies alone. The engine prices the cart with the best
 *   exclusive promotion alone and with every non-exclusive one combined as above, and keeps
 *   whichever gives the customer more (a tie keeps the combination).
 * A promotion counts only while active, from `startsAt` (included) to `endsAt` (excluded), in
 * its branches and trade-point channels (empty lists: all).
 */
import { z } from 'zod';
import { CHANNELS, MAX_PRICE, uuid } from '../catalog/schemas';
import { because, text } from '../validation';

export const PROMOTION_KINDS = [
	'percent',
	'amount',
	'fixed_price',
	'buy_x_get_y',
	'order_total'
] as const;
export type PromotionKind = (typeof PROMOTION_KINDS)[number];

const ids = z.array(uuid).max(1000).optional();
const money = z.number().int('Whole minor units').min(1, 'Must be more than zero').max(MAX_PRICE);

/** A promotion's fields, each kind's own optional here: the kind says which it needs. */
const fields = {
	id: uuid,
	name: text(120),
	kind: z.enum(PROMOTION_KINDS),
	/** Whole percent off: 1–100 (`percent`, or `order_total` with no `amount`). */
	percent: z.number().int('Whole percent').min(1).max(100).optional(),
	/** Off each unit (`amount`) or off the order (`order_total`). */
	amount: money.optional(),
	/** The promotional unit price (`fixed_price`). */
	price: money.optional(),
	buyQty: z.number().int().min(1).max(1000).optional(),
	freeQty: z.number().int().min(1).max(1000).optional(),
	/** The order's net total from which `order_total` applies. */
	minTotal: z.number().int().min(0).max(MAX_PRICE).optional(),
	productIds: ids,
	categoryIds: ids,
	branchIds: ids,
	channels: z.array(z.enum(CHANNELS)).optional(),
	startsAt: z.number().int().min(0).nullish(),
	endsAt: z.number().int().min(0).nullish(),
	exclusive: z.boolean().optional(),
	active: z.boolean().optional()
};

/** A promotion as a manager defines it (`promotion.upsert`); the fields each kind needs are checked. */
export const promotionArgs = z.strictObject(fields).superRefine((p, ctx) => {
	const need = (field: keyof typeof p) => {
		if (p[field] === undefined)
			ctx.addIssue({ code: 'custom', path: [field], message: 'Required' });
	};
	if (p.kind === 'percent') need('percent');
	if (p.kind === 'amount') need('amount');
	if (p.kind === 'fixed_price') need('price');
	if (p.kind === 'buy_x_get_y') {
		need('buyQty');
		need('freeQty');
	}
	if (p.kind === 'order_total') {
		need('minTotal');
		if (p.percent === undefined && p.amount === undefined) need('percent');
	}
	if (p.startsAt != null && p.endsAt != null && p.endsAt <= p.startsAt) {
		ctx.addIssue({
			code: 'custom',
			path: ['endsAt'],
			...because('before_start', 'Must be after the start')
		});
	}
});
export type Promotion = z.output<typeof promotionArgs>;

/**
 * A promotion as the engine reads it, back from storage (a promotion's `rule` is the whole
 * definition `promotion.upsert` wrote): one shape per kind, with the fields that kind needs, so
 * the engine never guesses. Key order and values come out as stored (each kind's shape is the
 * same field list), so a pull sends the rule byte for byte as it was written.
 */
export const promotionRule = z.discriminatedUnion('kind', [
	z.object({ ...fields, kind: z.literal('percent'), percent: fields.percent.unwrap() }),
	z.object({ ...fields, kind: z.literal('amount'), amount: fields.amount.unwrap() }),
	z.object({ ...fields, kind: z.literal('fixed_price'), price: fields.price.unwrap() }),
	z.object({
		...fields,
		kind: z.literal('buy_x_get_y'),
		buyQty: fields.buyQty.unwrap(),
		freeQty: fields.freeQty.unwrap()
	}),
	z
		.object({ ...fields, kind: z.literal('order_total'), minTotal: fields.minTotal.unwrap() })
		.refine((p) => p.percent !== undefined || p.amount !== undefined)
]);
export type PromotionRule = z.output<typeof promotionRule>;

/**
 * A stored rule as the engine reads it; null for one it cannot read (promotion.upsert never
 * writes such a rule), which then applies to nothing rather than stopping a sale or a sync.
 */
export function readPromotion(stored: unknown): PromotionRule | null {
	const parsed = promotionRule.safeParse(stored);
	return parsed.success ? parsed.data : null;
}

/**
 * The rule `promotion.upsert` stores: its args, which `promotionArgs` checked kind by kind, read
 * as the engine reads them (so the row's type is the engine's, with no cast).
 */
export function ruleOf(args: Promotion): PromotionRule {
	return promotionRule.parse(args);
}

export interface CartLine {
	productId: string;
	categoryId: string | null;
	milli: number;
	unitPrice: number;
	/** Counted units (pcs, pack, box): only these get free units. */
	counted: boolean;
}

export interface PricedLine {
	productId: string;
	milli: number;
	unitPrice: number;
	gross: number;
	discount: number;
	net: number;
	promotionId: string | null;
}

export interface Applied {
	promotionId: string;
	name: string;
	/** What it took off, in all. */
	amount: number;
}

export interface PricedCart {
	lines: PricedLine[];
	subtotal: number;
	orderDiscount: number;
	discount: number;
	total: number;
	applied: Applied[];
}

export interface PromotionContext {
	at: number;
	branchId: string;
	channel: string | null;
}

const B = BigInt;

/**
 * a × b / d, rounded half up, exactly; null if the result is past 2^53.
 * @example scale(1001, 1500, 1000) // 1502 (1501.5 rounds up)
 */
export function scale(a: number, b: number, d: number): number | null {
	const n = (B(a) * B(b) * 2n + B(d)) / (2n * B(d));
	return n > B(Number.MAX_SAFE_INTEGER) ? null : Number(n);
}

/** A line's undiscounted amount: unit price × quantity, rounded half up. */
export const grossOf = (unitPrice: number, milli: number) => scale(unitPrice, milli, 1000);

/** Whether the promotion is in force for this sale (dates, branch, channel, active). */
export function inForce(p: PromotionRule, ctx: PromotionContext): boolean {
	if (p.active === false) return false;
	if (p.startsAt != null && ctx.at < p.startsAt) return false;
	if (p.endsAt != null && ctx.at >= p.endsAt) return false;
	if (p.branchIds?.length && !p.branchIds.includes(ctx.branchId)) return false;
	if (p.channels?.length && !(ctx.channel && p.channels.includes(ctx.channel as never)))
		return false;
	return true;
}

const targets = (p: PromotionRule, l: CartLine) =>
	(!p.productIds?.length && !p.categoryIds?.length) ||
	!!p.productIds?.includes(l.productId) ||
	(!!l.categoryId && !!p.categoryIds?.includes(l.categoryId));

/** What a line promotion takes off one line, never more than the line's amount. */
function lineDiscount(p: PromotionRule, l: CartLine, gross: number): number {
	let off = 0;
	switch (p.kind) {
		case 'percent':
			off = scale(gross, p.percent, 100) ?? 0;
			break;
		case 'amount':
			off = scale(p.amount, l.milli, 1000) ?? gross;
			break;
		case 'fixed_price':
			off = gross - (grossOf(p.price, l.milli) ?? gross);
			break;
		case 'buy_x_get_y': {
			if (!l.counted) return 0;
			const units = Math.floor(l.milli / 1000);
			const free = Math.floor(units / (p.buyQty + p.freeQty)) * p.freeQty;
			off = scale(l.unitPrice, free, 1) ?? gross;
			break;
		}
		default:
			return 0;
	}
	return Math.min(Math.max(off, 0), gross);
}

function orderDiscountOf(p: PromotionRule, net: number): number {
	if (p.kind !== 'order_total' || net < p.minTotal) return 0;
	// One of the two is there (the rule's refinement); percent counts only without an amount.
	const off = p.amount ?? scale(net, p.percent ?? 0, 100) ?? 0;
	return Math.min(off, net);
}

const better = (a: { off: number; id: string } | null, off: number, id: string) =>
	off > 0 && (!a || off > a.off || (off === a.off && id < a.id));

/** Prices the cart with these promotions combined by the line/order rule (no exclusivity). */
function combine(lines: CartLine[], grosses: number[], promos: PromotionRule[]): PricedCart {
	const linePromos = promos.filter((p) => p.kind !== 'order_total');
	const applied = new Map<string, Applied>();
	const note = (p: PromotionRule, amount: number) => {
		const a = applied.get(p.id) ?? { promotionId: p.id, name: p.name, amount: 0 };
		a.amount += amount;
		applied.set(p.id, a);
	};
	const priced = lines.map((l, i): PricedLine => {
		const gross = grosses[i]!;
		let best: { off: number; id: string; p: PromotionRule } | null = null;
		for (const p of linePromos) {
			if (!targets(p, l)) continue;
			const off = lineDiscount(p, l, gross);
			if (better(best, off, p.id)) best = { off, id: p.id, p };
		}
		if (best) note(best.p, best.off);
		const discount = best?.off ?? 0;
		return {
			productId: l.productId,
			milli: l.milli,
			unitPrice: l.unitPrice,
			gross,
			discount,
			net: gross - discount,
			promotionId: best?.id ?? null
		};
	});
	const subtotal = grosses.reduce((s, g) => s + g, 0);
	const net = priced.reduce((s, l) => s + l.net, 0);
	let order: { off: number; id: string; p: PromotionRule } | null = null;
	for (const p of promos) {
		const off = orderDiscountOf(p, net);
		if (better(order, off, p.id)) order = { off, id: p.id, p };
	}
	if (order) note(order.p, order.off);
	const orderDiscount = order?.off ?? 0;
	const discount = subtotal - net + orderDiscount;
	return {
		lines: priced,
		subtotal,
		orderDiscount,
		discount,
		total: subtotal - discount,
		applied: [...applied.values()].sort((a, b) => (a.promotionId < b.promotionId ? -1 : 1))
	};
}

/**
 * Prices a cart: each line's amount, the promotions that apply by the rule above, the totals.
 * Lines whose amount would pass 2^53 minor units are reported in `tooLarge` and priced at zero.
 * @example priceCart([{ productId: 'tea', categoryId: null, milli: 2000, unitPrice: 1000, counted: true }],
 *   [{ id: 'p', name: '10%', kind: 'percent', percent: 10 }], { at: 0, branchId: 'b', channel: null })
 * // { subtotal: 2000, discount: 200, total: 1800, … }
 */
export function priceCart(
	lines: CartLine[],
	promotions: readonly PromotionRule[],
	ctx: PromotionContext
): PricedCart & { tooLarge: number[] } {
	const tooLarge: number[] = [];
	const grosses = lines.map((l, i) => {
		const g = grossOf(l.unitPrice, l.milli);
		if (g === null) tooLarge.push(i);
		return g ?? 0;
	});
	const live = promotions.filter((p) => inForce(p, ctx));
	const combined = combine(
		lines,
		grosses,
		live.filter((p) => !p.exclusive)
	);
	let best = combined;
	for (const p of live.filter((p) => p.exclusive).sort((a, b) => (a.id < b.id ? -1 : 1))) {
		const alone = combine(lines, grosses, [p]);
		if (alone.discount > best.discount) best = alone;
	}
	return { ...best, tooLarge };
}
