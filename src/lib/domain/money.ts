/**
 * Money is integer minor units. Typed amounts are converted by joining digit strings, never by
 * multiplying floats (12.34 * 100 is 1233.9999999999998 in floating point).
 */

/** Asked per cell of a list; making the formatter to ask costs tens of microseconds. */
const DIGITS = new Map<string, number>();

/**
 * The currency's minor digits as Intl knows them (UZS 2, JPY 0, KWD 3), the same figure
 * `formatMoney` divides by.
 * @example currencyDigits('UZS') // 2
 */
export function currencyDigits(currency: string): number {
	let digits = DIGITS.get(currency);
	if (digits === undefined) {
		try {
			digits =
				new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
					.maximumFractionDigits ?? 2;
		} catch {
			digits = 2; // An unknown code: Intl throws; two digits is the common case.
		}
		DIGITS.set(currency, digits);
	}
	return digits;
}

/**
 * Minor units in one unit of the currency: what a whole sum is divided by to be shown in units.
 * @example minorPerUnit('UZS') // 100
 */
export function minorPerUnit(currency: string): number {
	return 10 ** currencyDigits(currency);
}

/**
 * How sums show their minor units: `always` (12,000.00) or `when_needed` (12,000, but 12,000.50:
 * a fraction that is there is never hidden).
 */
export const MONEY_FRACTIONS = ['always', 'when_needed'] as const;
export type MoneyFractions = (typeof MONEY_FRACTIONS)[number];

/** Currencies whose minor units (tiyin, tyiyn, diram) are out of everyday use. */
const USED_WHOLE = new Set(['UZS', 'KZT', 'KGS', 'TJS']);

/**
 * The organization's choice, else the currency's custom.
 * @example moneyFractionsOf('UZS') // 'when_needed'
 */
export function moneyFractionsOf(
	currency: string,
	setting?: MoneyFractions | null
): MoneyFractions {
	return setting ?? (USED_WHOLE.has(currency) ? 'when_needed' : 'always');
}

/**
 * How many fraction digits a sum is written with: none for a whole sum when fractions are shown
 * only when needed, else all the currency has.
 * @example fractionDigits(4_800_000, 'UZS', 'when_needed') // 0
 * @example fractionDigits(4_800_050, 'UZS', 'when_needed') // 2
 */
export function fractionDigits(minor: number, currency: string, fractions: MoneyFractions): number {
	const digits = currencyDigits(currency);
	return fractions === 'when_needed' && minor % 10 ** digits === 0 ? 0 : digits;
}

/**
 * A typed amount in minor units, or null unless it is a plain non-negative decimal with at most
 * `digits` decimals. Spaces (also no-break) group thousands; a comma or a point marks decimals.
 * @example parseMoney('12 500,50', 2) // 1250050
 */
export function parseMoney(text: string, digits: number): number | null {
	const clean = text.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
	const match = /^(\d+)(?:\.(\d*))?$/.exec(clean);
	if (!match) return null;
	const [, whole = '', fraction = ''] = match;
	if (fraction.length > digits) return null;
	const minor = `${whole}${fraction.padEnd(digits, '0')}`.replace(/^0+(?=\d)/, '');
	// Past 15 digits a Number stops holding every integer; no price is that large anyway.
	if (minor.length > 15) return null;
	return Number(minor);
}

/**
 * Minor units back into the text an input shows, without grouping.
 * @example minorToInput(1250050, 2) // '12500.50'
 */
export function minorToInput(minor: number, digits: number): string {
	if (digits === 0) return String(minor);
	const s = String(minor).padStart(digits + 1, '0');
	return `${s.slice(0, -digits)}.${s.slice(-digits)}`;
}
