import { describe, expect, it } from 'vitest';
import {
	move,
	nextStop,
	planVsFact,
	routeUpsertArgs,
	runsOn,
	stopsFor,
	visitState,
	weekdayOfDate,
	type PlannedRoute,
	type VisitFact
} from './routes';

const A = '0190a000-0000-7000-8000-00000000000a';
const B = '0190a000-0000-7000-8000-00000000000b';
const C = '0190a000-0000-7000-8000-00000000000c';
const REP = '0190a000-0000-7000-8000-000000000001';

const route = (over: Partial<PlannedRoute>): PlannedRoute => ({
	id: '0190a000-0000-7000-8000-0000000000f1',
	name: 'Monday',
	repId: REP,
	weekdays: [],
	date: null,
	stops: [A, B, C],
	archived: false,
	...over
});
const visit = (tp: string, at: number, over: Partial<VisitFact> = {}): VisitFact => ({
	id: `v-${tp}-${at}`,
	tradePointId: tp,
	checkInAt: at,
	checkOutAt: at + 600_000,
	flagged: false,
	...over
});

describe('days', () => {
	it('know their weekday, Sunday being 7', () => {
		expect(weekdayOfDate('2026-11-29')).toBe(7);
		expect(weekdayOfDate('2026-11-30')).toBe(1);
	});
});

describe('a route', () => {
	it('runs on its weekdays, or on its one date', () => {
		expect(runsOn(route({ weekdays: [1, 3] }), '2026-11-25')).toBe(true);
		expect(runsOn(route({ weekdays: [1, 3] }), '2026-11-26')).toBe(false);
		expect(runsOn(route({ date: '2026-11-26' }), '2026-11-26')).toBe(true);
		expect(runsOn(route({ date: '2026-11-26', archived: true }), '2026-11-26')).toBe(false);
	});

	it('is weekdays or a date, never both or neither', () => {
		const base = { id: A, name: 'R', repId: REP, stops: [B] };
		expect(routeUpsertArgs.safeParse({ ...base, weekdays: [1] }).success).toBe(true);
		expect(routeUpsertArgs.safeParse({ ...base, date: '2026-11-25' }).success).toBe(true);
		expect(routeUpsertArgs.safeParse(base).success).toBe(false);
		expect(routeUpsertArgs.safeParse({ ...base, weekdays: [1], date: '2026-11-25' }).success).toBe(
			false
		);
		expect(routeUpsertArgs.safeParse({ ...base, date: '2026-02-30' }).success).toBe(false);
		expect(routeUpsertArgs.safeParse({ ...base, weekdays: [8] }).success).toBe(false);
		expect(routeUpsertArgs.safeParse({ ...base, weekdays: [1], stops: [B, B] }).success).toBe(
			false
		);
	});

	it('gives a rep the day’s stops in order, a dated route first, each point once', () => {
		const weekly = route({ id: B, name: 'Weekly', weekdays: [3], stops: [A, B] });
		const dated = route({ id: C, name: 'Extra', date: '2026-11-25', stops: [C, A] });
		const other = route({ repId: A, weekdays: [3], stops: [B] });
		expect(stopsFor([weekly, dated, other], REP, '2026-11-25')).toEqual([C, A, B]);
		expect(stopsFor([weekly, dated, other], REP, '2026-11-26')).toEqual([]);
	});
});

describe('plan against fact', () => {
	it('shows missed stops only once the day is over', () => {
		const visits = [visit(A, 1000)];
		expect(planVsFact([A, B], visits, false).stops.map((s) => s.status)).toEqual([
			'visited',
			'pending'
		]);
		const over = planVsFact([A, B], visits, true);
		expect(over.stops.map((s) => s.status)).toEqual(['visited', 'missed']);
		expect(over.counts).toMatchObject({ planned: 2, visited: 1, missed: 1 });
	});

	it('marks a stop visited after a later-planned one as out of order', () => {
		const fact = planVsFact([A, B, C], [visit(A, 1), visit(C, 2), visit(B, 3)], true);
		expect(fact.stops.map((s) => s.outOfOrder)).toEqual([false, true, false]);
		expect(fact.counts.outOfOrder).toBe(1);
	});

	it('keeps unplanned visits and flagged distances, and an open visit is in progress', () => {
		const fact = planVsFact(
			[A, B],
			[
				visit(A, 1, { flagged: true }),
				visit(C, 2, { flagged: true }),
				visit(B, 3, { checkOutAt: null })
			],
			false
		);
		expect(fact.unplanned.map((v) => v.tradePointId)).toEqual([C]);
		expect(fact.stops.map((s) => s.status)).toEqual(['visited', 'in_progress']);
		expect(fact.counts.flagged).toBe(2);
	});

	it('counts a stop visited twice once, by its first visit', () => {
		const fact = planVsFact([A], [visit(A, 50), visit(A, 10)], true);
		expect(fact.stops[0]!.visit!.checkInAt).toBe(10);
		expect(fact.counts.visited).toBe(1);
	});
});

describe('visits never checked out', () => {
	it('show as not checked out, not as visited, and are counted apart', () => {
		const fact = planVsFact(
			[A, B, C],
			[
				visit(A, 1, { checkOutAt: 5, outcome: 'not_checked_out' }),
				visit(B, 5),
				visit(C, 9, { checkOutAt: 12, outcome: 'sale' })
			],
			false
		);
		expect(fact.stops.map((s) => s.status)).toEqual(['not_checked_out', 'visited', 'visited']);
		expect(fact.counts).toMatchObject({ planned: 3, visited: 2, notCheckedOut: 1 });
	});

	it('a visit still open when the day is over was never checked out', () => {
		const open = visit(A, 1, { checkOutAt: null });
		expect(visitState(open, false)).toBe('in_progress');
		expect(visitState(open, true)).toBe('not_checked_out');
		const over = planVsFact([A], [open], true);
		expect(over.stops[0]!.status).toBe('not_checked_out');
		expect(over.counts).toMatchObject({ visited: 0, missed: 0, notCheckedOut: 1 });
	});

	it('a stop the rep came back to and checked out of counts as visited', () => {
		const fact = planVsFact(
			[A],
			[visit(A, 1, { checkOutAt: 5, outcome: 'not_checked_out' }), visit(A, 20)],
			true
		);
		expect(fact.stops[0]!.status).toBe('visited');
		expect(fact.stops[0]!.visit!.checkInAt).toBe(20);
	});

	it('unplanned visits never checked out are counted too', () => {
		const fact = planVsFact([A], [visit(A, 1), visit(C, 9, { outcome: 'not_checked_out' })], true);
		expect(fact.counts.notCheckedOut).toBe(1);
	});
});

describe('moving a stop', () => {
	it('moves up, down, and clamps at the ends', () => {
		expect(move([A, B, C], 2, 0)).toEqual([C, A, B]);
		expect(move([A, B, C], 0, 1)).toEqual([B, A, C]);
		expect(move([A, B, C], 0, 99)).toEqual([B, C, A]);
		expect(move([A, B, C], 5, 0)).toEqual([A, B, C]);
	});
});

describe('the next stop', () => {
	const D = '0190a000-0000-7000-8000-00000000000d';
	const stops = [A, B, C, D];

	it('is the next stop in route order not yet visited', () => {
		expect(nextStop(stops, [visit(A, 1)], A)).toEqual({ tradePointId: B, planned: 2, left: 3 });
		expect(nextStop(stops, [visit(A, 1), visit(B, 2)], B)).toEqual({
			tradePointId: C,
			planned: 3,
			left: 2
		});
	});

	it('goes on ahead of the stop just left before coming back for a skipped one', () => {
		// B skipped: after C comes D, then B.
		expect(nextStop(stops, [visit(A, 1), visit(C, 2)], C)).toEqual({
			tradePointId: D,
			planned: 4,
			left: 2
		});
		expect(nextStop(stops, [visit(A, 1), visit(C, 2), visit(D, 3)], D)).toEqual({
			tradePointId: B,
			planned: 2,
			left: 1
		});
	});

	it('counts a stop whose visit was never checked out as still to do', () => {
		const left = visit(B, 2, { checkOutAt: 3, outcome: 'not_checked_out' });
		expect(nextStop(stops, [visit(A, 1), left, visit(C, 4), visit(D, 5)], D)?.tradePointId).toBe(B);
	});

	it('from a trade point off the route, is the first stop not yet visited', () => {
		expect(nextStop(stops, [visit(A, 1)], 'elsewhere')?.tradePointId).toBe(B);
		expect(nextStop(stops, [], null)?.tradePointId).toBe(A);
	});

	it('is nothing when the route is done (the stop just left counts as done)', () => {
		const all = [visit(A, 1), visit(B, 2), visit(C, 3), visit(D, 4, { checkOutAt: null })];
		expect(nextStop(stops, all, D)).toBeNull();
		expect(nextStop([], [], null)).toBeNull();
	});
});
