/**
 * Order and sale entry from a trade point's assortment: the products it is offered as a list,
 * each with a −/+ stepper and a box, filtered by category, with the van's stock, must-sell
 * marks and a suggested quantity. The quantities live in the screen's `Cart` (one cart, whether
 * a line came from the list or from search), so the total shown and what is sent stay one value.
 *
 * The page passes what it reads from the device (`input`), and draws `rows`; everything a tap
 * does is here, tested without a browser.
 */
import type { Unit } from '../domain/catalog/schemas';
import type { AssortmentLine } from '../domain/sales/assortment';
import type { TypedQtyProblem } from '../domain/inventory/quantity';
import { stepMilli } from '../domain/inventory/quantity';
import type { Cart } from './cart.svelte';

export interface EntryProduct {
	id: string;
	name: string;
	unit: Unit;
	categoryId: string | null;
	active: boolean;
	/** Its photo, drawn as a thumbnail beside the line (see ProductRow). */
	photoId?: string | null;
	/** Units in its pack (a case of 12); the stepper steps by it. */
	packSize?: number | null;
}

export interface EntryInput {
	/** The trade point's assortment, in the manager's order. */
	lines: readonly AssortmentLine[];
	products: ReadonlyMap<string, EntryProduct>;
	/** On hand in the van or store, thousandths by product; null: no stock to show (no van). */
	stock: ReadonlyMap<string, number> | null;
	/**
	 * The stock policy forbids selling beyond stock (a sale under `forbid`): + stops at what is
	 * on hand and more typed is a problem the sale will not go with. Otherwise more is allowed
	 * and marked (the server flags it).
	 */
	capAtStock: boolean;
	/**
	 * A line beyond stock is marked: on a sale (it leaves the van now), not on an order (it is
	 * delivered from the warehouse later; the van's stock is shown for information).
	 */
	markOver: boolean;
	/** Suggested quantities, thousandths by product (domain/sales/suggest.ts). */
	suggested: ReadonlyMap<string, number>;
}

export interface EntryRow {
	product: EntryProduct;
	mustSell: boolean;
	/** In the cart, thousandths (0: not in it). */
	milli: number;
	typed: string | null;
	problem: TypedQtyProblem | null;
	/** On hand, thousandths; null when there is no stock to show. */
	stock: number | null;
	/** Nothing on hand. */
	out: boolean;
	/** More in the cart than on hand. */
	over: boolean;
	/** + would go beyond what the policy allows. */
	atCap: boolean;
	suggested: number;
}

export class AssortmentEntry {
	/** The category chip chosen; null: all. */
	category = $state<string | null>(null);

	constructor(
		readonly cart: Cart,
		readonly input: () => EntryInput
	) {}

	/** Every line of the assortment whose product is active, with what the cart holds. */
	rows = $derived.by((): EntryRow[] => {
		const { lines, products, stock, capAtStock, markOver, suggested } = this.input();
		const out: EntryRow[] = [];
		for (const l of lines) {
			const product = products.get(l.productId);
			if (!product || !product.active) continue;
			const line = this.cart.lines.find((c) => c.productId === l.productId);
			const milli = line?.milli ?? 0;
			const onHand = stock ? (stock.get(l.productId) ?? 0) : null;
			out.push({
				product,
				mustSell: l.mustSell,
				milli,
				typed: line?.typed ?? null,
				problem: line?.problem ?? null,
				stock: onHand,
				out: onHand !== null && onHand <= 0,
				over: markOver && onHand !== null && milli > onHand,
				atCap: capAtStock && onHand !== null && milli + stepMilli(product.packSize) > onHand,
				suggested: suggested.get(l.productId) ?? 0
			});
		}
		return out;
	});

	/** The categories the assortment's products are in, in the list's order (chips). */
	categories = $derived(
		this.rows
			.flatMap((r) => (r.product.categoryId ? [r.product.categoryId] : []))
			.filter((c, i, all) => all.indexOf(c) === i)
	);

	/** The rows the chosen chip shows. */
	shown = $derived(
		this.category === null
			? this.rows
			: this.rows.filter((r) => r.product.categoryId === this.category)
	);

	/**
	 * Every line of the cart (from the list or from search) for more than is on hand: marked, and
	 * where the policy forbids it (`blocked`) the sale waits until they are fixed.
	 */
	overStock = $derived.by(() => {
		const { stock, markOver } = this.input();
		if (!stock || !markOver) return [];
		return this.cart.lines
			.filter((l) => !l.problem && l.milli > (stock.get(l.productId) ?? 0))
			.map((l) => l.productId);
	});
	blocked = $derived.by(() => this.input().capAtStock && this.overStock.length > 0);

	/** Must-sell lines not in the cart yet. */
	missing = $derived(this.rows.filter((r) => r.mustSell && r.milli <= 0 && !r.problem));

	#row(productId: string) {
		return this.rows.find((r) => r.product.id === productId);
	}

	/**
	 * One pack more (+) or less (−) where the product has a pack size, else one unit; + stops at
	 * the stock where the policy says so.
	 */
	step(productId: string, by: 1 | -1) {
		const row = this.#row(productId);
		if (!row) return;
		if (by > 0 && row.atCap) return;
		const base = row.problem ? 0 : row.milli;
		this.cart.set(productId, base + by * stepMilli(row.product.packSize));
	}

	/** What is typed in a line's box, read as typed (the cart's one parser). */
	type(productId: string, text: string) {
		const row = this.#row(productId);
		if (!row) return;
		let i = this.cart.indexOf(productId);
		if (i < 0) {
			if (text.trim() === '') return;
			this.cart.lines.push({ productId, milli: 0, typed: null, problem: null });
			i = this.cart.lines.length - 1;
		}
		this.cart.type(i, text, row.product.unit);
	}

	/** The box loses focus: a line typed down to zero leaves the cart, a number shows as one. */
	settle(productId: string) {
		const i = this.cart.indexOf(productId);
		if (i < 0) return;
		const line = this.cart.lines[i]!;
		if (!line.problem && line.milli <= 0) this.cart.lines.splice(i, 1);
		else if (line.problem === 'empty') this.cart.lines.splice(i, 1);
		else this.cart.settle(i);
	}

	/**
	 * Every line with a suggestion and nothing in the cart yet takes its suggestion (capped at the
	 * stock where the policy forbids more). Lines the rep already set stay as they are.
	 */
	fillSuggested() {
		for (const r of this.rows) {
			if (r.milli > 0 || r.problem || r.suggested <= 0) continue;
			const cap = this.input().capAtStock && r.stock !== null ? Math.max(r.stock, 0) : Infinity;
			const milli = Math.min(r.suggested, cap);
			if (milli > 0) this.cart.set(r.product.id, milli);
		}
	}

	/** How many lines "fill suggested" would set: the button shows only when there are some. */
	suggestable = $derived(
		this.rows.filter((r) => r.milli <= 0 && !r.problem && r.suggested > 0).length
	);

	/**
	 * The cart becomes the last order's lines (products no longer active left out), whether or
	 * not they are in the assortment.
	 */
	repeat(lines: readonly (readonly [string, number])[]) {
		const { products } = this.input();
		this.cart.clear();
		for (const [productId, milli] of lines) {
			if (products.get(productId)?.active) this.cart.set(productId, milli);
		}
	}
}
