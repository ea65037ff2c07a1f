/**
 * Product search as the user types, over tens of thousands of products on a phone. The index
 * (lowercased text per product) is built once per catalog change; each keystroke is then one
 * linear scan with plain `includes`, which stays in single milliseconds at 20,000 products —
 * no allocation per product, no regular expressions.
 *
 * Names are written in Uzbek Latin, Uzbek Cyrillic or Russian, and reps type in whichever
 * keyboard they hold: "чой", "choy", "Choy" and "ЧОЙ" must find "Choy" and "Чой" alike. So the
 * index and the query are both folded to one Latin spelling (`fold`) before they are compared.
 */
export interface Searchable {
	id: string;
	sku: string;
	name: string;
	barcodes: string[];
	/** Its properties (brand, kind): their values find it too. */
	attributes?: Record<string, string>;
}

export interface SearchIndex<T extends Searchable> {
	items: readonly T[];
	/** `sku \n name \n barcodes…`, folded (`fold`), one per item. */
	text: string[];
	/** The SKU and barcodes, lowercased: what an exact code match compares against. */
	codes: string[][];
}

export interface SearchOptions<T> {
	/** How many hits to return; `total` still counts them all. */
	limit?: number;
	/** Applied before the text match (category, active). */
	filter?: (item: T) => boolean;
}

export interface SearchResult<T> {
	hits: T[];
	total: number;
}

/**
 * Cyrillic letters as Uzbek Latin writes them (the 1995 alphabet), and Russian letters the way a
 * rep would type them on a Latin keyboard. Letters whose Latin form carries an apostrophe
 * (ў oʻ, ғ gʻ) lose it: apostrophes are dropped everywhere (see `fold`), since people type
 * ʻ, ', ’, ` or nothing at all.
 */
const CYRILLIC: Record<string, string> = {
	а: 'a',
	б: 'b',
	в: 'v',
	г: 'g',
	д: 'd',
	е: 'e',
	ё: 'yo',
	ж: 'j',
	з: 'z',
	и: 'i',
	й: 'y',
	к: 'k',
	л: 'l',
	м: 'm',
	н: 'n',
	о: 'o',
	п: 'p',
	р: 'r',
	с: 's',
	т: 't',
	у: 'u',
	ф: 'f',
	х: 'x',
	ц: 'ts',
	ч: 'ch',
	ш: 'sh',
	щ: 'sh',
	ъ: '',
	ы: 'y',
	ь: '',
	э: 'e',
	ю: 'yu',
	я: 'ya',
	ў: 'o',
	қ: 'q',
	ғ: 'g',
	ҳ: 'h'
};

/** Apostrophe-like marks of Uzbek Latin (oʻ, gʻ, the ʼ of a hard sign), as people type them. */
const MARKS = new Set(["'", 'ʻ', 'ʼ', '’', '‘', '`', '´']);

/**
 * One spelling for text in any of the three scripts: lowercased, Cyrillic transliterated to
 * Uzbek Latin, apostrophes dropped, and "ye" read as "e" (Cyrillic е is "ye" at the start of an
 * Uzbek word and "e" elsewhere: "yer" and "ер" are one word). Digits and codes pass unchanged.
 * @example fold('Чой') === fold('Choy') // 'choy'
 * @example fold('Oʻzbekiston') === fold('Ўзбекистон') // 'ozbekiston'
 */
export function fold(text: string): string {
	const lower = text.toLowerCase();
	let out = '';
	for (const ch of lower) {
		const latin = CYRILLIC[ch];
		if (latin !== undefined) out += latin;
		else if (!MARKS.has(ch)) out += ch;
	}
	return out.includes('ye') ? out.replaceAll('ye', 'e') : out;
}

/** A query's words as an index holds text: folded (any script, any case), split on spaces. */
export function queryWords(query: string): string[] {
	return fold(query).split(/\s+/).filter(Boolean);
}

/** Every word is somewhere in `text` (folded), in any order. */
export function hasEveryWord(text: string, words: readonly string[]): boolean {
	for (const w of words) if (!text.includes(w)) return false;
	return true;
}

/**
 * Lowercases each product's codes and name once, so keystrokes only compare.
 * @example const index = buildIndex(products); search(index, 'tea');
 */
export function buildIndex<T extends Searchable>(items: readonly T[]): SearchIndex<T> {
	const text: string[] = new Array<string>(items.length);
	const codes: string[][] = new Array<string[]>(items.length);
	for (let i = 0; i < items.length; i++) {
		const p = items[i]!;
		const own = [p.sku, ...p.barcodes].map((c) => c.toLowerCase());
		codes[i] = own;
		const values = p.attributes ? Object.values(p.attributes).join('\n') : '';
		text[i] = fold(`${own[0]}\n${p.name}\n${own.slice(1).join('\n')}\n${values}`);
	}
	return { items, text, codes };
}

/**
 * Every word of the query must appear somewhere in the SKU, name, barcodes or property values (a
 * brand), in any order and case. A product whose SKU or barcode equals the whole query comes first (a scanned or typed
 * code means that product), then those whose SKU or barcode starts with it, then the rest in
 * index order.
 * @example search(index, '4780000000011', { filter: (p) => p.active }).hits[0]
 */
export function search<T extends Searchable>(
	index: SearchIndex<T>,
	query: string,
	{ limit = 100, filter }: SearchOptions<T> = {}
): SearchResult<T> {
	const q = query.trim().toLowerCase();
	const words = queryWords(q);
	const exact: T[] = [];
	const prefix: T[] = [];
	const rest: T[] = [];
	let total = 0;
	for (let i = 0; i < index.items.length; i++) {
		const item = index.items[i]!;
		if (filter && !filter(item)) continue;
		if (!hasEveryWord(index.text[i]!, words)) continue;
		total++;
		if (!words.length) {
			if (rest.length < limit) rest.push(item);
			continue;
		}
		const own = index.codes[i]!;
		if (own.includes(q)) exact.push(item);
		else if (own.some((c) => c.startsWith(q))) {
			if (prefix.length < limit) prefix.push(item);
		} else if (rest.length < limit) rest.push(item);
	}
	return { hits: [...exact, ...prefix, ...rest].slice(0, limit), total };
}
