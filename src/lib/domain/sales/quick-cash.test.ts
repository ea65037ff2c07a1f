import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { quickCash } from './quick-cash';

describe('quickCash', () => {
	it('offers the exact sum, then the notes a customer rounds up to', () => {
		// UZS 48,000: exact, 50,000 (one note), 60,000 (three 20s), 100,000.
		expect(quickCash(4_800_000, 'UZS')).toEqual([4_800_000, 5_000_000, 6_000_000, 10_000_000]);
		// UZS 12,300: 13,000 in thousands, 14,000 in twos, 15,000 in fives, then 20,000.
		expect(quickCash(1_230_000, 'UZS')).toEqual([1_230_000, 1_300_000, 1_400_000, 1_500_000]);
		expect(quickCash(1_299, 'USD')).toEqual([1_299, 1_300, 1_500, 2_000]);
	});

	it('offers a round total once, not as a note as well', () => {
		expect(quickCash(5_000_000, 'UZS')).toEqual([5_000_000, 6_000_000, 10_000_000, 20_000_000]);
	});

	it('offers nothing for nothing to pay', () => {
		expect(quickCash(0, 'UZS')).toEqual([]);
	});

	it('never offers less than the total, and offers it first', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 1, max: 10 ** 12 }),
				fc.constantFrom('UZS', 'USD', 'XAF'),
				(total, cur) => {
					const amounts = quickCash(total, cur);
					expect(amounts[0]).toBe(total);
					expect(amounts.every((a) => a >= total)).toBe(true);
					expect(new Set(amounts).size).toBe(amounts.length);
				}
			)
		);
	});
});
