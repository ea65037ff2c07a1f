/**
 * The rep's day-close form: what each product was counted at, the cash in hand, and a reason for
 * every difference. The figures are the shared rules' (domain/inventory/day-close.ts), so what
 * the screen shows before sending is what the server records.
 */
import type { Unit } from '$lib/domain/catalog/schemas';
import type { CashDifferenceReason, StockDifferenceReason } from '$lib/domain/inventory/day-close';
import { fromMilli, parseTypedQty, type TypedQtyProblem } from '$lib/domain/inventory/quantity';
import { minorToInput, parseMoney } from '$lib/domain/money';
import type { DayCloseRow } from '$lib/domain/sync/rows';

export interface CountProduct {
	id: string;
	name: string;
	unit: Unit;
	/** What the van should hold, in thousandths. */
	expected: number;
}

export class DayCloseForm {
	private readonly products: () => CountProduct[];
	private readonly digits: () => number;
	/** Typed counts by product; empty until the rep counts (or says the counts match). */
	counts = $state<Record<string, string>>({});
	reasons = $state<Record<string, StockDifferenceReason | ''>>({});
	cash = $state('');
	cashReason = $state<CashDifferenceReason | ''>('');
	comment = $state('');
	/** Set once the rep tried to send: unanswered fields show their error from then on. */
	tried = $state(false);

	constructor(products: () => CountProduct[], digits: () => number) {
		this.products = products;
		this.digits = digits;
	}

	/** Starts again from a close already sent (a recount before the handover). */
	load(close: DayCloseRow) {
		this.counts = Object.fromEntries(close.lines.map((l) => [l.productId, String(l.counted)]));
		this.reasons = Object.fromEntries(close.lines.map((l) => [l.productId, l.reason ?? '']));
		this.cash = minorToInput(close.cashCounted, this.digits());
		this.cashReason = close.cashReason ?? '';
		this.comment = close.comment ?? '';
	}

	/** "Counts match": every product prefilled with what the van should hold. */
	allMatch() {
		this.counts = Object.fromEntries(
			this.products().map((p) => [p.id, String(fromMilli(p.expected))])
		);
	}

	/** One step up or down; a blank count starts from zero. */
	step(p: CountProduct, by: 1 | -1) {
		const now = this.parsed(p);
		const base = 'milli' in now ? now.milli : 0;
		const next = Math.max(0, base + by * 1000);
		this.counts[p.id] = String(fromMilli(next));
	}

	parsed(p: CountProduct): { milli: number } | { problem: TypedQtyProblem } {
		return parseTypedQty(this.counts[p.id] ?? '', p.unit, { allowZero: true });
	}

	/** Each product's figures, with the count as typed (null: not counted yet or not valid). */
	readonly rows = $derived.by(() =>
		this.products().map((p) => {
			const q = this.parsed(p);
			const counted = 'milli' in q ? q.milli : null;
			return {
				product: p,
				counted,
				problem: 'problem' in q ? q.problem : null,
				diff: counted === null ? null : counted - p.expected
			};
		})
	);

	readonly cashCounted = $derived.by(() =>
		this.cash.trim() === '' ? null : parseMoney(this.cash, this.digits())
	);

	readonly differences = $derived(this.rows.filter((r) => r.diff !== null && r.diff !== 0));

	/** What keeps the close from being sent, by field (the screen shows each at its field). */
	problems(cashExpected: number): Record<string, string> {
		const out: Record<string, string> = {};
		for (const r of this.rows) {
			if (r.problem) out[`count.${r.product.id}`] = r.problem === 'empty' ? 'required' : r.problem;
			else if (r.diff !== 0 && !this.reasons[r.product.id])
				out[`reason.${r.product.id}`] = 'required';
		}
		if (this.cashCounted === null) out.cash = this.cash.trim() === '' ? 'required' : 'format';
		else if (this.cashCounted !== cashExpected && !this.cashReason) out.cashReason = 'required';
		return out;
	}

	/** The mutation's args (call once `problems` is empty). */
	args(id: string, warehouseId: string, date: string) {
		return {
			id,
			warehouseId,
			date,
			lines: this.rows.map((r) => ({
				productId: r.product.id,
				counted: fromMilli(r.counted ?? 0),
				reason: r.diff ? this.reasons[r.product.id] || null : null
			})),
			cashCounted: this.cashCounted ?? 0,
			cashReason: this.cashReason || null,
			comment: this.comment.trim() || null
		};
	}
}
