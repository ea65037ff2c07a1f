import { describe, expect, it } from 'vitest';
import { gs1CheckDigit, isGtin, isSscc, toGtin14 } from './check-digit';

describe('GS1 check digits', () => {
	it('accepts real GTINs of every length and refuses a changed digit', () => {
		// GS1's own examples: an EAN-13, an EAN-8, a UPC-A, a GTIN-14 from a DataMatrix.
		for (const gtin of ['4006381333931', '96385074', '036000291452', '04780000000014']) {
			expect(isGtin(gtin), gtin).toBe(true);
			const last = Number(gtin.at(-1));
			expect(isGtin(gtin.slice(0, -1) + ((last + 1) % 10)), gtin).toBe(false);
		}
	});

	it('refuses what is not 8, 12, 13 or 14 digits', () => {
		for (const code of ['', '4780000000', '478000000001x', '4006381333931 ', '123456789012345']) {
			expect(isGtin(code), code).toBe(false);
		}
	});

	it('checks an SSCC: 18 digits, the same mod-10 rule', () => {
		expect(gs1CheckDigit('10614141123456789')).toBe(7);
		expect(isSscc('106141411234567897')).toBe(true);
		expect(isSscc('106141411234567898')).toBe(false);
		expect(isSscc('4006381333931')).toBe(false);
	});

	it('pads a GTIN to the 14 digits a DataMatrix carries', () => {
		expect(toGtin14('4780000000014')).toBe('04780000000014');
		expect(toGtin14('96385074')).toBe('00000096385074');
		expect(isGtin(toGtin14('96385074'))).toBe(true);
	});
});
