/**
 * A receipt as the cash register needs it: each line with its product's IKPU, package code, VAT
 * rate and barcode, and the payments split into cash and card. A line whose product lacks its
 * IKPU, package code or VAT rate cannot be fiscalized (the register refuses it, and since 2022
 * the law does too): the till names those products instead of sending.
 */
import { zoneOffsetMs } from '../time';
import type { PaymentRow, ReceiptRow } from '../sync/rows';
import type { FiscalItem, FiscalSale } from './multikassa';
import { isSigned } from './stamp';

/** What a product row carries for a receipt (the catalog fields of issue 18). */
export interface FiscalProduct {
	name: string;
	barcodes: string[];
	ikpu?: string | null;
	packageCode?: string | null;
	vatRate?: number | null;
	gtin?: string | null;
}

export type FiscalSaleResult =
	| { ok: true; sale: FiscalSale }
	| { ok: false; missing: string[] }
	| { ok: false; originalNotFiscal: true };

/**
 * The register's view of `receipt`. `labels(i)` gives line i's marking labels (one per unit).
 * A return cites `original`, which must have been signed by a register.
 */
export function fiscalSaleOf(
	receipt: ReceiptRow,
	products: ReadonlyMap<string, FiscalProduct>,
	payments: readonly Pick<PaymentRow, 'method' | 'amount'>[],
	timezone: string,
	original?: ReceiptRow | null,
	labels: (line: number) => string[] = () => []
): FiscalSaleResult {
	const missing: string[] = [];
	const items: FiscalItem[] = [];
	receipt.lines.forEach((l, i) => {
		const p = products.get(l.productId);
		if (!p?.ikpu || !p.packageCode || p.vatRate == null) {
			missing.push(p?.name ?? l.productId);
			return;
		}
		items.push({
			name: p.name,
			barcode: p.gtin ?? p.barcodes[0] ?? null,
			ikpu: p.ikpu,
			packageCode: p.packageCode,
			vatRate: p.vatRate,
			unitPrice: l.unitPrice,
			qty: l.qty,
			discount: l.discount,
			labels: labels(i)
		});
	});
	if (missing.length) return { ok: false, missing };
	const refund = receipt.kind === 'return';
	if (refund && !isSigned(original?.fiscal)) return { ok: false, originalNotFiscal: true };
	const paid = (method: PaymentRow['method']) =>
		payments.filter((p) => p.method === method).reduce((s, p) => s + p.amount, 0);
	// A return's lines are priced net; the order-level discount of a sale comes off its lines'
	// sum, so the register's total is the receipt's.
	return {
		ok: true,
		sale: {
			kind: refund ? 'refund' : 'sale',
			items,
			total: receipt.total,
			cash: refund ? receipt.paid : paid('cash'),
			// A bank transfer is not cash: the register takes it as a non-cash payment.
			card: refund ? 0 : paid('card') + paid('transfer'),
			time: registerTime(receipt.soldAt, timezone),
			...(refund && isSigned(original?.fiscal) ? { refundOf: original.fiscal } : {})
		}
	};
}

/** `YYYY-MM-DD HH:mm:ss` in the organization's time zone, as the register prints it. */
export function registerTime(at: number, timezone: string): string {
	const local = new Date(at + zoneOffsetMs(timezone, at)).toISOString();
	return `${local.slice(0, 10)} ${local.slice(11, 19)}`;
}
