/**
 * Multikassa (Micros24 by Rahmat Tech), a registered virtual cash register: its local driver
 * drives the fiscal module (a USB key) and answers on `http://localhost:8080/api/v1` by default.
 * From its public documentation (a Postman collection at docs-virtual-kassa.multibank.uz):
 * `POST /api/v1/operations` with `module_operation_type` 3 (sale) or 4 (refund, citing the
 * original in `RefundInfo`), `GET /api/v1/unsentCount` (receipts signed but not yet sent to the
 * tax operator) and `POST /api/v1/resendUnsent`.
 *
 * This file turns a receipt into the driver's request and its answer into a stamp; both pure,
 * so the fake driver's tests check them field by field (tests/fakes/multikassa-driver.ts).
 */
import { AppError, fieldError } from '../errors';
import { checkUrl, type SignedStamp } from './stamp';

/** One product line as the register needs it. Money in minor units (tiyin), VAT in percent. */
export interface FiscalItem {
	name: string;
	/** The product's GTIN or EAN, printed as its barcode. */
	barcode: string | null;
	/** IKPU (MXIK): 17 digits from the national product catalog. */
	ikpu: string;
	packageCode: string;
	vatRate: number;
	unitPrice: number;
	qty: number;
	/** The line's discount (minor units). */
	discount: number;
	/** One marking label (GTIN + serial) per unit of a marked product; empty otherwise. */
	labels: string[];
}

export interface FiscalSale {
	kind: 'sale' | 'refund';
	items: FiscalItem[];
	/** The receipt's total (minor units): what the items come to after discounts. */
	total: number;
	/** Taken in cash and by card (minor units). */
	cash: number;
	card: number;
	/** When it was sold, as the register prints it (`YYYY-MM-DD HH:mm:ss`, local time). */
	time: string;
	/** The original receipt's stamp, for a refund. */
	refundOf?: SignedStamp;
}

export interface MultikassaItem {
	classifier_class_code: string;
	product_name: string;
	product_barcode: string;
	product_price: number;
	product_vat_percent: number;
	product_vat: number;
	product_package: string;
	product_mark: boolean;
	product_label: string;
	product_discount: number;
	count: number;
}

export interface MultikassaOperation {
	module_operation_type: '3' | '4';
	receipt_sum: number;
	receipt_gnk_receivedcash: number;
	receipt_gnk_receivedcard: number;
	receipt_gnk_time: string;
	items: MultikassaItem[];
	RefundInfo?: { TerminalID: string; ReceiptSeq: string; DateTime: string; FiscalSign: string };
}

/** VAT inside a price that includes it: price × rate / (100 + rate), rounded to the tiyin. */
export const vatIncluded = (amount: number, rate: number) =>
	rate > 0 ? Math.round((amount * rate) / (100 + rate)) : 0;

/** Splits `amount` into `n` whole parts that differ by at most one, larger first. */
function shares(amount: number, n: number): number[] {
	const base = Math.floor(amount / n);
	return Array.from({ length: n }, (_, i) => base + (i < amount - base * n ? 1 : 0));
}

/**
 * The driver's request for a sale or a refund. A marked product goes as one item per unit,
 * each with its own label (the receipt takes that unit's code out of circulation); the line's
 * discount is shared between its units.
 *
 * @example multikassaOperation({ kind: 'sale', items, total, cash: total, card: 0, time })
 */
export function multikassaOperation(sale: FiscalSale): MultikassaOperation {
	const items: MultikassaItem[] = [];
	for (const item of sale.items) {
		const base = {
			classifier_class_code: item.ikpu,
			product_name: item.name,
			product_barcode: item.barcode ?? '',
			product_price: item.unitPrice,
			product_vat_percent: item.vatRate,
			product_package: item.packageCode
		};
		if (item.labels.length) {
			shares(item.discount, item.labels.length).forEach((discount, i) =>
				items.push({
					...base,
					product_vat: vatIncluded(item.unitPrice - discount, item.vatRate),
					product_mark: true,
					product_label: item.labels[i]!,
					product_discount: discount,
					count: 1
				})
			);
		} else {
			const amount = Math.round(item.unitPrice * item.qty) - item.discount;
			items.push({
				...base,
				product_vat: vatIncluded(amount, item.vatRate),
				product_mark: false,
				product_label: '',
				product_discount: item.discount,
				count: item.qty
			});
		}
	}
	const op: MultikassaOperation = {
		module_operation_type: sale.kind === 'sale' ? '3' : '4',
		receipt_sum: sale.total,
		receipt_gnk_receivedcash: sale.cash,
		receipt_gnk_receivedcard: sale.card,
		receipt_gnk_time: sale.time,
		items
	};
	if (sale.kind === 'refund') {
		const o = sale.refundOf;
		if (!o) throw new AppError('validation', 'A refund cites its original receipt.');
		op.RefundInfo = {
			TerminalID: o.terminalId,
			ReceiptSeq: o.receiptSeq,
			DateTime: o.dateTime,
			FiscalSign: o.fiscalSign
		};
	}
	return op;
}

/** `2023-06-26 13:58:28` or `20230626135828` → `20230626135828`. */
const compactTime = (s: string) => s.replace(/\D/g, '');

/**
 * The stamp in the driver's answer: the tax operator's `TerminalID`, `ReceiptSeq`, `DateTime`,
 * `FiscalSign` and `QRCodeURL` (the OFD receipt's own names), inside the driver's `data`
 * envelope (`data.receipt_gnk`). Anything short of a 12-digit sign and a check URL of the tax
 * operator is not a fiscal receipt: it throws, and the sale stays unstamped.
 */
export function stampFromAnswer(answer: unknown, queued: boolean): SignedStamp {
	const root = (answer ?? {}) as Record<string, unknown>;
	const data = (root.data ?? root) as Record<string, unknown>;
	const gnk = (data.receipt_gnk ?? data) as Record<string, unknown>;
	const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
	const stamp = {
		terminalId: str(gnk.TerminalID),
		receiptSeq: str(gnk.ReceiptSeq),
		dateTime: compactTime(str(gnk.DateTime)),
		fiscalSign: str(gnk.FiscalSign)
	};
	const qrUrl = str(gnk.QRCodeURL) || (stamp.terminalId ? checkUrl(stamp) : '');
	if (
		root.success === false ||
		!/^[A-Za-z0-9]+$/.test(stamp.terminalId) ||
		!/^\d{1,12}$/.test(stamp.receiptSeq) ||
		!/^\d{14}$/.test(stamp.dateTime) ||
		!/^\d{12}$/.test(stamp.fiscalSign) ||
		!qrUrl.startsWith('https://ofd.soliq.uz/check?')
	) {
		const message = str(root.message ?? root.error) || 'The register did not sign the receipt.';
		throw new AppError('validation', message, { receipt: fieldError('invalid', message) });
	}
	return { state: queued ? 'queued' : 'fiscal', register: 'multikassa', ...stamp, qrUrl };
}
