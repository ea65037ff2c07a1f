import { provisionalOf, sequenceNumber } from '../numbering';

/**
 * The stock ledger's rules, shared by the server (which decides) and the device (which shows
 * the optimistic effect): what movements posting a document writes, how cancelling reverses
 * them, and which lines a posting would take below zero. Quantities are thousandths of the
 * unit (see quantity.ts); a balance is always the sum of its movements, so nothing here
 * changes a balance except by a movement.
 */

export const DOCUMENT_TYPES = ['receipt', 'transfer', 'writeoff', 'stocktake', 'return'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];
export type DocumentStatus = 'draft' | 'posted' | 'cancelled';
export const NEGATIVE_STOCK_POLICIES = ['forbid', 'allow_and_flag'] as const;
export type NegativeStockPolicy = (typeof NEGATIVE_STOCK_POLICIES)[number];

/** An organization's policy: flagging keeps field work that was done offline, so it is the default. */
export const negativeStockPolicyOf = (settings: {
	negativeStockPolicy?: NegativeStockPolicy;
}): NegativeStockPolicy => settings.negativeStockPolicy ?? 'allow_and_flag';

export interface DocumentLine {
	productId: string;
	/** Thousandths; for a stocktake, the counted quantity. */
	milli: number;
}

export interface StockDocument {
	id: string;
	type: DocumentType;
	warehouseId: string;
	toWarehouseId?: string | null;
	lines: readonly DocumentLine[];
}

export interface Movement {
	warehouseId: string;
	productId: string;
	/** Signed thousandths: in is positive, out negative. */
	milli: number;
	documentId: string;
	/** The document line it comes from (its index). */
	line: number;
}

/** Balances by `warehouseId|productId`; a missing key is zero. */
export type Balances = ReadonlyMap<string, number>;

export const balanceKey = (warehouseId: string, productId: string) => `${warehouseId}|${productId}`;

const balanceOf = (balances: Balances, warehouseId: string, productId: string) =>
	balances.get(balanceKey(warehouseId, productId)) ?? 0;

/**
 * The movements posting `doc` writes, given the balances at posting time (a stocktake posts the
 * difference between what was counted and what the ledger says).
 * @example postingMovements({ id: 'd', type: 'transfer', warehouseId: 'A', toWarehouseId: 'V',
 *   lines: [{ productId: 'p', milli: 2000 }] }, new Map())
 * // [{ warehouseId: 'A', productId: 'p', milli: -2000, … }, { warehouseId: 'V', … milli: 2000 }]
 */
export function postingMovements(doc: StockDocument, balances: Balances): Movement[] {
	const move = (warehouseId: string, productId: string, milli: number, line: number): Movement => ({
		warehouseId,
		productId,
		milli,
		documentId: doc.id,
		line
	});
	switch (doc.type) {
		case 'receipt':
		case 'return':
			return doc.lines.map((l, i) => move(doc.warehouseId, l.productId, l.milli, i));
		case 'writeoff':
			return doc.lines.map((l, i) => move(doc.warehouseId, l.productId, -l.milli, i));
		case 'transfer': {
			const to = doc.toWarehouseId;
			if (!to || to === doc.warehouseId) throw new Error('A transfer needs another warehouse');
			return doc.lines.flatMap((l, i) => [
				move(doc.warehouseId, l.productId, -l.milli, i),
				move(to, l.productId, l.milli, i)
			]);
		}
		case 'stocktake': {
			// A product counted on two shelves is two lines: their sum is what was counted.
			const counted = new Map<string, { milli: number; line: number }>();
			doc.lines.forEach((l, i) => {
				const seen = counted.get(l.productId);
				counted.set(l.productId, { milli: (seen?.milli ?? 0) + l.milli, line: seen?.line ?? i });
			});
			return [...counted].flatMap(([productId, c]) => {
				const diff = c.milli - balanceOf(balances, doc.warehouseId, productId);
				return diff === 0 ? [] : [move(doc.warehouseId, productId, diff, c.line)];
			});
		}
	}
}

/** The movements that undo a posting: each one negated, so balances return to before. */
export function reversingMovements(posted: readonly Movement[]): Movement[] {
	return posted.map((m) => ({ ...m, milli: -m.milli }));
}

/** Balances after the movements. */
export function applyMovements(
	balances: Balances,
	movements: readonly Movement[]
): Map<string, number> {
	const next = new Map(balances);
	for (const m of movements) {
		const key = balanceKey(m.warehouseId, m.productId);
		next.set(key, (next.get(key) ?? 0) + m.milli);
	}
	return next;
}

export interface Shortage {
	warehouseId: string;
	productId: string;
	/** On hand before the posting. */
	available: number;
	/** Taken out by the posting (net of what the same posting brings in). */
	needed: number;
}

/**
 * The balances these movements would take below zero. Under `forbid` any shortage refuses the
 * posting; under `allow_and_flag` it posts and each shortage is flagged for a manager.
 */
export function shortages(balances: Balances, movements: readonly Movement[]): Shortage[] {
	const net = new Map<string, { warehouseId: string; productId: string; milli: number }>();
	for (const m of movements) {
		const key = balanceKey(m.warehouseId, m.productId);
		const n = net.get(key) ?? { warehouseId: m.warehouseId, productId: m.productId, milli: 0 };
		n.milli += m.milli;
		net.set(key, n);
	}
	const short: Shortage[] = [];
	for (const [key, n] of net) {
		const available = balances.get(key) ?? 0;
		if (n.milli < 0 && available + n.milli < 0) {
			short.push({
				warehouseId: n.warehouseId,
				productId: n.productId,
				available,
				needed: -n.milli
			});
		}
	}
	return short;
}

export type LifecycleAction = 'post' | 'cancel';

/**
 * Whether a document in `status` may take `action`, and the status after, or why not. A posted
 * document is never edited or deleted, only cancelled (by reversing movements).
 */
export function transition(
	status: DocumentStatus,
	action: LifecycleAction
): { status: DocumentStatus } | { refused: string } {
	if (action === 'post') {
		if (status === 'draft') return { status: 'posted' };
		return {
			refused: status === 'posted' ? 'Already posted' : 'A cancelled document cannot be posted'
		};
	}
	if (status === 'cancelled') return { refused: 'Already cancelled' };
	return { status: 'cancelled' };
}

/** Only drafts change; what was posted stays as it was posted. */
export const isEditable = (status: DocumentStatus) => status === 'draft';

const PREFIX: Record<DocumentType, string> = {
	receipt: 'RCV',
	transfer: 'TRF',
	writeoff: 'WOF',
	stocktake: 'STK',
	return: 'RET'
};

/**
 * A posted document's human number, unique per branch, type and year (see numbering.ts).
 * @example documentNumber('transfer', 'TAS', 2026, 42) // 'TRF-TAS-2026-00042'
 */
export const documentNumber = (type: DocumentType, branchCode: string, year: number, seq: number) =>
	sequenceNumber(PREFIX[type], branchCode, year, seq);

/** What the device shows until the server numbers the document. */
export const provisionalNumber = (type: DocumentType, id: string) =>
	provisionalOf(PREFIX[type], id);

/** The number series of a document type (the counter the server takes the next number from). */
export const documentPrefix = (type: DocumentType) => PREFIX[type];
