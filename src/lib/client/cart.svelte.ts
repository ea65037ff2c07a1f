/**
 * A cart being filled on the till or the order screen: products and exact quantities
 * (thousandths). Picking a product again adds one; stepping to zero removes the line.
 *
 * A quantity box is read on every keystroke (one rule: `parseTypedQty`), so every total on the
 * screen follows what is typed. While a box holds something that is not a quantity ("10.", ""),
 * its line keeps the problem and the cart is not `valid`: the screen says so and will not send,
 * rather than send the last good number under a label that shows another.
 */
import type { Unit } from '../domain/catalog/schemas';
import { fromMilli, parseTypedQty, type TypedQtyProblem } from '../domain/inventory/quantity';

export interface CartLine {
	productId: string;
	/** The last quantity read from the line, in thousandths. */
	milli: number;
	/** The box's text while the user is typing in it; null shows `milli`. */
	typed: string | null;
	/** Why the typed text is not a quantity; null when it is. */
	problem: TypedQtyProblem | null;
}

export class Cart {
	lines = $state<CartLine[]>([]);
	/** Every line holds a quantity: what the screen totals is what it would send. */
	valid = $derived(this.lines.length > 0 && this.lines.every((l) => l.problem === null));

	add(product: { id: string }) {
		const line = this.lines.find((l) => l.productId === product.id);
		if (line) this.#setMilli(line, (line.problem ? 0 : line.milli) + 1000);
		else this.lines.push({ productId: product.id, milli: 1000, typed: null, problem: null });
	}

	/** `by` steps of `size` thousandths (a unit; a pack: domain/inventory/quantity.ts stepMilli). */
	step(i: number, by: number, size = 1000) {
		const line = this.lines[i];
		if (!line) return;
		const next = (line.problem ? 0 : line.milli) + by * size;
		if (next <= 0) this.lines.splice(i, 1);
		else this.#setMilli(line, next);
	}

	/** The text typed in a line's box ("1,5" or "1.5"), read as it is typed. */
	type(i: number, text: string, unit: Unit) {
		const line = this.lines[i];
		if (!line) return;
		line.typed = text;
		const q = parseTypedQty(text, unit);
		if ('milli' in q) {
			line.milli = q.milli;
			line.problem = null;
		} else line.problem = q.problem;
	}

	/** The box shows the quantity again as a number (when it loses focus), if it holds one. */
	settle(i: number) {
		const line = this.lines[i];
		if (line && !line.problem) line.typed = null;
	}

	/** The line of a product, by its position; -1 when the cart has none. */
	indexOf(productId: string) {
		return this.lines.findIndex((l) => l.productId === productId);
	}

	/** A product's quantity set outright (thousandths); zero or less takes the line out. */
	set(productId: string, milli: number) {
		const i = this.indexOf(productId);
		if (milli <= 0) {
			if (i >= 0) this.lines.splice(i, 1);
		} else if (i >= 0) this.#setMilli(this.lines[i]!, milli);
		else this.lines.push({ productId, milli, typed: null, problem: null });
	}

	#setMilli(line: CartLine, milli: number) {
		line.milli = milli;
		line.typed = null;
		line.problem = null;
	}

	clear() {
		this.lines = [];
	}

	/** As mutation args: quantities in the unit. Only meaningful while `valid`. */
	args() {
		return this.lines.map((l) => ({ productId: l.productId, qty: fromMilli(l.milli) }));
	}
}
