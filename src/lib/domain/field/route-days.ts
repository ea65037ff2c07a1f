/**
 * A route's days and stops, and plan against fact, apart from the route mutations' schemas
 * (routes.ts re-exports them): the rep's home and the dashboards read these without loading the
 * validation library. Days are the organization's days (its time zone).
 */
import { NOT_CHECKED_OUT } from './visit-outcomes';

export interface PlannedRoute {
	id: string;
	name: string;
	repId: string;
	weekdays: number[];
	date: string | null;
	stops: string[];
	archived: boolean;
}

/** The weekday of a calendar date (no time zone: a date is a date). */
export function weekdayOfDate(date: string): number {
	const d = new Date(`${date}T00:00:00Z`).getUTCDay();
	return d === 0 ? 7 : d;
}

/** Whether a route runs on a day: its date, or one of its weekdays when it has no date. */
export function runsOn(route: PlannedRoute, date: string): boolean {
	if (route.archived) return false;
	return route.date ? route.date === date : route.weekdays.includes(weekdayOfDate(date));
}

/** A rep's stops for the day, in order; a trade point on two routes is planned once (the first). */
export function stopsFor(routes: PlannedRoute[], repId: string, date: string): string[] {
	const planned = routes
		.filter((r) => r.repId === repId && runsOn(r, date))
		// A route for that very date comes before the weekly ones; then by name, for a stable order.
		.sort((a, b) => Number(!!b.date) - Number(!!a.date) || a.name.localeCompare(b.name));
	const seen = new Set<string>();
	const stops: string[] = [];
	for (const r of planned) {
		for (const s of r.stops) {
			if (!seen.has(s)) {
				seen.add(s);
				stops.push(s);
			}
		}
	}
	return stops;
}

export interface VisitFact {
	id: string;
	tradePointId: string;
	checkInAt: number;
	checkOutAt: number | null;
	flagged: boolean;
	/** Metres from the trade point at check-in, when known. */
	distance?: number | null;
	/** The rep's outcome, or the not-checked-out mark (see visits.ts). */
	outcome?: string | null;
}

export type StopStatus = 'visited' | 'in_progress' | 'not_checked_out' | 'missed' | 'pending';
export type VisitState = Extract<StopStatus, 'visited' | 'in_progress' | 'not_checked_out'>;

/**
 * What became of a visit: checked out (visited), still open (in progress), or never checked
 * out: closed because the rep checked in elsewhere, or still open once the day is over.
 */
export function visitState(visit: VisitFact, dayOver: boolean): VisitState {
	if (visit.outcome === NOT_CHECKED_OUT) return 'not_checked_out';
	if (visit.checkOutAt === null) return dayOver ? 'not_checked_out' : 'in_progress';
	return 'visited';
}

export interface StopFact {
	tradePointId: string;
	/** 1-based place in the plan. */
	planned: number;
	status: StopStatus;
	/** The first visit there that day. */
	visit: VisitFact | null;
	/** Visited after a stop planned later had already been visited. */
	outOfOrder: boolean;
	/** The check-in was farther from the trade point than the organization allows. */
	flagged: boolean;
}

export interface PlanFact {
	stops: StopFact[];
	/** Visits to trade points not on the plan. */
	unplanned: VisitFact[];
	counts: {
		planned: number;
		/** Stops visited or being visited; a visit never checked out is not among them. */
		visited: number;
		missed: number;
		outOfOrder: number;
		flagged: number;
		notCheckedOut: number;
	};
}

/**
 * Plan against fact for one rep and day. `dayOver` says whether the day has ended (a stop not
 * visited by then is missed; before then it is pending).
 */
export function planVsFact(stops: string[], dayVisits: VisitFact[], dayOver: boolean): PlanFact {
	// A stop's visit is its first that day, unless that one was never checked out and a later
	// one was: the rep came back and finished the job.
	const byPoint = new Map<string, VisitFact>();
	for (const v of [...dayVisits].sort((a, b) => a.checkInAt - b.checkInAt)) {
		const first = byPoint.get(v.tradePointId);
		const unfinished = (x: VisitFact) => visitState(x, dayOver) === 'not_checked_out';
		if (!first || (unfinished(first) && !unfinished(v))) byPoint.set(v.tradePointId, v);
	}
	const planned = new Set(stops);
	let latestPlace = 0;
	const visitedInTimeOrder = stops
		.map((id, i) => ({ id, place: i + 1, visit: byPoint.get(id) }))
		.filter((s) => s.visit)
		.sort((a, b) => a.visit!.checkInAt - b.visit!.checkInAt);
	const outOfOrder = new Set<string>();
	for (const s of visitedInTimeOrder) {
		if (s.place < latestPlace) outOfOrder.add(s.id);
		latestPlace = Math.max(latestPlace, s.place);
	}
	const result: StopFact[] = stops.map((id, i) => {
		const visit = byPoint.get(id) ?? null;
		const status: StopStatus = visit ? visitState(visit, dayOver) : dayOver ? 'missed' : 'pending';
		return {
			tradePointId: id,
			planned: i + 1,
			status,
			visit,
			outOfOrder: outOfOrder.has(id),
			flagged: visit?.flagged ?? false
		};
	});
	const unplanned = dayVisits.filter((v) => !planned.has(v.tradePointId));
	return {
		stops: result,
		unplanned,
		counts: {
			planned: stops.length,
			visited: result.filter((s) => s.status === 'visited' || s.status === 'in_progress').length,
			missed: result.filter((s) => s.status === 'missed').length,
			outOfOrder: outOfOrder.size,
			flagged: result.filter((s) => s.flagged).length + unplanned.filter((v) => v.flagged).length,
			notCheckedOut:
				result.filter((s) => s.status === 'not_checked_out').length +
				unplanned.filter((v) => visitState(v, dayOver) === 'not_checked_out').length
		}
	};
}

/** Moves the item at `from` to `to` (a drag, or a keyboard move); returns a new array. */
export function move<T>(items: readonly T[], from: number, to: number): T[] {
	const next = [...items];
	if (from < 0 || from >= next.length) return next;
	const [item] = next.splice(from, 1);
	next.splice(Math.max(0, Math.min(to, next.length)), 0, item!);
	return next;
}

export interface NextStop {
	tradePointId: string;
	/** 1-based place in the day's plan. */
	planned: number;
	/** Stops of the day not yet visited, this one included. */
	left: number;
}

/**
 * Where to go after a stop: the next stop of the day's plan not yet visited, in route order
 * from the stop just left (a stop skipped earlier comes after the ones ahead, so the rep is not
 * sent back across town first). A visit closed as not checked out was not a visit: that stop
 * is still to do. Null when every stop is done: the route is over.
 * @example nextStop(['a', 'b', 'c'], [visitAt('a'), visitAt('b')], 'b') // { tradePointId: 'c', planned: 3, left: 1 }
 */
export function nextStop(
	stops: string[],
	dayVisits: VisitFact[],
	from: string | null
): NextStop | null {
	const todo = planVsFact(stops, dayVisits, false).stops.filter(
		(s) => (s.status === 'pending' || s.status === 'not_checked_out') && s.tradePointId !== from
	);
	const here = from === null ? -1 : stops.indexOf(from);
	const next = todo.find((s) => s.planned - 1 > here) ?? todo[0];
	return next
		? { tradePointId: next.tradePointId, planned: next.planned, left: todo.length }
		: null;
}
