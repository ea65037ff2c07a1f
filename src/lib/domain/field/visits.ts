/**
 * Args of the visit mutations, shared by the device and the server. A location is given only
 * when the rep chose to (a GPS reading at check-in, or typed coordinates); `source` says which.
 */
import { z } from 'zod';
import { LOCATION_SOURCES, uuid } from '../catalog/schemas';
import { optionalMultilineText } from '../validation';

import {
	NO_SALE_REASONS,
	NOT_CHECKED_OUT,
	VISIT_OUTCOMES,
	type VisitOutcome
} from './visit-outcomes';

export {
	NO_SALE_REASONS,
	NOT_CHECKED_OUT,
	VISIT_OUTCOMES,
	type VisitOutcome
} from './visit-outcomes';

const at = z.number().int().min(0);

export const checkInLocation = z.strictObject({
	lat: z
		.number({ error: 'Not a number' })
		.min(-90, 'Latitude is between -90 and 90')
		.max(90, 'Latitude is between -90 and 90'),
	lng: z
		.number({ error: 'Not a number' })
		.min(-180, 'Longitude is between -180 and 180')
		.max(180, 'Longitude is between -180 and 180'),
	accuracy: z.number().min(0).max(100_000).nullish(),
	source: z.enum(LOCATION_SOURCES)
});

export const visitCheckInArgs = z.strictObject({
	id: uuid,
	tradePointId: uuid,
	at,
	location: checkInLocation.nullish()
});

export const visitCheckOutArgs = z
	.strictObject({
		id: uuid,
		at,
		outcome: z.enum(VISIT_OUTCOMES),
		reason: z.enum(NO_SALE_REASONS).optional(),
		note: optionalMultilineText(1000)
	})
	.refine((a) => a.outcome !== 'no_sale' || !!a.reason, { path: ['reason'], message: 'Required' });

/** What a closed visit's `outcome` can say: the rep's outcome, or the not-checked-out mark. */
export type VisitEnd = VisitOutcome | typeof NOT_CHECKED_OUT;

export interface OpenVisit {
	id: string;
	checkInAt: number;
}

/**
 * One visit open at a time. Given a rep's open visits and a new check-in, the visits to close
 * with the not-checked-out mark, each at the moment the rep's next visit began: the earlier
 * open ones at the new check-in; and if an open visit began *after* the new one (an older
 * device's check-in arriving late), the new visit itself, at that visit's check-in. The latest
 * visit is the one left open. Device and server both run this, so they agree.
 * @example visitsToClose([{ id: 'a', checkInAt: 1 }], { id: 'b', checkInAt: 5 }) // [{ id: 'a', at: 5 }]
 */
export function visitsToClose(
	open: readonly OpenVisit[],
	checkIn: OpenVisit
): { id: string; at: number }[] {
	const inOrder = [...open.filter((v) => v.id !== checkIn.id), checkIn].sort(
		(a, b) => a.checkInAt - b.checkInAt || (a.id < b.id ? -1 : 1)
	);
	return inOrder.slice(0, -1).map((v, i) => ({ id: v.id, at: inOrder[i + 1]!.checkInAt }));
}

/**
 * A check-out of a visit the server had closed as not checked out (the rep checked out on a
 * device that had not heard): the rep's outcome is the truth, but the visit still ended no
 * later than the next one began.
 */
export function lateCheckOutAt(closedAt: number, at: number): number {
	return Math.min(closedAt, at);
}

/** A document a rep made at a trade point, as the visit lists it. */
export interface VisitDocument {
	kind: 'sale' | 'order' | 'payment';
	id: string;
	at: number;
	/** Minor units. */
	amount: number;
	number: string | null;
}

/** The visit as far as its documents go: who, where, and the time it covers. */
export interface VisitWindow {
	tradePointId: string;
	authorId: string;
	checkInAt: number;
	/** Null while the visit is open: it covers everything since check-in. */
	checkOutAt: number | null;
	/** The trade point's customer, whose debt a payment at the visit pays. */
	counterpartyId: string | null;
}

/**
 * The documents a rep made during a visit: their own sales and orders at the trade point and
 * payments against its customer's debt, made between check-in and check-out. Documents carry
 * no visit id (the contract predates visits), so the visit is the time it covers; one visit is
 * open at a time, so nothing made at another stop falls inside it. A cancelled order, a return
 * and a payment taken with a sale (part of that sale) are not separate things the rep did.
 */
export function visitDocuments(
	visit: VisitWindow,
	rows: {
		receipts: readonly {
			id: string;
			kind: 'sale' | 'return';
			tradePointId: string | null;
			authorId: string;
			soldAt: number;
			total: number;
			number: string | null;
		}[];
		orders: readonly {
			id: string;
			status: string;
			tradePointId: string;
			authorId: string;
			orderedAt: number;
			total: number;
			number: string | null;
		}[];
		payments: readonly {
			id: string;
			counterpartyId: string | null;
			receiptId: string | null;
			authorId: string;
			at: number;
			amount: number;
		}[];
	}
): VisitDocument[] {
	const inside = (at: number, author: string) =>
		author === visit.authorId &&
		at >= visit.checkInAt &&
		(visit.checkOutAt === null || at <= visit.checkOutAt);
	const docs: VisitDocument[] = [
		...rows.receipts
			.filter(
				(r) =>
					r.kind === 'sale' && r.tradePointId === visit.tradePointId && inside(r.soldAt, r.authorId)
			)
			.map((r) => ({
				kind: 'sale' as const,
				id: r.id,
				at: r.soldAt,
				amount: r.total,
				number: r.number
			})),
		...rows.orders
			.filter(
				(o) =>
					o.status !== 'cancelled' &&
					o.tradePointId === visit.tradePointId &&
					inside(o.orderedAt, o.authorId)
			)
			.map((o) => ({
				kind: 'order' as const,
				id: o.id,
				at: o.orderedAt,
				amount: o.total,
				number: o.number
			})),
		...rows.payments
			.filter(
				(p) =>
					!!visit.counterpartyId &&
					p.counterpartyId === visit.counterpartyId &&
					!p.receiptId &&
					p.amount > 0 &&
					inside(p.at, p.authorId)
			)
			.map((p) => ({
				kind: 'payment' as const,
				id: p.id,
				at: p.at,
				amount: p.amount,
				number: null
			}))
	];
	return docs.sort((a, b) => a.at - b.at);
}

/**
 * What a visit came to, from what the rep made there: a sale above an order above a payment
 * (the outcome a manager counts is the strongest one). Null when nothing was made: then the
 * rep gives the no-sale reason, and nothing is assumed before it.
 * @example visitOutcome([{ kind: 'payment' }, { kind: 'order' }]) // 'order'
 */
export function visitOutcome(docs: readonly Pick<VisitDocument, 'kind'>[]): VisitOutcome | null {
	for (const kind of ['sale', 'order', 'payment'] as const) {
		if (docs.some((d) => d.kind === kind)) return kind;
	}
	return null;
}

/**
 * The check-out a visit's documents call for: their outcome, or no sale with the rep's reason.
 * Null while a visit with no documents has no reason yet (check-out waits for one).
 */
export function checkOutOutcome(
	docs: readonly Pick<VisitDocument, 'kind'>[],
	reason: string
): { outcome: VisitOutcome; reason?: NoSaleReason } | null {
	const outcome = visitOutcome(docs);
	if (outcome) return { outcome };
	const known = NO_SALE_REASONS.find((r) => r === reason);
	return known ? { outcome: 'no_sale', reason: known } : null;
}
export type NoSaleReason = (typeof NO_SALE_REASONS)[number];
