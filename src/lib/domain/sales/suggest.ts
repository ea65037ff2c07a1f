/**
 * The quantity a rep is offered for a line before typing anything: what this trade point takes
 * on an average visit, less what is still on its shelf. Quantities are thousandths of the unit
 * (see inventory/quantity.ts), so the arithmetic stays exact.
 */
import { COUNTED_UNITS, type Unit } from '../catalog/units';
import { MILLI, milliOf, stepMilli } from '../inventory/quantity';

/**
 * How many past visits the average is over: about a month of weekly visits. Fewer when the
 * trade point has had fewer (a new shop's first visits count as what it has).
 */
export const SUGGEST_VISITS = 5;

/** A sale or an order at the trade point: when, and its lines (quantities in the unit). */
export interface PastDocument {
	at: number;
	lines: readonly { productId: string; qty: number }[];
}

/**
 * A trade point's documents as visits, newest first: documents on the same day (a sale and an
 * order at one stop) are one visit. `dayOf` names the day of a time in the organization's zone.
 */
export function visitsOf(
	documents: readonly PastDocument[],
	dayOf: (at: number) => string
): Map<string, number>[] {
	const byDay = new Map<string, { at: number; qty: Map<string, number> }>();
	for (const d of documents) {
		const day = dayOf(d.at);
		let visit = byDay.get(day);
		if (!visit) byDay.set(day, (visit = { at: d.at, qty: new Map() }));
		visit.at = Math.max(visit.at, d.at);
		for (const l of d.lines) {
			visit.qty.set(l.productId, (visit.qty.get(l.productId) ?? 0) + milliOf(l.qty));
		}
	}
	return [...byDay.values()].sort((a, b) => b.at - a.at).map((v) => v.qty);
}

/**
 * The step a suggestion is rounded up to, in thousandths: the product's pack when it has one
 * (a case of 12: 12, 24, …), else a whole unit for counted units (pcs, pack, box) and a tenth
 * for weighed and measured ones.
 */
export const suggestStep = (unit: Unit, packSize: number | null = null): number =>
	packSize && packSize > 0
		? stepMilli(packSize)
		: (COUNTED_UNITS as readonly string[]).includes(unit)
			? MILLI
			: MILLI / 10;

/**
 * The suggested quantity of a product, in thousandths: its average per visit over the last
 * `SUGGEST_VISITS` visits (a visit without it counts as none), less `shelf` (what a shelf count
 * at this visit found, in the unit), rounded up to `suggestStep` (its pack, when it has one);
 * never negative.
 * @example suggestMilli(visitsOf(docs, dayOf), tea.id, 'pcs', 2) // 4 average, 2 on the shelf: 2000
 * @example suggestMilli(visits, water.id, 'pcs', 0, 12) // 4.2 average, packs of 12: 12000
 */
export function suggestMilli(
	visits: readonly ReadonlyMap<string, number>[],
	productId: string,
	unit: Unit,
	shelf = 0,
	packSize: number | null = null
): number {
	const last = visits.slice(0, SUGGEST_VISITS);
	if (!last.length) return 0;
	const sum = last.reduce((s, v) => s + (v.get(productId) ?? 0), 0);
	const need = sum / last.length - milliOf(shelf);
	if (need <= 0) return 0;
	const step = suggestStep(unit, packSize);
	return Math.ceil(need / step - 1e-9) * step;
}

/** The products of the last visit and their quantities (thousandths): "repeat the last order". */
export const lastVisitLines = (visits: readonly ReadonlyMap<string, number>[]) =>
	[...(visits[0] ?? new Map<string, number>())].filter(([, milli]) => milli > 0);

/**
 * A trade point's sales and orders as past documents: sales (not returns) and orders that were
 * not cancelled, both of which say what the shop took.
 */
export function pastDocuments(
	tradePointId: string,
	receipts: readonly {
		tradePointId: string | null;
		kind: string;
		soldAt: number;
		lines: readonly { productId: string; qty: number }[];
	}[],
	orders: readonly {
		tradePointId: string;
		status: string;
		orderedAt: number;
		lines: readonly { productId: string; qty: number }[];
	}[]
): PastDocument[] {
	return [
		...receipts
			.filter((r) => r.tradePointId === tradePointId && r.kind === 'sale')
			.map((r) => ({ at: r.soldAt, lines: r.lines })),
		...orders
			.filter((o) => o.tradePointId === tradePointId && o.status !== 'cancelled')
			.map((o) => ({ at: o.orderedAt, lines: o.lines }))
	];
}

/** The lines of the newest document, thousandths by product: "repeat the last order". */
export function lastDocumentLines(documents: readonly PastDocument[]): [string, number][] {
	let last: PastDocument | undefined;
	for (const d of documents) if (!last || d.at > last.at) last = d;
	const qty = new Map<string, number>();
	for (const l of last?.lines ?? []) {
		qty.set(l.productId, (qty.get(l.productId) ?? 0) + milliOf(l.qty));
	}
	return [...qty].filter(([, milli]) => milli > 0);
}
