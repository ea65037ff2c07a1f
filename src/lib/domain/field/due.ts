/**
 * What is due at a stop when the rep checks in: the customer's debt and how old it is, and the
 * orders still to deliver there. Must-sell lines missing come from the assortment
 * (src/lib/domain/sales/assortment.ts), not from here.
 */

const DAY = 86_400_000;

/** A sale as far as the debt goes: when, and the part of it left unpaid at the till. */
export interface CreditSale {
	soldAt: number;
	/** Minor units: total less what was paid with the sale. */
	unpaid: number;
}

export interface DebtAge {
	/** When the oldest sale still (partly) unpaid was made; null when the device has no such sale. */
	since: number | null;
	/** Whole days since then. */
	days: number | null;
}

/**
 * How old a debt is: later payments pay the oldest sales first, so what is still owed is the
 * unpaid part of the newest sales. Walking back from the newest sale until their unpaid parts
 * cover the debt finds the oldest sale still open. When the device's sales do not cover the
 * debt (older history not on the phone), the oldest it knows of is the answer: at least that old.
 * @example debtAge(50, [{ soldAt: day1, unpaid: 100 }, { soldAt: day5, unpaid: 30 }], now) // since day1
 */
export function debtAge(owed: number, sales: readonly CreditSale[], now: number): DebtAge {
	if (owed <= 0) return { since: null, days: null };
	const newestFirst = sales.filter((s) => s.unpaid > 0).sort((a, b) => b.soldAt - a.soldAt);
	let covered = 0;
	let since: number | null = null;
	for (const s of newestFirst) {
		since = s.soldAt;
		covered += s.unpaid;
		if (covered >= owed) break;
	}
	return { since, days: since === null ? null : Math.max(0, Math.floor((now - since) / DAY)) };
}

/** An order's states until it reaches the trade point. */
const TO_DELIVER = new Set(['new', 'confirmed', 'shipped']);

/**
 * Orders to deliver to a trade point, oldest first: taken before this visit and neither
 * delivered nor cancelled. Those taken at this visit are what the rep did, not what is due.
 */
export function ordersToDeliver<
	T extends { tradePointId: string; status: string; orderedAt: number }
>(orders: readonly T[], tradePointId: string, checkInAt: number): T[] {
	return orders
		.filter(
			(o) => o.tradePointId === tradePointId && TO_DELIVER.has(o.status) && o.orderedAt < checkInAt
		)
		.sort((a, b) => a.orderedAt - b.orderedAt);
}
