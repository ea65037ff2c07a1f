/**
 * Money is integer minor units. Typed amounts are converted by string arithmetic, never through
 * floating point (0.1 + 0.2 must not become a price).
 */

/** "12 500,50" → 1250050 for 2 digits; null when it is not a non-negative amount with at most `digits` decimals. */
export function parseMoney(text: string, digits: number): number | null {
	const clean = text.replace(/[\s\u00a0]/g, '').replace(',', '.');
	const match = /^(\d{1,13})(?:\.(\d*))?$/.exec(clean);
	if (!match) return null;
	const [, whole, fraction = ''] = match;
	if (fraction.length > digits) return null;
	return Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
}

/** 1250050 → "12500.50" for 2 digits: the value to put back into an input. */
export function minorToInput(minor: number, digits: number): string {
	if (digits === 0) return String(minor);
	const s = String(minor).padStart(digits + 1, '0');
	return `${s.slice(0, -digits)}.${s.slice(-digits)}`;
}
