/**
 * A cart being filled on the till or the order screen: products and exact quantities
 * (thousandths). Picking a product again adds one; stepping to zero removes the line.
 */
import type { Unit } from '../domain/catalog/schemas';
import { fromMilli, toMilli } from '../domain/inventory/quantity';

export interface CartLine {
	productId: string;
	milli: number;
}

export class Cart {
	lines = $state<CartLine[]>([]);

	add(product: { id: string }) {
		const line = this.lines.find((l) => l.productId === product.id);
		if (line) line.milli += 1000;
		else this.lines.push({ productId: product.id, milli: 1000 });
	}

	step(i: number, by: number) {
		const line = this.lines[i];
		if (!line) return;
		line.milli += by * 1000;
		if (line.milli <= 0) this.lines.splice(i, 1);
	}

	/** A typed quantity ("1,5" or "1.5"); one the unit does not allow is ignored. */
	set(i: number, text: string, unit: Unit) {
		const q = toMilli(Number(text.replace(',', '.')), unit);
		if ('milli' in q && this.lines[i]) this.lines[i].milli = q.milli;
	}

	clear() {
		this.lines = [];
	}

	/** As mutation args: quantities in the unit. */
	args() {
		return this.lines.map((l) => ({ productId: l.productId, qty: fromMilli(l.milli) }));
	}
}
