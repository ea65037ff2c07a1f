import { describe, expect, it } from 'vitest';
import { minorToInput, parseMoney } from './money';

describe('parseMoney', () => {
	it.each([
		['12500', 2, 1250000],
		['12500.5', 2, 1250050],
		['12 500,50', 2, 1250050],
		['0.1', 2, 10],
		['0', 2, 0],
		['1000', 0, 1000]
	])('%s with %i digits is %i minor units', (text, digits, minor) => {
		expect(parseMoney(text, digits)).toBe(minor);
	});

	it.each(['', '-5', '1.234', 'abc', '1e5', '12.5.1'])('refuses %j', (text) => {
		expect(parseMoney(text, 2)).toBeNull();
	});

	it('round-trips through the input form', () => {
		for (const minor of [0, 5, 99, 100, 1250050])
			expect(parseMoney(minorToInput(minor, 2), 2)).toBe(minor);
	});
});
