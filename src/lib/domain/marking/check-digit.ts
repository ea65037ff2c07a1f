/**
 * GS1's mod-10 check digit, shared by GTINs (8, 12, 13, 14 digits) and SSCCs (18): from the right,
 * the digits before the check are weighted 3, 1, 3, 1…; the check digit rounds their sum up to a
 * multiple of ten (GS1 General Specifications §7.9.1).
 */

/**
 * The check digit for `body` (the digits without their check digit).
 * @example gs1CheckDigit('400638133393') // 1, as in 4006381333931
 */
export function gs1CheckDigit(body: string): number {
	let sum = 0;
	for (let i = 0; i < body.length; i++) {
		const digit = body.charCodeAt(body.length - 1 - i) - 48;
		sum += digit * (i % 2 === 0 ? 3 : 1);
	}
	return (10 - (sum % 10)) % 10;
}

/** Whether `code` is all digits and its last one is the check digit of the rest. */
function checks(code: string, lengths: readonly number[]): boolean {
	return (
		lengths.includes(code.length) &&
		/^\d+$/.test(code) &&
		gs1CheckDigit(code.slice(0, -1)) === Number(code[code.length - 1])
	);
}

/** The lengths a GTIN comes in: GTIN-8 (EAN-8), GTIN-12 (UPC-A), GTIN-13 (EAN-13), GTIN-14. */
export const GTIN_LENGTHS = [8, 12, 13, 14] as const;

/**
 * Whether `code` is a GTIN-8/12/13/14 with a correct check digit.
 * @example isGtin('4006381333931') // true
 * @example isGtin('4006381333932') // false
 */
export function isGtin(code: string): boolean {
	return checks(code, GTIN_LENGTHS);
}

/**
 * Whether `code` is an SSCC (18 digits: extension digit, company prefix, serial, check digit).
 * @example isSscc('106141411234567897') // true
 */
export function isSscc(code: string): boolean {
	return checks(code, [18]);
}

/**
 * A GTIN of any length as the 14 digits a DataMatrix's (01) carries: zeros in front. Two GTINs
 * are the same product when their GTIN-14 forms are equal.
 * @example toGtin14('4006381333931') // '04006381333931'
 */
export function toGtin14(gtin: string): string {
	return gtin.padStart(14, '0');
}
