import { describe, expect, it } from 'vitest';
import {
	currencyDigits,
	minorPerUnit,
	fractionDigits,
	minorToInput,
	moneyFractionsOf,
	parseMoney
} from './money';

describe('parseMoney', () => {
	it.each([
		['12500', 2, 1250000],
		['12500.5', 2, 1250050],
		['12 500,50', 2, 1250050],
		['12\u00a0500.50', 2, 1250050],
		['0.1', 2, 10],
		['12.34', 2, 1234],
		['1.15', 2, 115],
		['0', 2, 0],
		['007.05', 2, 705],
		['12.', 2, 1200],
		['1000', 0, 1000],
		['1.234', 3, 1234],
		['9999999999.99', 2, 999999999999]
	])('%j with %i digits is %i minor units', (text, digits, minor) => {
		expect(parseMoney(text, digits)).toBe(minor);
	});

	it.each([
		['', 2],
		[' ', 2],
		['-5', 2],
		['+5', 2],
		['1.234', 2],
		['1.5', 0],
		['abc', 2],
		['1e5', 2],
		['12.5.1', 2],
		['1,234.50', 2],
		['.5', 2],
		['1234567890123456', 2]
	])('refuses %j with %i digits', (text, digits) => {
		expect(parseMoney(text, digits)).toBeNull();
	});

	it('is exact where floating point is not', () => {
		// 1.005 * 100 is 100.49999999999999 in floating point.
		expect(parseMoney('1.005', 3)).toBe(1005);
		for (let cents = 0; cents < 1000; cents++) {
			const text = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
			expect(parseMoney(text, 2)).toBe(cents);
		}
	});

	it('round-trips through the input form', () => {
		for (const minor of [0, 5, 99, 100, 1250050])
			expect(parseMoney(minorToInput(minor, 2), 2)).toBe(minor);
		expect(minorToInput(1000, 0)).toBe('1000');
		expect(minorToInput(5, 3)).toBe('0.005');
	});
});

describe('currencyDigits', () => {
	it.each([
		['UZS', 2],
		['USD', 2],
		['JPY', 0],
		['KWD', 3]
	])('%s has %i', (currency, digits) => {
		expect(currencyDigits(currency)).toBe(digits);
	});

	it('falls back to two for a code Intl refuses', () => {
		expect(currencyDigits('not a code')).toBe(2);
	});

	it('gives the minor units in one unit of the currency', () => {
		expect([minorPerUnit('UZS'), minorPerUnit('JPY'), minorPerUnit('KWD')]).toEqual([100, 1, 1000]);
	});
});

describe('how sums are written', () => {
	it('follows the currency’s custom unless the organization chose', () => {
		expect(moneyFractionsOf('UZS')).toBe('when_needed');
		expect(moneyFractionsOf('USD')).toBe('always');
		expect(moneyFractionsOf('UZS', 'always')).toBe('always');
		expect(moneyFractionsOf('EUR', 'when_needed')).toBe('when_needed');
	});

	it('drops the fraction digits of a whole sum only, never hiding a fraction that is there', () => {
		expect(fractionDigits(4_800_000, 'UZS', 'when_needed')).toBe(0);
		expect(fractionDigits(4_800_050, 'UZS', 'when_needed')).toBe(2);
		expect(fractionDigits(4_800_000, 'UZS', 'always')).toBe(2);
		expect(fractionDigits(1_500, 'JPY', 'always')).toBe(0);
	});
});
