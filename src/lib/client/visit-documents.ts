import { resolve } from '$app/paths';
import { visitDocuments, type VisitDocument } from '$lib/domain/field/visits';
import type { VisitRow } from '$lib/domain/sync/rows';
import { db } from './sync/db';

/**
 * What the rep made during a visit, from this device's sales, orders and payments (offline too).
 * The trade point's customer is read here, so a payment against its debt counts.
 */
export async function loadVisitDocuments(visit: VisitRow): Promise<VisitDocument[]> {
	const point = await db.tradePoints.get(visit.tradePointId);
	const counterpartyId = point?.counterpartyId ?? null;
	const [receipts, orders, payments] = await Promise.all([
		db.receipts.where('tradePointId').equals(visit.tradePointId).toArray(),
		db.orders.where('tradePointId').equals(visit.tradePointId).toArray(),
		counterpartyId ? db.payments.where('counterpartyId').equals(counterpartyId).toArray() : []
	]);
	return visitDocuments({ ...visit, counterpartyId }, { receipts, orders, payments });
}

/**
 * The way back to a visit after a document made from it is saved. A screen opened from a visit
 * carries `?visit=<id>&tradePoint=<id>`; null when it was not, and the screen goes where it
 * always went. Only the visit screen is ever a target, so the link cannot lead off the app.
 */
export function visitReturn(url: URL): string | null {
	const visit = url.searchParams.get('visit');
	const tradePoint = url.searchParams.get('tradePoint');
	if (!visit || !tradePoint) return null;
	return `${resolve('/visit')}?tradePoint=${encodeURIComponent(tradePoint)}`;
}
