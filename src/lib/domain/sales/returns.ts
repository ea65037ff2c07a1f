/**
 * What a return gives back. Goods come back at what the customer paid for them: each original
 * line's net (after its promotion) per unit, times the quantity returned, less the same share of
 * any order-level discount — so returning everything gives back exactly the receipt's total.
 * Rounding is half up on each returned line; the last return of a line takes whatever is left,
 * so the pennies always add up.
 */
import type { Unit } from '../catalog/schemas';
import { milliOf, parseTypedQty, type TypedQtyProblem } from '../inventory/quantity';
import { scale } from './promotions';

export interface SoldLine {
	productId: string;
	milli: number;
	net: number;
}

export interface ReturnLineValue {
	/** Index of the original receipt's line. */
	line: number;
	productId: string;
	milli: number;
	amount: number;
}

export type ReturnProblem = { index: number; problem: 'not_sold' | 'more_than_sold' };

/**
 * The value of each returned line, or which lines cannot be returned. `returned` is what earlier
 * returns of this receipt already took back, per original line, in thousandths and money.
 * @example returnValue({ lines: [{ productId: 't', milli: 3000, net: 30000 }], orderDiscount: 0 },
 *   [{ productId: 't', milli: 1000 }], new Map()) // { lines: [{ line: 0, amount: 10000, … }], total: 10000 }
 */
export function returnValue(
	receipt: { lines: readonly SoldLine[]; orderDiscount: number },
	wanted: readonly { productId: string; milli: number }[],
	returned: ReadonlyMap<number, { milli: number; amount: number }>
): { lines: ReturnLineValue[]; total: number } | { problems: ReturnProblem[] } {
	const net = receipt.lines.reduce((s, l) => s + l.net, 0);
	// What the customer paid per line: the net less its share of the order discount.
	const paid = receipt.lines.map((l) =>
		net === 0 ? 0 : l.net - (scale(receipt.orderDiscount, l.net, net) ?? 0)
	);
	const taken = new Map([...returned].map(([k, v]) => [k, { ...v }]));
	const problems: ReturnProblem[] = [];
	const lines: ReturnLineValue[] = [];
	wanted.forEach((w, index) => {
		// A product sold on several lines returns against the first one with enough left.
		const at = receipt.lines.findIndex(
			(l, i) => l.productId === w.productId && l.milli - (taken.get(i)?.milli ?? 0) >= w.milli
		);
		if (at < 0) {
			problems.push({
				index,
				problem: receipt.lines.some((l) => l.productId === w.productId)
					? 'more_than_sold'
					: 'not_sold'
			});
			return;
		}
		const sold = receipt.lines[at]!;
		const before = taken.get(at) ?? { milli: 0, amount: 0 };
		const after = before.milli + w.milli;
		// The share of everything back so far, less what was already given back: rounding each
		// return on its own gave back more than was paid (13 units for 3, returned 3 at a time:
		// 1 + 1 + 1 + 1). The last one settles the pennies; never below zero.
		const amount =
			after === sold.milli
				? paid[at]! - before.amount
				: Math.max(0, (scale(paid[at]!, after, sold.milli) ?? 0) - before.amount);
		taken.set(at, { milli: after, amount: before.amount + amount });
		lines.push({ line: at, productId: w.productId, milli: w.milli, amount });
	});
	if (problems.length) return { problems };
	return { lines, total: lines.reduce((s, l) => s + l.amount, 0) };
}

/**
 * How much of each product can still come back: sold, less what earlier returns took.
 * @example returnable([{ productId: 't', milli: 3000 }], [[{ productId: 't', milli: 1000 }]]) // t → 2000
 */
export function returnable(
	sold: readonly { productId: string; milli: number }[],
	returns: readonly (readonly { productId: string; milli: number }[])[]
): Map<string, number> {
	const left = new Map<string, number>();
	for (const l of sold) left.set(l.productId, (left.get(l.productId) ?? 0) + l.milli);
	for (const r of returns)
		for (const l of r) left.set(l.productId, (left.get(l.productId) ?? 0) - l.milli);
	return left;
}

/**
 * What earlier returns of a receipt took back, per original line, by replaying them in the
 * order they were made (the same assignment of lines each time, on any device).
 */
export function alreadyReturned(
	receipt: { lines: readonly SoldLine[]; orderDiscount: number },
	earlier: readonly (readonly { productId: string; milli: number }[])[]
): Map<number, { milli: number; amount: number }> {
	const taken = new Map<number, { milli: number; amount: number }>();
	for (const lines of earlier) {
		const v = returnValue(receipt, lines, taken);
		if (!('lines' in v)) continue;
		for (const l of v.lines) {
			const b = taken.get(l.line) ?? { milli: 0, amount: 0 };
			taken.set(l.line, { milli: b.milli + l.milli, amount: b.amount + l.amount });
		}
	}
	return taken;
}

/** A synced receipt (quantities in the unit) as the return rule reads it. */
export const soldOf = (r: {
	lines: readonly { productId: string; qty: number; net: number }[];
	orderDiscount: number;
}) => ({
	lines: r.lines.map((l) => ({ productId: l.productId, milli: milliOf(l.qty), net: l.net })),
	orderDiscount: r.orderDiscount
});

/** Why one product's typed return quantity cannot be taken back. */
export type TypedReturnProblem = TypedQtyProblem | 'more_than_sold';

/**
 * A return as typed on the receipt screen, read on every keystroke: each product's box by the
 * one quantity rule (an empty box or a zero means none of it back), valued by `returnValue`. The
 * screen shows `total` on its button and sends exactly `lines` with that refund.
 * @example typedReturn(sold, { t: '1,5' }, () => 'kg', new Map()) // { lines: [{ productId: 't', milli: 1500 }], total: … }
 */
export function typedReturn(
	receipt: { lines: readonly SoldLine[]; orderDiscount: number },
	typed: Readonly<Record<string, string>>,
	unitOf: (productId: string) => Unit,
	returned: ReadonlyMap<number, { milli: number; amount: number }>
):
	| { lines: { productId: string; milli: number }[]; total: number }
	| { problems: Record<string, TypedReturnProblem> }
	| { nothing: true } {
	const problems: Record<string, TypedReturnProblem> = {};
	const wanted: { productId: string; milli: number }[] = [];
	for (const [productId, text] of Object.entries(typed)) {
		if (text.trim() === '') continue;
		const q = parseTypedQty(text, unitOf(productId), { allowZero: true });
		if ('problem' in q) problems[productId] = q.problem;
		else if (q.milli > 0) wanted.push({ productId, milli: q.milli });
	}
	if (Object.keys(problems).length) return { problems };
	if (!wanted.length) return { nothing: true };
	const value = returnValue(receipt, wanted, returned);
	if ('problems' in value) {
		return {
			problems: Object.fromEntries(
				value.problems.map((p) => [wanted[p.index]!.productId, 'more_than_sold'])
			)
		};
	}
	return { lines: wanted, total: value.total };
}
