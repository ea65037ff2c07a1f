/**
 * Which product a scanned code stands for, beyond an exact SKU or barcode match: a GS1
 * DataMatrix marking code names its product by its (01) GTIN, and a retail barcode may be
 * stored in another length (EAN-13 scanned, GTIN-14 kept). GTINs compare in their 14-digit
 * form (src/lib/domain/marking/check-digit.ts).
 */
import { isGtin, toGtin14 } from '../marking/check-digit';
import { parseGs1, type MarkCode } from '../marking/gs1';

export interface Scannable {
	barcodes: string[];
	gtin?: string | null;
}

export interface ScanMatch<T> {
	product: T;
	/** The unit's marking code, when a DataMatrix was scanned. */
	mark?: MarkCode;
}

/**
 * The product `raw` names by GTIN, or undefined.
 * @example productByGtin(products, '010478000005432121Wt7Kq2Lm9Xz4B\u001d93dGh5')?.product.name
 */
export function productByGtin<T extends Scannable>(
	items: readonly T[],
	raw: string
): ScanMatch<T> | undefined {
	const code = raw.trim();
	let gtin: string | undefined;
	let mark: MarkCode | undefined;
	if (/^\d+$/.test(code)) {
		if (isGtin(code)) gtin = toGtin14(code);
	} else {
		const parsed = parseGs1(code);
		if (parsed.ok && parsed.kind === 'mark') {
			gtin = parsed.code.gtin;
			mark = parsed.code;
		}
	}
	if (!gtin) return undefined;
	const same = (c: string | null | undefined) => !!c && isGtin(c) && toGtin14(c) === gtin;
	const product = items.find((p) => same(p.gtin) || p.barcodes.some(same));
	return product ? { product, ...(mark ? { mark } : {}) } : undefined;
}
