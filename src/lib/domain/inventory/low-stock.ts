/**
 * Low stock: a balance that a posting takes from at or above the organization's threshold to
 * below it. Reported once, at the crossing (a webhook event), not on every posting while low.
 */
import { balanceKey } from './ledger';

export interface Crossing {
	warehouseId: string;
	productId: string;
	/** Thousandths, before and after the posting. */
	before: number;
	after: number;
}

/** The pairs this posting took below `thresholdMilli` (they were at or above it before). */
export function crossedBelow(
	before: ReadonlyMap<string, number>,
	deltas: readonly { warehouseId: string; productId: string; milli: number }[],
	thresholdMilli: number
): Crossing[] {
	const out: Crossing[] = [];
	for (const d of deltas) {
		const was = before.get(balanceKey(d.warehouseId, d.productId)) ?? 0;
		const now = was + d.milli;
		if (was >= thresholdMilli && now < thresholdMilli) {
			out.push({ warehouseId: d.warehouseId, productId: d.productId, before: was, after: now });
		}
	}
	return out;
}
