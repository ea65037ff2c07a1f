import { describe, expect, it } from 'vitest';
import type { PlannedRoute } from '../field/routes';
import type { TargetRow } from '../sync/rows';
import { done, repDay, repMonth, stockValue, type Docs } from './dashboard';
import { dayShare, workDays } from './targets';

const at = (date: string, time = '10:00') => Date.parse(`${date}T${time}:00Z`);
const DATE = '2026-11-30'; // a Monday
const route: PlannedRoute = {
	id: 'r1',
	name: 'Monday',
	repId: 'ann',
	weekdays: [1],
	date: null,
	stops: ['a', 'b', 'c', 'd'],
	archived: false
};
const visit = (
	id: string,
	tradePointId: string,
	time: string,
	out: string | null,
	flagged = false
) => ({
	id,
	authorId: 'ann',
	tradePointId,
	checkInAt: at(DATE, time),
	checkOutAt: out ? at(DATE, out) : null,
	flagged,
	distance: flagged ? 900 : 10,
	outcome: null
});
const docs: Docs = {
	visits: [
		visit('v1', 'a', '09:00', '09:20'),
		visit('v2', 'b', '10:00', '10:15', true),
		visit('v3', 'c', '11:00', null),
		{ ...visit('v4', 'a', '08:00', null), authorId: 'bob' }
	],
	receipts: [
		{
			id: 's1',
			kind: 'sale',
			authorId: 'ann',
			tradePointId: 'a',
			soldAt: at(DATE, '09:10'),
			total: 120_000
		},
		{
			id: 's2',
			kind: 'return',
			authorId: 'ann',
			tradePointId: 'a',
			soldAt: at(DATE, '09:15'),
			total: 20_000
		},
		// Yesterday's: another day.
		{
			id: 's3',
			kind: 'sale',
			authorId: 'ann',
			tradePointId: 'b',
			soldAt: at('2026-11-29'),
			total: 70_000
		},
		{ id: 's4', kind: 'sale', authorId: 'bob', tradePointId: 'b', soldAt: at(DATE), total: 1 }
	],
	orders: [
		{
			id: 'o1',
			status: 'new',
			authorId: 'ann',
			tradePointId: 'c',
			orderedAt: at(DATE, '11:05'),
			total: 50_000
		},
		{
			id: 'o2',
			status: 'cancelled',
			authorId: 'ann',
			tradePointId: 'b',
			orderedAt: at(DATE, '10:05'),
			total: 999
		}
	],
	payments: [
		{ authorId: 'ann', method: 'cash', amount: 120_000, at: at(DATE, '09:10') },
		{ authorId: 'ann', method: 'cash', amount: -20_000, at: at(DATE, '09:15') },
		{ authorId: 'ann', method: 'card', amount: 5_000, at: at(DATE, '09:16') }
	]
};
const target: TargetRow = {
	id: 't',
	version: 1,
	updatedAt: 0,
	branchId: 'br',
	repId: 'ann',
	month: '2026-11',
	salesAmount: 1_000_000,
	visits: 40,
	strikeRate: 50,
	mustSellCoverage: null
};

describe('a rep’s day', () => {
	it('sums the rep’s own documents of that day: sales less returns, orders, cash, strike rate', () => {
		const d = done(docs, 'ann', (x) => x === DATE, 'UTC');
		expect(d).toMatchObject({
			sales: 100_000,
			saleCount: 1,
			orders: 50_000,
			orderCount: 1,
			sold: 150_000,
			averageOrder: 75_000,
			cash: 100_000,
			visits: 3,
			// a (sale) and c (order) struck; b's only order was cancelled.
			strikeVisits: 2,
			strikeRate: 67
		});
	});

	it('plans against fact: stops done and left, the next stop, the day’s share of the target', () => {
		const day = repDay(docs, [route], [target], 'ann', DATE, 'UTC');
		// November has five Mondays: the route's working days.
		expect(workDays('2026-11', [route], 'ann')).toHaveLength(5);
		expect(day).toMatchObject({
			planned: 4,
			visitedPlanned: 3,
			left: 1,
			nextStop: 'c', // still being visited
			flagged: 1,
			soldTarget: 200_000,
			soldProgress: 75,
			visitsTarget: 8
		});
		const after = repDay(
			{
				...docs,
				visits: docs.visits.map((v) =>
					v.id === 'v3' ? { ...v, checkOutAt: at(DATE, '11:30') } : v
				)
			},
			[route],
			[target],
			'ann',
			DATE,
			'UTC'
		);
		expect(after.nextStop).toBe('d');
	});

	it('without a route the month’s working days are Monday to Saturday', () => {
		expect(workDays('2026-11', [], 'ann')).toHaveLength(25);
		expect(dayShare(1_000_000, 25)).toBe(40_000);
	});
});

describe('a rep’s month', () => {
	it('adds up the month against the target', () => {
		const m = repMonth(docs, [target], 'ann', '2026-11', 'UTC');
		expect(m.done.sold).toBe(220_000);
		expect(m).toMatchObject({ soldProgress: 22, visitsProgress: 5 });
		// The open visit counts as not checked out once the month is read as over.
		expect(m.done.visits).toBe(2);
		expect(repMonth(docs, [target], 'bob', '2026-11', 'UTC').target).toBeNull();
	});
});

describe('stock value', () => {
	it('values what is on hand at the price, and counts what has none', () => {
		const prices = new Map([
			['p1', 12_500],
			['p2', 8_990]
		]);
		expect(
			stockValue(
				[
					{ productId: 'p1', qty: 10 },
					{ productId: 'p2', qty: 2.5 },
					{ productId: 'p3', qty: 1 },
					{ productId: 'p1', qty: -3 }
				],
				(id) => prices.get(id)
			)
		).toEqual({ value: 125_000 + 22_475, unpriced: 1 });
	});
});
