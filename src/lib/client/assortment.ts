/**
 * What the order and sale screens read from the device to enter from a trade point's
 * assortment: the lists, category names, and the trade points' past sales and orders (for
 * suggestions and "repeat the last order"), live from IndexedDB.
 */
import { liveQuery } from 'dexie';
import { assortmentOf, missingMustSell, type PointRef } from '../domain/sales/assortment';
import { lastDocumentLines, pastDocuments, suggestMilli, visitsOf } from '../domain/sales/suggest';
import { shelfCounts } from '../domain/field/tasks';
import type {
	AssortmentRow,
	OrderRow,
	ProductRow,
	ReceiptRow,
	VisitTaskRow
} from '../domain/sync/rows';
import { dayOf } from '../domain/time';
import { db } from './sync/db';

export interface EntrySources {
	assortments: AssortmentRow[];
	categoryNames: Map<string, string>;
	receipts: ReceiptRow[];
	orders: OrderRow[];
	/** Submitted store tasks: today's product rows say what is still on the shelf. */
	visitTasks: VisitTaskRow[];
}

export function liveEntrySources() {
	return liveQuery(async (): Promise<EntrySources> => {
		const [assortments, categories, receipts, orders, visitTasks] = await Promise.all([
			db.assortments.toArray(),
			db.categories.toArray(),
			db.receipts.toArray(),
			db.orders.toArray(),
			db.visitTasks.toArray()
		]);
		return {
			assortments,
			categoryNames: new Map(categories.map((c) => [c.id, c.name])),
			receipts,
			orders,
			visitTasks
		};
	});
}

/**
 * A trade point's assortment with a suggestion per line, and the lines "repeat" takes: the
 * last order on the order screen, the last sale or order on the sale screen.
 */
export function entryFor(
	sources: EntrySources,
	point: PointRef,
	productOf: (productId: string) => Pick<ProductRow, 'unit' | 'packSize'> | undefined,
	repeat: 'order' | 'any',
	timeZone = 'UTC'
) {
	const { source, lines } = assortmentOf(sources.assortments, point);
	const documents = pastDocuments(point.id, sources.receipts, sources.orders);
	const visits = visitsOf(documents, (at) => dayOf(at, timeZone).date);
	// What today's shelf audit here counted is still on the shelf: the suggestion is less that.
	const today = dayOf(Date.now(), timeZone).date;
	const shelf = shelfCounts(
		sources.visitTasks,
		point.id,
		(at) => dayOf(at, timeZone).date === today
	);
	const suggested = new Map(
		lines.map((l) => {
			const product = productOf(l.productId);
			const milli = suggestMilli(
				visits,
				l.productId,
				product?.unit ?? 'pcs',
				shelf.get(l.productId) ?? 0,
				product?.packSize ?? null
			);
			return [l.productId, milli];
		})
	);
	const last = lastDocumentLines(
		repeat === 'order' ? pastDocuments(point.id, [], sources.orders) : documents
	);
	return { source, lines, suggested, last };
}

/**
 * The must-sell products a trade point has not been sold or ordered today (the organization's
 * day), by name, for the visit's "due here"; null while the trade point has no must-sell lines.
 */
export function liveMustSellMissing(tradePointId: string, timeZone: string) {
	return liveQuery(async () => {
		const point = await db.tradePoints.get(tradePointId);
		if (!point) return null;
		const ref = { id: point.id, channel: point.channel };
		const assortments = await db.assortments.toArray();
		if (!assortmentOf(assortments, ref).lines.some((l) => l.mustSell)) return null;
		const today = dayOf(Date.now(), timeZone).date;
		const isToday = (at: number) => dayOf(at, timeZone).date === today;
		const [receipts, orders] = await Promise.all([
			db.receipts.where('tradePointId').equals(tradePointId).toArray(),
			db.orders.where('tradePointId').equals(tradePointId).toArray()
		]);
		// What the shop took today: the same documents the suggestions count.
		const lines = pastDocuments(tradePointId, receipts, orders)
			.filter((d) => isToday(d.at))
			.flatMap((d) => d.lines);
		const missing = missingMustSell(assortments, ref, lines);
		const products = await db.products.bulkGet(missing);
		return missing.map((productId, i) => ({ productId, name: products[i]?.name ?? productId }));
	});
}
