import { describe, expect, it } from 'vitest';
import { datesOf, parseTargetTexts, progress, targetSetArgs } from './targets';

describe('targets', () => {
	it('reads the typed figures: empty is no target, money in the currency’s decimals', () => {
		expect(
			parseTargetTexts(
				{ salesAmount: '5 000 000', visits: '120', strikeRate: '', mustSellCoverage: '85,5' },
				0
			)
		).toEqual({
			figures: { salesAmount: 5_000_000, visits: 120, strikeRate: null, mustSellCoverage: 85.5 },
			invalid: []
		});
		expect(
			parseTargetTexts(
				{ salesAmount: '12.345', visits: '1.5', strikeRate: '101', mustSellCoverage: 'x' },
				2
			).invalid
		).toEqual(['salesAmount', 'visits', 'strikeRate', 'mustSellCoverage']);
	});

	it('a month is YYYY-MM with its days; progress is a percent of the target', () => {
		expect(datesOf('2028-02')).toHaveLength(29);
		const base = {
			id: '01932c6e-0000-7000-8000-000000000000',
			repId: '01932c6e-0000-7000-8000-000000000001'
		};
		expect(targetSetArgs.safeParse({ ...base, month: '2026-11' }).success).toBe(true);
		expect(targetSetArgs.safeParse({ ...base, month: '2026-1' }).success).toBe(false);
		expect([progress(50, 200), progress(5, 0), progress(5, null)]).toEqual([25, 100, null]);
	});
});
