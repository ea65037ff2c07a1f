/**
 * Quick-cash buttons at the till: the amounts a customer is likely to hand over for a total, so
 * the cashier taps one instead of typing it.
 */
import { minorPerUnit } from '../money';

/**
 * Banknotes in everyday use, in whole currency units, smallest first. A currency not named here
 * gets the 1-2-5 series most currencies follow.
 */
const NOTES: Record<string, readonly number[]> = {
	UZS: [1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000],
	KZT: [200, 500, 1_000, 2_000, 5_000, 10_000, 20_000],
	KGS: [20, 50, 100, 200, 500, 1_000, 2_000, 5_000],
	TJS: [1, 3, 5, 10, 20, 50, 100, 200, 500],
	RUB: [10, 50, 100, 200, 500, 1_000, 2_000, 5_000],
	USD: [1, 5, 10, 20, 50, 100],
	EUR: [5, 10, 20, 50, 100, 200]
};
const SERIES = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000];

/**
 * The exact total, then the next sums a single note or a round handful of notes reach above
 * it, at most `count` in all, in minor units, smallest first.
 * @example quickCash(4_800_000, 'UZS') // [4_800_000, 5_000_000, 6_000_000, 10_000_000]
 */
export function quickCash(total: number, currency: string, count = 4): number[] {
	if (total <= 0) return [];
	const unit = minorPerUnit(currency);
	const amounts = new Set<number>([total]);
	for (const note of NOTES[currency] ?? SERIES) {
		const step = note * unit;
		// The total rounded up to this note: what a customer hands over to pay it in such notes.
		amounts.add(Math.ceil(total / step) * step);
	}
	return [...amounts].sort((a, b) => a - b).slice(0, count);
}
