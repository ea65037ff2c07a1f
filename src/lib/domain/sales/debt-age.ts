/**
 * What customers owe, by age: 0–30, 31–60 and over 60 days. A debt is only a balance, so its
 * age is read from the documents that made it: sales left unpaid (the unpaid part) and
 * delivered orders. Payments settle the oldest first (first in, first out), so what is still
 * owed is the newest credit: the balance is laid over the customer's credits newest first.
 * Whatever the documents do not explain (an opening balance, documents the device does not
 * have) is older than all of them and counts as over 60 days, with no rep.
 */
import type { OrderRow, ReceiptRow } from '../sync/rows';
import { dayOf } from '../time';

export const AGE_BUCKETS = ['d0_30', 'd31_60', 'd61'] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number];
export type Aged = Record<AgeBucket, number> & { total: number };

/** Something sold on credit: who owes it, which rep made it, since when. */
export interface Credit {
	counterpartyId: string;
	repId: string | null;
	at: number;
	amount: number;
}

const DAY = 86_400_000;

export function bucketOf(days: number): AgeBucket {
	return days <= 30 ? 'd0_30' : days <= 60 ? 'd31_60' : 'd61';
}

/** Whole days from one calendar date to another (YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
	return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);
}

/** The credits in sales and orders: each sale's unpaid part, each delivered order whole. */
export function creditsOf(
	receipts: readonly Pick<
		ReceiptRow,
		'kind' | 'counterpartyId' | 'authorId' | 'soldAt' | 'total' | 'paid'
	>[],
	orders: readonly Pick<
		OrderRow,
		'status' | 'counterpartyId' | 'authorId' | 'deliveredAt' | 'total'
	>[]
): Credit[] {
	const credits: Credit[] = [];
	for (const r of receipts) {
		const unpaid = r.total - r.paid;
		if (r.kind === 'sale' && r.counterpartyId && unpaid > 0) {
			credits.push({
				counterpartyId: r.counterpartyId,
				repId: r.authorId,
				at: r.soldAt,
				amount: unpaid
			});
		}
	}
	for (const o of orders) {
		if (o.status === 'delivered' && o.counterpartyId && o.deliveredAt !== null && o.total > 0) {
			credits.push({
				counterpartyId: o.counterpartyId,
				repId: o.authorId,
				at: o.deliveredAt,
				amount: o.total
			});
		}
	}
	return credits;
}

export const emptyAged = (): Aged => ({ d0_30: 0, d31_60: 0, d61: 0, total: 0 });

function add(into: Aged, bucket: AgeBucket, amount: number) {
	into[bucket] += amount;
	into.total += amount;
}

export interface DebtAges {
	customers: { counterpartyId: string; aged: Aged }[];
	/** By rep; `repId` null: debt no document explains. */
	reps: { repId: string | null; aged: Aged }[];
	total: Aged;
}

/**
 * Each customer's debt (`debts`: counterparty id → what they owe, minor units) by age on
 * `today` (the organization's date), per customer (largest first) and per rep. Advances
 * (negative balances) are not debt.
 */
export function debtsByAge(
	debts: readonly { id: string; amount: number }[],
	credits: readonly Credit[],
	today: string,
	timeZone = 'UTC'
): DebtAges {
	const byCustomer = new Map<string, Credit[]>();
	for (const c of credits) {
		const list = byCustomer.get(c.counterpartyId) ?? [];
		list.push(c);
		byCustomer.set(c.counterpartyId, list);
	}
	const customers: DebtAges['customers'] = [];
	const reps = new Map<string | null, Aged>();
	const total = emptyAged();
	const toRep = (repId: string | null, bucket: AgeBucket, amount: number) => {
		let aged = reps.get(repId);
		if (!aged) reps.set(repId, (aged = emptyAged()));
		add(aged, bucket, amount);
	};
	for (const debt of debts) {
		if (debt.amount <= 0) continue;
		const aged = emptyAged();
		let left = debt.amount;
		const newestFirst = [...(byCustomer.get(debt.id) ?? [])].sort((a, b) => b.at - a.at);
		for (const c of newestFirst) {
			if (left <= 0) break;
			const part = Math.min(left, c.amount);
			const bucket = bucketOf(daysBetween(dayOf(c.at, timeZone).date, today));
			add(aged, bucket, part);
			toRep(c.repId, bucket, part);
			left -= part;
		}
		if (left > 0) {
			add(aged, 'd61', left);
			toRep(null, 'd61', left);
		}
		for (const b of AGE_BUCKETS) total[b] += aged[b];
		total.total += aged.total;
		customers.push({ counterpartyId: debt.id, aged });
	}
	customers.sort((a, b) => b.aged.total - a.aged.total);
	return {
		customers,
		reps: [...reps]
			.map(([repId, aged]) => ({ repId, aged }))
			.sort((a, b) => b.aged.total - a.aged.total),
		total
	};
}
