/**
 * Selling on credit: what a sale leaves unpaid joins the customer's debt, and an organization
 * may cap that debt. `warn` sells and tells the seller; `block` refuses the unpaid part (the
 * customer pays now, or the sale does not happen).
 */
export const CREDIT_POLICIES = ['warn', 'block'] as const;
export type CreditPolicy = (typeof CREDIT_POLICIES)[number];

export interface CreditCheck {
	/** Unpaid part of this sale, minor units. */
	unpaid: number;
	/** What the customer owes before it. */
	debt: number;
	limit: number | null | undefined;
	policy: CreditPolicy | undefined;
}

/**
 * Whether the sale stays within the customer's credit limit, and what to do if not.
 * @example creditDecision({ unpaid: 500, debt: 800, limit: 1000, policy: 'block' }) // 'block'
 */
export function creditDecision(c: CreditCheck): 'ok' | 'warn' | 'block' {
	if (c.unpaid <= 0 || c.limit === null || c.limit === undefined) return 'ok';
	if (c.debt + c.unpaid <= c.limit) return 'ok';
	return (c.policy ?? 'warn') === 'block' ? 'block' : 'warn';
}

export interface Settlement {
	/** What the receipt records as paid (never more than the total). */
	paid: number;
	/** Cash to hand back. */
	change: number;
	unpaid: number;
}

/**
 * How the payments settle a total: cash beyond the total is change; any other method may not
 * pay more than is due (a card or transfer overpayment is a mistake, not change).
 * @example settle(9000, [{ method: 'cash', amount: 10000 }]) // { paid: 9000, change: 1000, unpaid: 0 }
 */
export function settle(
	total: number,
	payments: readonly { method: string; amount: number }[]
): Settlement | { refused: string } {
	const cash = payments.filter((p) => p.method === 'cash').reduce((s, p) => s + p.amount, 0);
	const other = payments.reduce((s, p) => s + p.amount, 0) - cash;
	if (other > total) return { refused: 'More than the total by card or transfer' };
	const change = Math.max(0, cash + other - total);
	const paid = cash + other - change;
	return { paid, change, unpaid: total - paid };
}
