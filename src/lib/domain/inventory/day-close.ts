/**
 * A van rep's day close, as pure rules shared by the rep's screen, the device's plan and the
 * server's: what the van and the rep's cash should hold, how the counts differ, and what the
 * unload transfer moves. Quantities are thousandths of the product's unit (quantity.ts), money
 * minor units (money.ts).
 */
import { midnightIn } from '../time';

/** Why a counted quantity differs from the system's. */
export const STOCK_DIFFERENCE_REASONS = [
	'damaged',
	'expired',
	'lost',
	'sample',
	'not_recorded',
	'count_error',
	'other'
] as const;
export type StockDifferenceReason = (typeof STOCK_DIFFERENCE_REASONS)[number];

/** Why the cash in hand differs from the system's. */
export const CASH_DIFFERENCE_REASONS = [
	'change_error',
	'not_recorded',
	'lost',
	'count_error',
	'other'
] as const;
export type CashDifferenceReason = (typeof CASH_DIFFERENCE_REASONS)[number];

export const DAY_CLOSE_STATUSES = ['submitted', 'confirmed'] as const;
export type DayCloseStatus = (typeof DAY_CLOSE_STATUSES)[number];

/**
 * What the van should hold, by product: its balances (thousandths). Products at zero are left
 * out: there is nothing to count.
 * @example expectedStock([{ warehouseId: 'V', productId: 'p', qty: 2 }], 'V') // Map { p → 2000 }
 */
export function expectedStock(
	balances: readonly { warehouseId: string; productId: string; milli: number }[],
	vanId: string
): Map<string, number> {
	const out = new Map<string, number>();
	for (const b of balances) {
		if (b.warehouseId !== vanId || b.milli === 0) continue;
		out.set(b.productId, (out.get(b.productId) ?? 0) + b.milli);
	}
	return out;
}

export interface CashMovement {
	method: string;
	amount: number;
	authorId: string;
	at: number;
}

/** The instants the organization's calendar day `date` (YYYY-MM-DD) starts and ends. */
export function dayBounds(date: string, timeZone = 'UTC'): { from: number; to: number } {
	const next = new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
	return { from: midnightIn(date, timeZone), to: midnightIn(next, timeZone) };
}

/**
 * The cash the rep should hand over for the day: every cash payment they took that day — sales
 * paid in cash and debts collected in cash — less cash paid back on returns (negative
 * payments). Card and bank-transfer payments never reach the rep's hands.
 * @example expectedCash([{ method: 'cash', amount: 5000, authorId: 'r', at }], 'r', '2026-11-30') // 5000
 */
export function expectedCash(
	payments: readonly CashMovement[],
	repId: string,
	date: string,
	timeZone = 'UTC'
): number {
	const { from, to } = dayBounds(date, timeZone);
	let sum = 0;
	for (const p of payments) {
		if (p.authorId === repId && p.method === 'cash' && p.at >= from && p.at < to) sum += p.amount;
	}
	return sum;
}

export interface CloseLine {
	productId: string;
	expected: number;
	counted: number;
	/** counted − expected: negative is a shortage, positive a surplus. */
	diff: number;
}

/**
 * Each product's expected and counted quantity and their difference: every product the van
 * should hold (in the order given), then any counted that it should not. A product the system
 * expects but nobody counted is counted as zero.
 * @example stockDifferences(new Map([['p', 5000]]), [{ productId: 'p', counted: 4000 }])
 * // [{ productId: 'p', expected: 5000, counted: 4000, diff: -1000 }]
 */
export function stockDifferences(
	expected: ReadonlyMap<string, number>,
	counted: readonly { productId: string; counted: number }[]
): CloseLine[] {
	const byProduct = new Map<string, number>();
	for (const c of counted)
		byProduct.set(c.productId, (byProduct.get(c.productId) ?? 0) + c.counted);
	const ids = [...expected.keys(), ...[...byProduct.keys()].filter((id) => !expected.has(id))];
	return ids.map((productId) => {
		const e = expected.get(productId) ?? 0;
		const c = byProduct.get(productId) ?? 0;
		return { productId, expected: e, counted: c, diff: c - e };
	});
}

/** The lines that differ: each needs a reason, and the handover records it. */
export const differing = (lines: readonly CloseLine[]) => lines.filter((l) => l.diff !== 0);

/**
 * What the unload transfer moves back to the warehouse: the counted quantity of each product,
 * or the chosen subset (a rep keeps some stock in the van for tomorrow). A chosen quantity
 * above what was counted, or of a product not in the close, is refused by index.
 * @example unloadLines(lines) // every counted product, its whole count
 * @example unloadLines(lines, [{ productId: 'p', milli: 1000 }]) // 1 of p only
 */
export function unloadLines(
	lines: readonly CloseLine[],
	chosen?: readonly { productId: string; milli: number }[]
):
	| { lines: { productId: string; milli: number }[] }
	| { problems: { index: number; problem: 'not_found' | 'too_big' | 'duplicate' }[] } {
	if (!chosen) {
		return {
			lines: lines
				.filter((l) => l.counted > 0)
				.map((l) => ({ productId: l.productId, milli: l.counted }))
		};
	}
	const counted = new Map(lines.map((l) => [l.productId, l.counted]));
	const seen = new Set<string>();
	const problems: { index: number; problem: 'not_found' | 'too_big' | 'duplicate' }[] = [];
	chosen.forEach((c, index) => {
		const has = counted.get(c.productId);
		if (has === undefined) problems.push({ index, problem: 'not_found' });
		else if (seen.has(c.productId)) problems.push({ index, problem: 'duplicate' });
		else if (c.milli > has) problems.push({ index, problem: 'too_big' });
		seen.add(c.productId);
	});
	if (problems.length) return { problems };
	return { lines: chosen.filter((c) => c.milli > 0).map((c) => ({ ...c })) };
}

/** The day's figures in one place, as the rep's screen and the handover show them. */
export interface CloseSummary {
	lines: CloseLine[];
	/** Products whose count differs. */
	differing: number;
	cashExpected: number;
	cashCounted: number;
	cashDiff: number;
}

export function summarize(
	lines: CloseLine[],
	cashExpected: number,
	cashCounted: number
): CloseSummary {
	return {
		lines,
		differing: differing(lines).length,
		cashExpected,
		cashCounted,
		cashDiff: cashCounted - cashExpected
	};
}
