/**
 * The stock document editor's form (src/routes/stock/documents/[id]): its fields and lines as
 * typed, what a tap on a product or a stepper does to them, the field problems shown before
 * saving, and the `document.save` arguments it sends. Quantities are read by the one parser every
 * quantity box uses (domain/inventory/quantity.ts parseTypedQty); the checks are the schema's
 * (domain/inventory/schemas.ts documentSaveArgs), made here first so the person sees them by the
 * field before anything is queued. The page only draws it.
 */
import type { Unit } from '../domain/catalog/schemas';
import { DOCUMENT_TYPES, type DocumentType } from '../domain/inventory/ledger';
import {
	fromMilli,
	MILLI,
	parseTypedQty,
	type TypedQtyProblem
} from '../domain/inventory/quantity';
import type { DocumentSaveArgs } from '../domain/inventory/schemas';
import type { StockDocumentRow } from '../domain/sync/rows';

export interface DocumentLine {
	productId: string;
	/** As typed: "1,5" and "1.5" both mean one and a half. */
	qty: string;
	cost: number | null;
	/** A stocktake's balance when the product was added (what the count is compared with). */
	expected?: number;
}

/** A field's problem before saving: a quantity's (translated as `stock.qty.<problem>`) or a required field. */
export type DocumentProblem = TypedQtyProblem | 'required';

export class StockDocumentForm {
	type = $state<DocumentType>('receipt');
	warehouseId = $state('');
	toWarehouseId = $state('');
	counterpartyId = $state('');
	reason = $state('');
	comment = $state('');
	lines = $state<DocumentLine[]>([]);
	/** The product last added or counted again (the page highlights its line). */
	flash = $state('');

	/**
	 * @param id the document's id (a new one's is made once by the page: saving twice is one document)
	 * @param unitOf a product's unit (pcs when unknown), for whole-number quantities
	 */
	constructor(
		readonly id: string,
		private readonly unitOf: (productId: string) => Unit,
		type?: string | null
	) {
		if (type && (DOCUMENT_TYPES as readonly string[]).includes(type)) {
			this.type = type as DocumentType;
		}
	}

	/** Fills the form from a stored document (its draft, to go on editing). */
	load(
		d: Pick<
			StockDocumentRow,
			'type' | 'warehouseId' | 'toWarehouseId' | 'counterpartyId' | 'reason' | 'comment' | 'lines'
		>
	): void {
		this.type = d.type;
		this.warehouseId = d.warehouseId;
		this.toWarehouseId = d.toWarehouseId ?? '';
		this.counterpartyId = d.counterpartyId ?? '';
		this.reason = d.reason ?? '';
		this.comment = d.comment ?? '';
		this.lines = d.lines.map((l) => ({ ...l, qty: String(l.qty) }));
	}

	/** A line's quantity, or why not, by the rule every quantity box uses (a stocktake may count zero). */
	qtyOf(line: DocumentLine): { milli: number } | { problem: TypedQtyProblem } {
		return parseTypedQty(line.qty, this.unitOf(line.productId), {
			allowZero: this.type === 'stocktake'
		});
	}

	/**
	 * A product picked or scanned: a new line of one, or one more on its line. A stocktake's line
	 * keeps `available`, the balance it is counted against.
	 */
	pick(productId: string, available: number): void {
		const line = this.lines.find((l) => l.productId === productId);
		if (line) {
			const q = this.qtyOf(line);
			if ('milli' in q) line.qty = String(fromMilli(q.milli + MILLI));
		} else {
			this.lines.push({
				productId,
				qty: '1',
				cost: null,
				...(this.type === 'stocktake' ? { expected: available } : {})
			});
		}
		this.flash = productId;
	}

	/** One unit more or less on line `i`; never below one (a stocktake's, never below zero). */
	step(i: number, by: 1 | -1): void {
		const line = this.lines[i];
		if (!line) return;
		const q = this.qtyOf(line);
		const next = ('milli' in q ? q.milli : 0) + by * MILLI;
		line.qty = String(fromMilli(Math.max(next, this.type === 'stocktake' ? 0 : MILLI)));
	}

	remove(i: number): void {
		this.lines.splice(i, 1);
	}

	/** The fields that would be refused, by path (`lines.2.qty`, `reason`, …); none: ready. */
	problems(): Record<string, DocumentProblem> {
		const out: Record<string, DocumentProblem> = {};
		this.lines.forEach((l, i) => {
			const q = this.qtyOf(l);
			if ('problem' in q) out[`lines.${i}.qty`] = q.problem;
		});
		if (this.type === 'transfer' && !this.toWarehouseId) out.toWarehouseId = 'required';
		if (this.type === 'writeoff' && !this.reason.trim()) out.reason = 'required';
		if (!this.warehouseId) out.warehouseId = 'required';
		return out;
	}

	/** What `document.save` is sent; only once `problems()` is empty. */
	args(): DocumentSaveArgs {
		return {
			id: this.id,
			type: this.type,
			warehouseId: this.warehouseId,
			toWarehouseId: this.type === 'transfer' ? this.toWarehouseId : null,
			counterpartyId: this.counterpartyId || null,
			reason: this.reason.trim() || null,
			comment: this.comment.trim() || null,
			lines: this.lines.map((l) => {
				const q = this.qtyOf(l);
				if (!('milli' in q)) throw new Error(`line ${l.productId}: ${q.problem}`);
				return { productId: l.productId, qty: fromMilli(q.milli), cost: l.cost };
			})
		};
	}
}
