/**
 * Stock quantities are exact: stored as integer thousandths of the product's unit ("milli"),
 * so 1.005 kg is 1005 and summing a ledger never drifts the way 0.1 + 0.2 does in floats.
 * The API speaks JSON numbers in the unit with at most three decimals.
 */
import { COUNTED_UNITS, type Unit } from '../catalog/units';
import { fieldError, type FieldError } from '../errors';

export const MILLI = 1000;
/** The most one document line may carry, in the unit (10^9). */
export const MAX_LINE_QTY = 1_000_000_000;

export type QtyProblem =
	'not_a_number' | 'not_positive' | 'too_many_decimals' | 'whole_only' | 'too_large';

/** What each problem says to the person who typed it (the UI translates the code). */
export const QTY_PROBLEM_TEXT: Record<QtyProblem, string> = {
	not_a_number: 'Not a number',
	not_positive: 'Must be more than zero',
	too_many_decimals: 'At most three decimals',
	whole_only: 'Whole numbers only for this unit',
	too_large: `At most ${MAX_LINE_QTY}`
};

/**
 * A refused quantity as a field error: the problem is its code, except `too_large`, which is
 * the general `too_big` with its limit.
 * @example qtyFieldError('whole_only') // { code: 'whole_only', message: 'Whole numbers only for this unit' }
 */
export function qtyFieldError(problem: QtyProblem): FieldError {
	return problem === 'too_large'
		? fieldError('too_big', QTY_PROBLEM_TEXT[problem], { max: MAX_LINE_QTY })
		: fieldError(problem, QTY_PROBLEM_TEXT[problem]);
}

/** What can be wrong with a quantity as typed: the number's problems, or nothing typed. */
export type TypedQtyProblem = QtyProblem | 'empty';

/** Digits, then optionally one decimal point or comma and more digits: "10", "1.5", "1,5". */
const TYPED_QTY = /^\d+(?:[.,]\d+)?$/;

/**
 * A quantity as a person types it, the one rule every quantity box reads by. "1,5" and "1.5"
 * are one and a half; a partial entry ("10.", ",5", "") or anything else is refused rather than
 * guessed, so what a screen totals is exactly what it would send. `allowZero` is for a
 * stocktake, which may count nothing.
 * @example parseTypedQty('10,5', 'kg') // { milli: 10500 }
 * @example parseTypedQty('10.', 'kg') // { problem: 'not_a_number' }
 */
export function parseTypedQty(
	typed: string,
	unit: Unit,
	{ allowZero = false } = {}
): { milli: number } | { problem: TypedQtyProblem } {
	const trimmed = typed.trim();
	if (trimmed === '') return { problem: 'empty' };
	if (!TYPED_QTY.test(trimmed)) return { problem: 'not_a_number' };
	const n = Number(trimmed.replace(',', '.'));
	if (allowZero && n === 0) return { milli: 0 };
	return toMilli(n, unit);
}

/**
 * A line's quantity in thousandths of the unit, or the reason it is refused. Decimal digits are
 * read from the number's shortest text form, never by multiplying (1.005 * 1000 is 1004.9999…).
 * @example toMilli(1.25, 'kg') // { milli: 1250 }
 * @example toMilli(1.5, 'pcs') // { problem: 'whole_only' }
 */
export function toMilli(qty: unknown, unit: Unit): { milli: number } | { problem: QtyProblem } {
	if (typeof qty !== 'number' || !Number.isFinite(qty)) return { problem: 'not_a_number' };
	if (qty <= 0) return { problem: 'not_positive' };
	if (qty > MAX_LINE_QTY) return { problem: 'too_large' };
	const [whole = '0', fraction = ''] = String(qty).split('.');
	// Numbers this small print in exponent form ("1e-7"): certainly more than three decimals.
	if (/e/i.test(whole) || fraction.length > 3) return { problem: 'too_many_decimals' };
	if (fraction.length > 0 && COUNTED_UNITS.includes(unit)) return { problem: 'whole_only' };
	return { milli: Number(whole) * MILLI + Number(fraction.padEnd(3, '0')) };
}

/**
 * Thousandths back into the unit, for JSON and display.
 * @example fromMilli(1250) // 1.25
 */
export function fromMilli(milli: number): number {
	const sign = milli < 0 ? -1 : 1;
	const abs = Math.abs(milli);
	return sign * Number(`${Math.trunc(abs / MILLI)}.${String(abs % MILLI).padStart(3, '0')}`);
}

/**
 * A quantity already known to be valid (from a synced row) in thousandths. Rounding only
 * removes the float's representation error: 1.005 * 1000 is 1004.999…, and is 1005.
 */
export const milliOf = (qty: number): number => Math.round(qty * MILLI);

/**
 * What one tap of a quantity stepper adds or takes, in thousandths: a whole pack where the
 * product has one (a case of 12: 12 at a time), else one unit. Typing stays free.
 */
export const stepMilli = (packSize?: number | null): number =>
	packSize && packSize > 0 ? milliOf(packSize) : MILLI;
