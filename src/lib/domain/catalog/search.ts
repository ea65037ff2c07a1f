/**
 * Product search as the user types, over tens of thousands of products: an index of lowercased
 * text built once per catalog change, then a linear scan with exact SKU and barcode hits first.
 */
export interface Searchable {
	id: string;
	sku: string;
	name: string;
	barcodes: string[];
}

export interface SearchIndex<T extends Searchable> {
	items: T[];
	text: string[];
}

export function buildIndex<T extends Searchable>(items: T[]): SearchIndex<T> {
	return {
		items,
		text: items.map((p) => `${p.sku}\n${p.name}\n${p.barcodes.join('\n')}`.toLowerCase())
	};
}

/** Every word of the query must appear; exact SKU or barcode matches come first. */
export function search<T extends Searchable>(
	index: SearchIndex<T>,
	query: string,
	limit = 100
): { hits: T[]; total: number } {
	const words = query.toLowerCase().split(/\s+/).filter(Boolean);
	if (!words.length) return { hits: index.items.slice(0, limit), total: index.items.length };
	const q = query.trim().toLowerCase();
	const exact: T[] = [];
	const rest: T[] = [];
	for (let i = 0; i < index.items.length; i++) {
		const text = index.text[i]!;
		if (!words.every((w) => text.includes(w))) continue;
		const p = index.items[i]!;
		if (p.sku.toLowerCase() === q || p.barcodes.includes(q)) exact.push(p);
		else rest.push(p);
	}
	const all = [...exact, ...rest];
	return { hits: all.slice(0, limit), total: all.length };
}
