import { describe, expect, it } from 'vitest';
import {
	dayBounds,
	differing,
	expectedCash,
	expectedStock,
	stockDifferences,
	summarize,
	unloadLines
} from './day-close';

describe('expected van stock', () => {
	it("is the van's balances, without other warehouses or products at zero", () => {
		const got = expectedStock(
			[
				{ warehouseId: 'V', productId: 'tea', milli: 5000 },
				{ warehouseId: 'V', productId: 'rice', milli: 0 },
				{ warehouseId: 'W', productId: 'tea', milli: 90_000 },
				{ warehouseId: 'V', productId: 'juice', milli: 2500 }
			],
			'V'
		);
		expect([...got]).toEqual([
			['tea', 5000],
			['juice', 2500]
		]);
	});
});

describe('expected cash', () => {
	const at = (iso: string) => Date.parse(iso);
	const pay = (method: string, amount: number, iso: string, authorId = 'rep') => ({
		method,
		amount,
		authorId,
		at: at(iso)
	});

	it("adds the rep's cash sales and collections of the day, less cash refunds", () => {
		const payments = [
			pay('cash', 50_000, '2026-11-30T06:00:00Z'), // a sale paid in cash
			pay('cash', 20_000, '2026-11-30T09:00:00Z'), // a debt collected
			pay('cash', -7_000, '2026-11-30T10:00:00Z'), // a return paid back
			pay('card', 40_000, '2026-11-30T11:00:00Z'), // never in the rep's hands
			pay('transfer', 30_000, '2026-11-30T11:00:00Z'),
			pay('cash', 99_000, '2026-11-30T11:00:00Z', 'other-rep'),
			pay('cash', 11_000, '2026-11-29T12:00:00Z') // yesterday
		];
		expect(expectedCash(payments, 'rep', '2026-11-30')).toBe(63_000);
	});

	it("takes the day in the organization's time zone", () => {
		// 20:30 UTC on the 29th is 01:30 on the 30th in Tashkent (UTC+5).
		const late = [pay('cash', 5_000, '2026-11-29T20:30:00Z')];
		expect(expectedCash(late, 'rep', '2026-11-30', 'Asia/Tashkent')).toBe(5_000);
		expect(expectedCash(late, 'rep', '2026-11-30', 'UTC')).toBe(0);
		expect(dayBounds('2026-11-30', 'Asia/Tashkent')).toEqual({
			from: at('2026-11-29T19:00:00Z'),
			to: at('2026-11-30T19:00:00Z')
		});
	});
});

describe('stock differences', () => {
	const expected = new Map([
		['tea', 10_000],
		['rice', 2_500],
		['juice', 4_000]
	]);

	it('lines up each product expected with its count, uncounted ones as zero', () => {
		const lines = stockDifferences(expected, [
			{ productId: 'tea', counted: 8_000 },
			{ productId: 'rice', counted: 2_500 },
			{ productId: 'cola', counted: 1_000 }
		]);
		expect(lines).toEqual([
			{ productId: 'tea', expected: 10_000, counted: 8_000, diff: -2_000 },
			{ productId: 'rice', expected: 2_500, counted: 2_500, diff: 0 },
			{ productId: 'juice', expected: 4_000, counted: 0, diff: -4_000 },
			{ productId: 'cola', expected: 0, counted: 1_000, diff: 1_000 }
		]);
		expect(differing(lines).map((l) => l.productId)).toEqual(['tea', 'juice', 'cola']);
		const s = summarize(lines, 63_000, 60_000);
		expect(s).toMatchObject({ differing: 3, cashDiff: -3_000 });
	});
});

describe('the unload', () => {
	const lines = stockDifferences(new Map([['tea', 10_000]]), [
		{ productId: 'tea', counted: 8_000 },
		{ productId: 'cola', counted: 0 }
	]);

	it('moves every counted product, all of it, by default', () => {
		expect(unloadLines(lines)).toEqual({ lines: [{ productId: 'tea', milli: 8_000 }] });
	});

	it('moves a chosen part, refusing more than counted, a product not counted, and repeats', () => {
		expect(unloadLines(lines, [{ productId: 'tea', milli: 3_000 }])).toEqual({
			lines: [{ productId: 'tea', milli: 3_000 }]
		});
		expect(
			unloadLines(lines, [
				{ productId: 'tea', milli: 9_000 },
				{ productId: 'rice', milli: 1 },
				{ productId: 'tea', milli: 1 }
			])
		).toEqual({
			problems: [
				{ index: 0, problem: 'too_big' },
				{ index: 1, problem: 'not_found' },
				{ index: 2, problem: 'duplicate' }
			]
		});
	});
});
