/**
 * The figures of a rep's day and month, from the documents themselves: the rep's home shows its
 * own, the manager's dashboard every rep's. Sold means sales less returns plus orders (an order
 * never becomes a receipt: a delivered order is owed for as it is), counted on the organization's
 * day of the sale or order; cancelled orders count for nothing.
 */
import { nextStop, planVsFact, stopsFor, visitState, type PlannedRoute } from '../field/route-days';
import type {
	BalanceRow,
	OrderRow,
	PaymentRow,
	ReceiptRow,
	TargetRow,
	VisitRow
} from '../sync/rows';
import { dayOf } from '../time';
import { mustSellCoverage, type AssortmentRef, type PointRef } from './assortment-rules';
import { pastDocuments } from './suggest';
import { dayShare, progress, workDays } from './target-days';

export type Receipt = Pick<
	ReceiptRow,
	'id' | 'kind' | 'authorId' | 'tradePointId' | 'soldAt' | 'total'
>;
export type Order = Pick<
	OrderRow,
	'id' | 'status' | 'authorId' | 'tradePointId' | 'orderedAt' | 'total'
>;
export type Payment = Pick<PaymentRow, 'authorId' | 'method' | 'amount' | 'at'>;
export type Visit = Pick<
	VisitRow,
	| 'id'
	| 'authorId'
	| 'tradePointId'
	| 'checkInAt'
	| 'checkOutAt'
	| 'flagged'
	| 'distance'
	| 'outcome'
>;

export interface Docs {
	receipts: readonly Receipt[];
	orders: readonly Order[];
	payments: readonly Payment[];
	visits: readonly Visit[];
}

/** What a rep did in a period (a day or a month). */
export interface Done {
	/** Sales less returns, minor units. */
	sales: number;
	/** Sale receipts (returns not counted). */
	saleCount: number;
	orders: number;
	orderCount: number;
	/** Sales less returns plus orders. */
	sold: number;
	/** Sold ÷ (sales + orders); null with neither. */
	averageOrder: number | null;
	/** Cash taken less cash refunded. */
	cash: number;
	/** Visits checked out or still open (a visit never checked out is not done). */
	visits: number;
	/** Done visits with a sale or an order at that trade point that day. */
	strikeVisits: number;
	/** Percent of done visits with a sale or order; null without visits. */
	strikeRate: number | null;
	/** Visits checked in farther from the trade point than the organization allows. */
	flagged: number;
}

/**
 * What `repId` did on the days `inPeriod` accepts (YYYY-MM-DD of the organization's zone).
 * `dayOver`: whether an open visit counts as not checked out (the day has ended).
 */
export function done(
	docs: Docs,
	repId: string,
	inPeriod: (date: string) => boolean,
	timeZone: string,
	dayOver = false
): Done {
	const dateOf = (at: number) => dayOf(at, timeZone).date;
	const d: Done = {
		sales: 0,
		saleCount: 0,
		orders: 0,
		orderCount: 0,
		sold: 0,
		averageOrder: null,
		cash: 0,
		visits: 0,
		strikeVisits: 0,
		strikeRate: null,
		flagged: 0
	};
	// Trade points with a sale or order, by day: a visit there that day struck.
	const struck = new Set<string>();
	for (const r of docs.receipts) {
		if (r.authorId !== repId) continue;
		const date = dateOf(r.soldAt);
		if (!inPeriod(date)) continue;
		if (r.kind === 'return') d.sales -= r.total;
		else {
			d.sales += r.total;
			d.saleCount++;
			if (r.tradePointId) struck.add(`${date}|${r.tradePointId}`);
		}
	}
	for (const o of docs.orders) {
		if (o.authorId !== repId || o.status === 'cancelled') continue;
		const date = dateOf(o.orderedAt);
		if (!inPeriod(date)) continue;
		d.orders += o.total;
		d.orderCount++;
		struck.add(`${date}|${o.tradePointId}`);
	}
	for (const p of docs.payments) {
		if (p.authorId === repId && p.method === 'cash' && inPeriod(dateOf(p.at))) d.cash += p.amount;
	}
	for (const v of docs.visits) {
		if (v.authorId !== repId) continue;
		const date = dateOf(v.checkInAt);
		if (!inPeriod(date) || visitState(v, dayOver) === 'not_checked_out') continue;
		d.visits++;
		if (struck.has(`${date}|${v.tradePointId}`)) d.strikeVisits++;
		if (v.flagged) d.flagged++;
	}
	d.sold = d.sales + d.orders;
	const count = d.saleCount + d.orderCount;
	d.averageOrder = count ? Math.round(d.sold / count) : null;
	d.strikeRate = d.visits ? Math.round((d.strikeVisits / d.visits) * 100) : null;
	return d;
}

export interface RepDay extends Done {
	repId: string;
	planned: number;
	/** Planned stops visited (or being visited). */
	visitedPlanned: number;
	/** Planned stops not visited yet (pending) or missed once the day is over. */
	left: number;
	/** The stop being visited, else the next one from the last stop (field/routes.ts `nextStop`). */
	nextStop: string | null;
	/** This working day's share of the month's target sold; null without one. */
	soldTarget: number | null;
	soldProgress: number | null;
	visitsTarget: number | null;
}

/** A rep's day: plan against fact, what was done, and the day's share of the month's target. */
export function repDay(
	docs: Docs,
	routes: PlannedRoute[],
	targets: readonly TargetRow[],
	repId: string,
	date: string,
	timeZone: string,
	dayOver = false,
	/** The currency's whole unit in minor units (10 ** its digits): what the day's sales target is rounded to. */
	moneyUnit = 1
): RepDay {
	const mine = docs.visits.filter(
		(v) => v.authorId === repId && dayOf(v.checkInAt, timeZone).date === date
	);
	const plan = planVsFact(stopsFor(routes, repId, date), mine, dayOver);
	const day = done(docs, repId, (d) => d === date, timeZone, dayOver);
	const month = date.slice(0, 7);
	const target = targets.find((t) => t.repId === repId && t.month === month);
	const days = workDays(month, routes, repId).length;
	const soldTarget =
		target?.salesAmount != null ? dayShare(target.salesAmount, days, moneyUnit) : null;
	// The stop being visited; else where the visit screen sends the rep from their last stop.
	const last = [...mine].sort((a, b) => b.checkInAt - a.checkInAt)[0];
	const next =
		plan.stops.find((s) => s.status === 'in_progress') ??
		nextStop(
			plan.stops.map((s) => s.tradePointId),
			mine,
			last?.tradePointId ?? null
		);
	return {
		...day,
		repId,
		planned: plan.counts.planned,
		visitedPlanned: plan.counts.visited,
		left: plan.stops.filter((s) => s.status === 'pending' || s.status === 'missed').length,
		nextStop: next?.tradePointId ?? null,
		soldTarget,
		soldProgress: progress(day.sold, soldTarget),
		visitsTarget: target?.visits != null ? dayShare(target.visits, days) : null,
		// Distance flags come from plan against fact: planned and unplanned visits alike.
		flagged: plan.counts.flagged
	};
}

export interface RepMonth {
	repId: string;
	done: Done;
	target: TargetRow | null;
	soldProgress: number | null;
	visitsProgress: number | null;
	strikeProgress: number | null;
}

/** A rep's month (YYYY-MM) against their target. */
export function repMonth(
	docs: Docs,
	targets: readonly TargetRow[],
	repId: string,
	month: string,
	timeZone: string
): RepMonth {
	const d = done(docs, repId, (date) => date.startsWith(month), timeZone, true);
	const target = targets.find((t) => t.repId === repId && t.month === month) ?? null;
	return {
		repId,
		done: d,
		target,
		soldProgress: progress(d.sold, target?.salesAmount),
		visitsProgress: progress(d.visits, target?.visits),
		strikeProgress: d.strikeRate === null ? null : progress(d.strikeRate, target?.strikeRate)
	};
}

/**
 * What a warehouse's stock is worth at `priceOf` (minor units per unit): a product with no
 * price counts for nothing, and is counted in `unpriced`.
 */
export function stockValue(
	balances: readonly Pick<BalanceRow, 'productId' | 'qty'>[],
	priceOf: (productId: string) => number | undefined
): { value: number; unpriced: number } {
	let value = 0;
	let unpriced = 0;
	for (const b of balances) {
		if (b.qty <= 0) continue;
		const price = priceOf(b.productId);
		if (price === undefined) unpriced++;
		else value += Math.round(b.qty * price);
	}
	return { value, unpriced };
}

/** What must-sell coverage reads: documents with their lines, the assortments, trade points. */
export interface MustSellSources {
	receipts: readonly (Pick<ReceiptRow, 'kind' | 'authorId' | 'tradePointId' | 'soldAt'> & {
		lines: readonly { productId: string; qty: number }[];
	})[];
	orders: readonly (Pick<OrderRow, 'status' | 'authorId' | 'tradePointId' | 'orderedAt'> & {
		lines: readonly { productId: string; qty: number }[];
	})[];
	visits: readonly Visit[];
	assortments: readonly AssortmentRef[];
	points: ReadonlyMap<string, PointRef>;
}

/** Must-sell lines placed of those required, over a rep's visits; percent null with none. */
export interface MustSellDone {
	covered: number;
	required: number;
	percent: number | null;
}

/**
 * A rep's must-sell coverage on the days `inPeriod` accepts: at each trade point the rep visited
 * on a day (visited twice in a day counts once), the must-sell products of its assortment
 * (assortment.ts `mustSellCoverage`) against what the rep's own sales and orders placed there that
 * day (the documents suggestions count: sales, not returns, and orders not cancelled); summed
 * over the visits, so a shop with eight must-sell lines weighs more than one with two. A visit at a
 * trade point without must-sell lines has nothing to cover and counts for nothing.
 * @example mustSellDone(sources, rep.id, (d) => d.startsWith('2026-11'), 'Asia/Tashkent').percent // 75
 */
export function mustSellDone(
	sources: MustSellSources,
	repId: string,
	inPeriod: (date: string) => boolean,
	timeZone: string,
	dayOver = false
): MustSellDone {
	const dateOf = (at: number) => dayOf(at, timeZone).date;
	const stops = new Set<string>();
	for (const v of sources.visits) {
		if (v.authorId !== repId || visitState(v, dayOver) === 'not_checked_out') continue;
		const date = dateOf(v.checkInAt);
		if (inPeriod(date)) stops.add(`${date}|${v.tradePointId}`);
	}
	// The rep's own documents, by trade point and day.
	const mine = new Map<string, { productId: string; qty: number }[]>();
	const receipts = sources.receipts.filter((r) => r.authorId === repId);
	const orders = sources.orders.filter((o) => o.authorId === repId);
	const pointIds = new Set([...stops].map((k) => k.slice(k.indexOf('|') + 1)));
	for (const pointId of pointIds) {
		for (const d of pastDocuments(pointId, receipts, orders)) {
			const key = `${dateOf(d.at)}|${pointId}`;
			if (!stops.has(key)) continue;
			const lines = mine.get(key) ?? [];
			lines.push(...d.lines);
			mine.set(key, lines);
		}
	}
	let covered = 0;
	let required = 0;
	for (const key of stops) {
		const point = sources.points.get(key.slice(key.indexOf('|') + 1));
		if (!point) continue;
		const c = mustSellCoverage(sources.assortments, point, mine.get(key) ?? []);
		covered += c.covered;
		required += c.required;
	}
	return {
		covered,
		required,
		percent: required ? Math.round((covered / required) * 100) : null
	};
}
