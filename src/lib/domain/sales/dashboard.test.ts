import { describe, expect, it } from 'vitest';
import type { PlannedRoute } from '../field/routes';
import type { TargetRow } from '../sync/rows';
import { done, mustSellDone, repDay, repMonth, stockValue, type Docs } from './dashboard';
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

	it('rounds a day’s share of a sales target to the currency’s whole unit', () => {
		// UZS 4,800,000 over 31 working days: UZS 154,839 a day, never 154,838.71.
		expect(dayShare(480_000_000, 31, 100)).toBe(15_483_900);
		expect(dayShare(480_000_000, 31)).toBe(15_483_871);
		// Five Mondays in November 2026: 1,000,003 a day in minor units, shown as a whole sum.
		const monthly = [{ ...target, salesAmount: 5_000_015 }];
		expect(repDay(docs, [route], monthly, 'ann', DATE, 'UTC').soldTarget).toBe(1_000_003);
		expect(repDay(docs, [route], monthly, 'ann', DATE, 'UTC', false, 100).soldTarget).toBe(
			1_000_000
		);
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

describe('must-sell coverage of a rep’s visits', () => {
	// Retail's list: tea and juice are musts; the corner shop has its own (soap only).
	const assortments = [
		{
			id: 'l1',
			scope: 'channel' as const,
			channel: 'retail',
			tradePointId: null,
			lines: [
				{ productId: 'tea', mustSell: true },
				{ productId: 'rice', mustSell: false },
				{ productId: 'juice', mustSell: true }
			]
		},
		{
			id: 'l2',
			scope: 'tradePoint' as const,
			channel: null,
			tradePointId: 'corner',
			lines: [{ productId: 'soap', mustSell: true }]
		}
	];
	const points = new Map([
		['a', { id: 'a', channel: 'retail' }],
		['b', { id: 'b', channel: 'retail' }],
		['corner', { id: 'corner', channel: 'retail' }],
		['ph', { id: 'ph', channel: 'pharmacy' }]
	]);
	const line = (productId: string, qty = 1) => ({ productId, qty });
	const sale = (
		tradePointId: string,
		time: string,
		lines: ReturnType<typeof line>[],
		over = {}
	) => ({
		kind: 'sale' as const,
		authorId: 'ann',
		tradePointId,
		soldAt: at(DATE, time),
		lines,
		...over
	});
	const order = (
		tradePointId: string,
		time: string,
		lines: ReturnType<typeof line>[],
		over = {}
	) => ({
		status: 'new' as const,
		authorId: 'ann',
		tradePointId,
		orderedAt: at(DATE, time),
		lines,
		...over
	});
	const sources = {
		assortments,
		points,
		visits: [
			visit('v1', 'a', '09:00', '09:20'),
			// Back at A in the afternoon: the same stop of the day, counted once.
			visit('v1b', 'a', '15:00', '15:10'),
			visit('v2', 'b', '10:00', '10:15'),
			visit('v3', 'corner', '11:00', '11:30'),
			// A pharmacy has no must-sell list: nothing to cover.
			visit('v4', 'ph', '12:00', '12:10'),
			// Never checked out, the day not over: not done yet.
			visit('v5', 'b', '16:00', null)
		],
		receipts: [
			// A: tea sold in the morning, juice ordered in the afternoon below: both covered.
			sale('a', '09:10', [line('tea'), line('rice')]),
			// B: juice returned is not placed; tea sold by Bob is not Ann's.
			sale('b', '10:05', [line('juice')], { kind: 'return' }),
			sale('b', '10:06', [line('tea')], { authorId: 'bob' }),
			// Corner: soap sold yesterday is another day.
			sale('corner', '11:10', [line('soap')], { soldAt: at('2026-11-29') })
		],
		orders: [
			order('a', '15:05', [line('juice', 2)]),
			// A cancelled order places nothing.
			order('b', '10:10', [line('tea')], { status: 'cancelled' }),
			order('corner', '11:20', [line('tea')])
		]
	};
	const today = (d: string) => d === DATE;

	it('counts each visited stop’s must-sell lines against the rep’s own documents there that day', () => {
		// A: 2 of 2. B: 0 of 2 (a return, a cancelled order, Bob's sale). Corner: 0 of 1 (soap was
		// sold yesterday; tea is not a must there). Pharmacy: nothing required.
		expect(mustSellDone(sources, 'ann', today, 'UTC')).toEqual({
			covered: 2,
			required: 5,
			percent: 40
		});
	});

	it('follows the documents: an order placing the missing lines raises it', () => {
		const more = {
			...sources,
			orders: [
				...sources.orders,
				order('b', '10:12', [line('tea'), line('juice', 3)]),
				order('corner', '11:25', [line('soap', 4)])
			]
		};
		expect(mustSellDone(more, 'ann', today, 'UTC')).toEqual({
			covered: 5,
			required: 5,
			percent: 100
		});
	});

	it('counts a visit left open once the day is over, and is null with nothing to cover', () => {
		// B's second visit is the same stop as its first: still 5 required.
		expect(mustSellDone(sources, 'ann', today, 'UTC', true).required).toBe(5);
		expect(mustSellDone(sources, 'bob', today, 'UTC')).toEqual({
			covered: 0,
			required: 0,
			percent: null
		});
		expect(mustSellDone(sources, 'ann', (d) => d === '2026-11-29', 'UTC').percent).toBeNull();
	});
});
