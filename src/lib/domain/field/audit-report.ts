/**
 * Audit reports from submitted tasks' product rows and scores (issue 17, item 5). Pure: the
 * manager's device computes them from the rows it syncs, and the tests check each figure against
 * the answers it sums.
 *
 * A trade point's state on the shelf is its latest audit of each product in the period (an
 * audit on Monday and another on Friday say how the shelf is now, not twice as much).
 */
import type { ProductRowAnswer } from './tasks';

export interface AuditedTask {
	id: string;
	visitId: string;
	tradePointId: string;
	authorId: string;
	templateId: string;
	products: readonly ProductRowAnswer[];
	score: number;
	weight: number;
	submittedAt: number;
}

/** The latest row of each (trade point, product) among the tasks. */
export function latestRows(tasks: readonly AuditedTask[]) {
	const latest = new Map<string, { tradePointId: string; at: number; row: ProductRowAnswer }>();
	for (const t of tasks) {
		for (const row of t.products) {
			const key = `${t.tradePointId}|${row.productId}`;
			const old = latest.get(key);
			if (!old || old.at < t.submittedAt) {
				latest.set(key, { tradePointId: t.tradePointId, at: t.submittedAt, row });
			}
		}
	}
	return [...latest.values()];
}

export interface PresenceLine {
	productId: string;
	mustSell: boolean;
	/** Trade points that audited it. */
	points: number;
	/** Of them, where it is on the shelf. */
	present: number;
	/** Percent, rounded; null when none audited it. */
	presence: number | null;
	/** Facings where present: the total and the mean (one decimal). */
	facings: number;
	meanFacings: number | null;
	/** Trade points that flagged it as expiring soon. */
	expirySoon: number;
}

/**
 * Presence and facings by product across trade points (must-sell products first, then by name
 * order of `productIds` given): the report's main table.
 */
export function presenceByProduct(
	tasks: readonly AuditedTask[],
	mustSell: ReadonlySet<string> = new Set()
): PresenceLine[] {
	const by = new Map<string, PresenceLine>();
	for (const { row } of latestRows(tasks)) {
		const line = by.get(row.productId) ?? {
			productId: row.productId,
			mustSell: mustSell.has(row.productId),
			points: 0,
			present: 0,
			presence: null,
			facings: 0,
			meanFacings: null,
			expirySoon: 0
		};
		line.points++;
		if (row.present) {
			line.present++;
			line.facings += row.facings ?? 0;
		}
		if (row.expirySoon) line.expirySoon++;
		by.set(row.productId, line);
	}
	return [...by.values()]
		.map((l) => ({
			...l,
			presence: l.points ? Math.round((l.present / l.points) * 100) : null,
			meanFacings: l.present ? Math.round((l.facings / l.present) * 10) / 10 : null
		}))
		.sort((a, b) => Number(b.mustSell) - Number(a.mustSell));
}

export interface PriceLine {
	productId: string;
	/** Rows with a shelf price. */
	count: number;
	/** Minor units: the mean, least and most shelf price seen (latest per trade point). */
	mean: number | null;
	min: number | null;
	max: number | null;
	/** The price list's price, minor units; null when the list has none. */
	listPrice: number | null;
	/** The mean shelf price against the list, percent (rounded to one decimal); null without both. */
	diffPercent: number | null;
	/** Trade points whose shelf price differs from the list. */
	offList: number;
}

/** Shelf prices against the price list (`listPrices`: product id → minor units). */
export function shelfPrices(
	tasks: readonly AuditedTask[],
	listPrices: ReadonlyMap<string, number>
): PriceLine[] {
	const by = new Map<string, number[]>();
	for (const { row } of latestRows(tasks)) {
		if (row.shelfPrice === null) continue;
		by.set(row.productId, [...(by.get(row.productId) ?? []), row.shelfPrice]);
	}
	return [...by.entries()].map(([productId, prices]) => {
		const mean = Math.round(prices.reduce((s, p) => s + p, 0) / prices.length);
		const listPrice = listPrices.get(productId) ?? null;
		return {
			productId,
			count: prices.length,
			mean,
			min: Math.min(...prices),
			max: Math.max(...prices),
			listPrice,
			diffPercent: listPrice ? Math.round(((mean - listPrice) / listPrice) * 1000) / 10 : null,
			offList: listPrice === null ? 0 : prices.filter((p) => p !== listPrice).length
		};
	});
}

export interface CompetitorLine {
	productId: string;
	competitor: string;
	count: number;
	/** Minor units. */
	mean: number;
	min: number;
	max: number;
	/** Our mean shelf price at the same trade points, when known. */
	ours: number | null;
}

/** Competitors' prices by our product and competitor's product (named as the reps wrote them). */
export function competitorPrices(tasks: readonly AuditedTask[]): CompetitorLine[] {
	const by = new Map<
		string,
		{ productId: string; competitor: string; theirs: number[]; ours: number[] }
	>();
	for (const { row } of latestRows(tasks)) {
		if (row.competitorPrice === null) continue;
		const competitor = (row.competitor ?? '').trim() || '—';
		const key = `${row.productId}|${competitor.toLowerCase()}`;
		const line = by.get(key) ?? { productId: row.productId, competitor, theirs: [], ours: [] };
		line.theirs.push(row.competitorPrice);
		if (row.shelfPrice !== null) line.ours.push(row.shelfPrice);
		by.set(key, line);
	}
	const mean = (xs: number[]) => Math.round(xs.reduce((s, x) => s + x, 0) / xs.length);
	return [...by.values()].map((l) => ({
		productId: l.productId,
		competitor: l.competitor,
		count: l.theirs.length,
		mean: mean(l.theirs),
		min: Math.min(...l.theirs),
		max: Math.max(...l.theirs),
		ours: l.ours.length ? mean(l.ours) : null
	}));
}

export interface ScorePoint {
	tradePointId: string;
	/** YYYY-MM-DD (the caller's `dayOf`). */
	date: string;
	/** Weighted by template weight over the tasks submitted that day; null when none weighs. */
	score: number | null;
	tasks: number;
}

/**
 * The perfect-store score per trade point and day, from the tasks submitted there that day, each
 * weighed by its template's weight when submitted (a visit's required tasks are all there:
 * check-out waits for them).
 */
export function scoreOverTime(
	tasks: readonly AuditedTask[],
	dayOf: (at: number) => string
): ScorePoint[] {
	const by = new Map<
		string,
		{ tradePointId: string; date: string; w: number; ws: number; n: number }
	>();
	for (const t of tasks) {
		const date = dayOf(t.submittedAt);
		const key = `${t.tradePointId}|${date}`;
		const p = by.get(key) ?? { tradePointId: t.tradePointId, date, w: 0, ws: 0, n: 0 };
		p.n++;
		p.w += t.weight;
		p.ws += t.weight * t.score;
		by.set(key, p);
	}
	return [...by.values()]
		.map((p) => ({
			tradePointId: p.tradePointId,
			date: p.date,
			score: p.w ? Math.round(p.ws / p.w) : null,
			tasks: p.n
		}))
		.sort((a, b) => a.date.localeCompare(b.date) || a.tradePointId.localeCompare(b.tradePointId));
}

/** Filters for the gallery and the reports; each is optional. */
export interface AuditFilter {
	tradePointId?: string;
	authorId?: string;
	templateId?: string;
	/** Epoch ms, inclusive from, exclusive to. */
	from?: number;
	to?: number;
}

export const matches = (
	t: Omit<AuditedTask, 'products' | 'score' | 'weight' | 'visitId'>,
	f: AuditFilter
) =>
	(!f.tradePointId || t.tradePointId === f.tradePointId) &&
	(!f.authorId || t.authorId === f.authorId) &&
	(!f.templateId || t.templateId === f.templateId) &&
	(f.from === undefined || t.submittedAt >= f.from) &&
	(f.to === undefined || t.submittedAt < f.to);
