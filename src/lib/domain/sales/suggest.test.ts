import { describe, expect, it } from 'vitest';
import {
	lastDocumentLines,
	lastVisitLines,
	pastDocuments,
	suggestMilli,
	SUGGEST_VISITS,
	visitsOf
} from './suggest';

const DAY = 86_400_000;
const dayOf = (at: number) => new Date(at).toISOString().slice(0, 10);
/** A shop's history: weekly visits, newest last as they happened. */
const at = (week: number, hour = 10) => Date.UTC(2026, 10, 2) + week * 7 * DAY + hour * 3_600_000;
const doc = (week: number, lines: Record<string, number>, hour?: number) => ({
	at: at(week, hour),
	lines: Object.entries(lines).map(([productId, qty]) => ({ productId, qty }))
});

describe('suggested quantities from a trade point’s history', () => {
	const history = [
		doc(0, { tea: 100 }), // the oldest: beyond the last five visits, it is not counted
		doc(1, { tea: 6, rice: 2.5 }),
		doc(2, { tea: 4 }),
		doc(3, { tea: 5, rice: 1.2 }),
		doc(4, { tea: 3 }),
		// One stop with a sale in the morning and an order in the afternoon: one visit.
		doc(5, { tea: 2 }, 9),
		doc(5, { tea: 1, juice: 12 }, 15)
	];
	const visits = visitsOf(history, dayOf);

	it('groups documents into visits, newest first, a day’s documents as one', () => {
		expect(visits).toHaveLength(6);
		expect(visits[0]).toEqual(
			new Map([
				['tea', 3000],
				['juice', 12000]
			])
		);
	});

	it('averages the last visits, counting a visit without the product as none', () => {
		expect(SUGGEST_VISITS).toBe(5);
		// Tea over the last five visits: 3 + 3 + 5 + 4 + 6 = 21, 4.2 a visit, up to 5 pieces.
		expect(suggestMilli(visits, 'tea', 'pcs')).toBe(5000);
		// Juice once in five visits: 12 / 5 = 2.4, up to 3.
		expect(suggestMilli(visits, 'juice', 'pcs')).toBe(3000);
		// Rice by weight: 3.7 kg / 5 = 0.74, up to the next tenth: 0.8 kg.
		expect(suggestMilli(visits, 'rice', 'kg')).toBe(800);
	});

	it('takes off what is still on the shelf, and never goes below zero', () => {
		expect(suggestMilli(visits, 'tea', 'pcs', 2)).toBe(3000); // 4.2 − 2 = 2.2 → 3
		expect(suggestMilli(visits, 'tea', 'pcs', 4.2)).toBe(0);
		expect(suggestMilli(visits, 'tea', 'pcs', 30)).toBe(0);
	});

	it('suggests nothing for a product never taken, or a shop never visited', () => {
		expect(suggestMilli(visits, 'soap', 'pcs')).toBe(0);
		expect(suggestMilli([], 'tea', 'pcs')).toBe(0);
	});

	it('rounds up to whole packs of a product sold in packs', () => {
		// Tea 4.2 a visit in cases of 12: one case. Juice 2.4 in packs of 6: one pack.
		expect(suggestMilli(visits, 'tea', 'pcs', 0, 12)).toBe(12000);
		expect(suggestMilli(visits, 'juice', 'pcs', 0, 6)).toBe(6000);
		// 4.2 − 2 on the shelf = 2.2 in packs of 2: two packs (4), not 3 pieces.
		expect(suggestMilli(visits, 'tea', 'pcs', 2, 2)).toBe(4000);
		// Rice 0.74 kg in 0.25 kg bags: three bags (0.75 kg).
		expect(suggestMilli(visits, 'rice', 'kg', 0, 0.25)).toBe(750);
		// An exact number of packs stays as it is; nothing needed stays nothing.
		const even = visitsOf([doc(1, { tea: 24 })], dayOf);
		expect(suggestMilli(even, 'tea', 'pcs', 0, 12)).toBe(24000);
		expect(suggestMilli(visits, 'tea', 'pcs', 30, 12)).toBe(0);
		// No pack: as before.
		expect(suggestMilli(visits, 'tea', 'pcs', 0, null)).toBe(5000);
	});

	it('averages over fewer visits when the shop has had fewer', () => {
		const young = visitsOf([doc(1, { tea: 3 }), doc(2, { tea: 4 })], dayOf);
		expect(suggestMilli(young, 'tea', 'pcs')).toBe(4000); // 3.5 → 4
	});

	it('repeats the last visit’s lines', () => {
		expect(lastVisitLines(visits)).toEqual([
			['tea', 3000],
			['juice', 12000]
		]);
		expect(lastVisitLines([])).toEqual([]);
	});
});

describe('a trade point’s past documents', () => {
	const line = (productId: string, qty: number) => ({ productId, qty });
	const receipts = [
		{ tradePointId: 'shop', kind: 'sale', soldAt: 10, lines: [line('tea', 2)] },
		{ tradePointId: 'shop', kind: 'return', soldAt: 40, lines: [line('tea', 1)] },
		{ tradePointId: 'other', kind: 'sale', soldAt: 50, lines: [line('rice', 1)] }
	];
	const orders = [
		{
			tradePointId: 'shop',
			status: 'delivered',
			orderedAt: 20,
			lines: [line('juice', 6), line('tea', 1), line('tea', 2)]
		},
		{ tradePointId: 'shop', status: 'cancelled', orderedAt: 30, lines: [line('soap', 9)] }
	];

	it('are its sales and live orders, and the last one is what "repeat" takes', () => {
		const docs = pastDocuments('shop', receipts, orders);
		expect(docs.map((d) => d.at).sort()).toEqual([10, 20]);
		expect(lastDocumentLines(docs)).toEqual([
			['juice', 6000],
			['tea', 3000]
		]);
		expect(lastDocumentLines([])).toEqual([]);
	});
});
