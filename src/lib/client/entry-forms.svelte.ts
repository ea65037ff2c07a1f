/**
 * The order and sale entry screens' logic (src/routes/orders/new, src/routes/sell): the cart
 * priced for the trade point as the server will price it (domain/sales/sale.ts priceSale), what
 * stops sending, and the mutation arguments, built from the same priced value whose total the
 * send button shows. The pages read the device (`input`) and draw; the arguments are checked by
 * the mutation schemas when they are queued.
 */
import { currencyDigits, minorToInput, parseMoney } from '../domain/money';
import { settle } from '../domain/sales/credit';
import { quickCash } from '../domain/sales/quick-cash';
import { priceSale, type SaleCatalog } from '../domain/sales/sale';
import type { PaymentMethod } from '../domain/sales/schemas';
import type { Cart } from './cart.svelte';

/** Whom the cart is priced for: a branch's price lists, the trade point's channel and customer. */
export interface Buyer {
	branchId: string;
	channel: string | null;
	counterpartyId: string | null;
}

/** Why a screen will not send yet: a field by its name, or the whole cart. */
export type EntryProblem = { field: 'tradePointId'; problem: 'required' } | { problem: 'unpriced' };

class PricedEntry {
	constructor(
		readonly cart: Cart,
		protected readonly catalog: () => SaleCatalog | undefined,
		protected readonly buyer: () => Buyer | null
	) {}

	/** The cart priced for the buyer now; null until the catalog is read (or with no buyer). */
	priced = $derived.by(() => {
		const catalog = this.catalog();
		const buyer = this.buyer();
		if (!catalog || !buyer) return null;
		return priceSale({ lines: this.cart.lines, at: Date.now(), ...buyer }, catalog);
	});

	/** One unit's price for the buyer (promotions included); null: no price, or not read yet. */
	unitPrice(productId: string): number | null {
		const catalog = this.catalog();
		const buyer = this.buyer();
		if (!catalog || !buyer) return null;
		const line = priceSale(
			{ lines: [{ productId, milli: 1000 }], at: Date.now(), ...buyer },
			catalog
		).lines[0];
		return line && line.unitPrice ? line.unitPrice : null;
	}

	/**
	 * Exactly what is sent and the total the send button shows: one value, so the two cannot
	 * differ. Null while a quantity box holds no quantity (or nothing is priced yet).
	 */
	document = $derived.by(() =>
		this.priced && this.cart.valid ? { lines: this.cart.args(), total: this.priced.total } : null
	);
}

/** A rep's order at a trade point, for delivery later (`order.create`). */
export class OrderForm extends PricedEntry {
	comment = $state('');

	constructor(
		cart: Cart,
		catalog: () => SaleCatalog | undefined,
		private readonly point: () => (Buyer & { id: string }) | undefined
	) {
		super(cart, catalog, () => point() ?? null);
	}

	/** What stops the order going: no trade point, or a line without a price. Null: ready. */
	problem(): EntryProblem | null {
		if (!this.point()) return { field: 'tradePointId', problem: 'required' };
		if (this.priced?.unpriced.length) return { problem: 'unpriced' };
		return null;
	}

	/** What `order.create` is sent; null while `problem()` or a quantity box says no. */
	args(id: string, at: number) {
		const point = this.point();
		const order = this.document;
		if (!point || !order || this.problem()) return null;
		return {
			id,
			tradePointId: point.id,
			lines: order.lines,
			comment: this.comment.trim() || undefined,
			deviceTotal: order.total,
			orderedAt: at
		};
	}
}

export interface SaleInput {
	warehouseId: string;
	/** The trade point sold to; null: a walk-in customer. */
	tradePointId: string | null;
	buyer: Buyer;
	currency: string;
	/** Whether a product is marked: each unit sold carries its scanned code. */
	marked: (productId: string) => boolean;
}

/** A sale from the van or the store (`sale.create`): the cart, its marking codes and payment. */
export class SaleForm extends PricedEntry {
	method = $state<PaymentMethod>('cash');
	/** The cash box as typed; empty: exactly the total. */
	received = $state('');
	/** Marking codes scanned for the cart's marked products (raw, one per unit), by product. */
	marks = $state<Record<string, string[]>>({});

	constructor(
		cart: Cart,
		catalog: () => SaleCatalog | undefined,
		private readonly input: () => SaleInput
	) {
		super(cart, catalog, () => input().buyer);
	}

	/** The lines as sent: a marked product's line carries its codes. */
	sale = $derived.by(() => {
		const doc = this.document;
		if (!doc) return null;
		const { marked } = this.input();
		return {
			lines: doc.lines.map((l) =>
				marked(l.productId) ? { ...l, marks: this.marks[l.productId] ?? [] } : l
			),
			total: doc.total
		};
	});

	/** The cart's marked lines with their codes so far. */
	markedLines = $derived.by(() =>
		this.cart.lines.flatMap((l) =>
			this.input().marked(l.productId)
				? [{ productId: l.productId, qty: l.milli / 1000, codes: this.marks[l.productId] ?? [] }]
				: []
		)
	);
	/** Every unit of a marked product has its code: what the server requires (marks_missing). */
	marksReady = $derived.by(() => this.markedLines.every((l) => l.codes.length === l.qty));

	/** A scanned code adds one unit, unless its line still has units without a code. */
	addMark(product: { id: string }, raw: string) {
		const codes = this.marks[product.id] ?? [];
		const line = this.cart.lines[this.cart.indexOf(product.id)];
		if (!line || codes.length >= line.milli / 1000) this.cart.add(product);
		this.marks = { ...this.marks, [product.id]: [...codes, raw] };
	}

	removeMark(productId: string, at: number) {
		this.marks = {
			...this.marks,
			[productId]: (this.marks[productId] ?? []).filter((_, i) => i !== at)
		};
	}

	#digits = $derived.by(() => currencyDigits(this.input().currency));
	/** While a quantity box holds no quantity there is no total to pay: nothing to settle. */
	total = $derived.by(() => this.sale?.total ?? 0);
	/** What is paid: the cash box as typed (by the one money parser), the total when empty; null: not money. */
	amount = $derived.by(() =>
		this.received.trim() === '' ? this.total : parseMoney(this.received, this.#digits)
	);
	/** Paid, change and what stays owed; `refused` when card or transfer is more than the total. */
	settled = $derived.by(() =>
		this.amount === null || !this.sale
			? null
			: settle(this.total, this.amount > 0 ? [{ method: this.method, amount: this.amount }] : [])
	);
	/** The usual notes to pay the total with, cash only. */
	quick = $derived.by(() =>
		this.method === 'cash' && this.sale ? quickCash(this.sale.total, this.input().currency) : []
	);

	/** A quick-cash sum as the cash box shows it: "175000", not "175000.00". */
	cashText(minor: number): string {
		const digits = this.#digits;
		return minor % 10 ** digits ? minorToInput(minor, digits) : String(minor / 10 ** digits);
	}

	/**
	 * The sale can go (the button is live): every quantity and code there, paid as the method
	 * allows, and a walk-in customer paying in full (only a trade point's customer takes credit).
	 */
	ready = $derived.by(
		() =>
			this.marksReady &&
			!!this.sale &&
			!!this.settled &&
			!('refused' in this.settled) &&
			(this.settled.unpaid === 0 || !!this.input().buyer.counterpartyId)
	);

	/** What stops a ready sale going: a line without a price. */
	problem(): EntryProblem | null {
		return this.priced?.unpriced.length ? { problem: 'unpriced' } : null;
	}

	/** What `sale.create` is sent; null while it is not `ready` or `problem()` says no. */
	args(id: string, at: number) {
		const sale = this.sale;
		if (!sale || !this.ready || this.problem()) return null;
		const { warehouseId, tradePointId } = this.input();
		const amount = this.amount;
		return {
			id,
			warehouseId,
			tradePointId,
			lines: sale.lines,
			payments: amount && amount > 0 ? [{ method: this.method, amount }] : [],
			deviceTotal: sale.total,
			soldAt: at
		};
	}

	/** After the sale is saved: an empty cart, no codes, the cash box cleared. */
	reset() {
		this.cart.clear();
		this.marks = {};
		this.received = '';
	}
}
