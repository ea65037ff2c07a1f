import { describe, expect, it } from 'vitest';
import { buildIndex, fold, search } from './search';

const products = [
	{ id: '1', sku: 'TEA-100', name: 'Green tea 100 g', barcodes: ['4780000000011'], active: true },
	{ id: '2', sku: 'TEA-250', name: 'Black tea 250 g', barcodes: [], active: true },
	{ id: '3', sku: 'COF-1', name: 'Coffee with tea aroma', barcodes: ['TEA-100X'], active: false },
	{ id: '4', sku: 'RIC', name: 'Rice', barcodes: [], active: true },
	{ id: '5', sku: 'X-9', name: 'Чай чёрный', barcodes: [], active: true }
];
const index = buildIndex(products);
const ids = (r: { hits: { id: string }[] }) => r.hits.map((p) => p.id);

describe('product search', () => {
	it('matches every word, in any order, ignoring case', () => {
		expect(ids(search(index, 'TEA green'))).toEqual(['1']);
		expect(search(index, 'tea').total).toBe(3);
		expect(ids(search(index, 'ЧАЙ'))).toEqual(['5']);
	});

	it('matches SKU, name and barcode text', () => {
		expect(ids(search(index, 'cof'))).toEqual(['3']);
		expect(ids(search(index, 'rice'))).toEqual(['4']);
		expect(ids(search(index, '0000011'))).toEqual(['1']);
	});

	it('finds a product by a property’s value (its brand), in either script', () => {
		const shelf = buildIndex([
			...products,
			{
				id: '6',
				sku: 'CH-7',
				name: 'Green tea 250 g',
				barcodes: [],
				attributes: { Производитель: 'Тошкент чой', Вид: 'Зелёный' }
			}
		]);
		expect(ids(search(shelf, 'toshkent'))).toEqual(['6']);
		expect(ids(search(shelf, 'тошкент green'))).toEqual(['6']);
		// A property's name is not its value: nothing is made of the word "Производитель".
		expect(ids(search(shelf, 'производитель'))).toEqual([]);
	});

	it('puts an exact SKU or barcode first, then codes that start with the query', () => {
		expect(ids(search(index, 'tea-250'))[0]).toBe('2');
		expect(ids(search(index, '4780000000011'))).toEqual(['1']);
		// A barcode with letters matches whatever case it was typed in.
		expect(ids(search(index, 'tea-100x'))).toEqual(['3']);
		// "tea-100" is product 1's SKU exactly and the start of product 3's barcode.
		expect(ids(search(index, 'TEA-100'))).toEqual(['1', '3']);
		expect(ids(search(index, 'tea-'))).toEqual(['1', '2', '3']);
	});

	it('shows everything for an empty query, up to the limit, counting all', () => {
		expect(search(index, '  ', { limit: 2 })).toEqual({ hits: products.slice(0, 2), total: 5 });
	});

	it('applies the filter before counting', () => {
		const active = (p: (typeof products)[number]) => p.active;
		expect(search(index, 'tea', { filter: active }).total).toBe(2);
		expect(search(index, '', { filter: active }).total).toBe(4);
	});

	it('finds the right products among 20,000 and counts past the limit', () => {
		const many = Array.from({ length: 20_000 }, (_, i) => ({
			id: String(i),
			sku: `SKU-${String(i).padStart(5, '0')}`,
			name: `${i % 2 ? 'Green' : 'Black'} tea no. ${i}`,
			barcodes: [`478${String(i).padStart(10, '0')}`]
		}));
		const big = buildIndex(many);
		const green = search(big, 'green tea');
		expect(green.total).toBe(10_000);
		expect(green.hits).toHaveLength(100);
		expect(green.hits.every((p) => p.name.startsWith('Green'))).toBe(true);
		expect(ids(search(big, '4780000012345'))).toEqual(['12345']);
		expect(ids(search(big, 'sku-01234'))).toEqual(['1234']);
		expect(search(big, 'sku-1234').total).toBe(10); // SKU-12340 … SKU-12349
	});
});

describe('search across scripts', () => {
	const shelf = [
		{ id: 'choy-lat', sku: 'CH-1', name: 'Choy Ahmad 100 g', barcodes: [] },
		{ id: 'choy-cyr', sku: 'CH-2', name: 'Чой кўк 250 г', barcodes: [] },
		{ id: 'chai-ru', sku: 'CH-3', name: 'Чай чёрный Лисма', barcodes: [] },
		{ id: 'yog', sku: 'YG-1', name: 'Paxta yogʻi 1 l', barcodes: [] },
		{ id: 'galla', sku: 'GL-1', name: 'Ғалла уни', barcodes: [] },
		{ id: 'shakar', sku: 'SH-1', name: 'Шакар', barcodes: [] },
		{ id: 'tong', sku: 'TG-1', name: 'Tong sharbati', barcodes: [] },
		{ id: 'shchotka', sku: 'BR-1', name: 'Щётка зубная', barcodes: [] },
		{ id: 'mylo', sku: 'SO-1', name: 'Мыло детское', barcodes: [] },
		{ id: 'eskimo', sku: 'IC-1', name: 'Эскимо в шоколаде', barcodes: [] },
		{ id: 'sol', sku: 'SL-1', name: 'Соль йодированная', barcodes: [] },
		{ id: 'pizza', sku: 'PZ-1', name: 'Пицца', barcodes: [] },
		{ id: 'yangi', sku: 'YN-1', name: 'Янги нон', barcodes: [] },
		{ id: 'yer', sku: 'YE-1', name: 'Yeryongʻoq', barcodes: [] },
		{ id: 'ozb', sku: 'UZ-1', name: 'Oʻzbekiston suvi', barcodes: [] }
	];
	const idx = buildIndex(shelf);
	const found = (q: string) => ids(search(idx, q));

	it('"чой", "choy", "Choy" and "ЧОЙ" find the same products, in either script', () => {
		const choy = ['choy-lat', 'choy-cyr'];
		expect(found('чой')).toEqual(choy);
		expect(found('choy')).toEqual(choy);
		expect(found('Choy')).toEqual(choy);
		expect(found('ЧОЙ')).toEqual(choy);
		// Russian "чай" is another word: it finds the Russian name only, typed in either script.
		expect(found('чай')).toEqual(['chai-ru']);
		expect(found('chay')).toEqual(['chai-ru']);
	});

	it('reads oʻ and gʻ with any apostrophe or none, and ў, ғ, қ, ҳ as their Latin letters', () => {
		expect(found('ёғи')).toEqual(['yog']);
		expect(found("yog'i")).toEqual(['yog']);
		expect(found('yog’i')).toEqual(['yog']);
		expect(found('yogi')).toEqual(['yog']);
		expect(found("g'alla")).toEqual(['galla']);
		expect(found('ўзбекистон')).toEqual(['ozb']);
		expect(found('ozbekiston')).toEqual(['ozb']);
		expect(found('кўк')).toEqual(['choy-cyr']);
		expect(found("ko'k")).toEqual(['choy-cyr']);
	});

	it('reads sh, ch, ng, yo, yu, ya, ts and ye across the scripts', () => {
		expect(found('shakar')).toEqual(['shakar']);
		expect(found('тонг')).toEqual(['tong']);
		expect(found('yangi non')).toEqual(['yangi']);
		expect(found('pitstsa')).toEqual(['pizza']);
		// Uzbek Cyrillic е is "ye" at the start of a word: "ерёнғоқ" is "yeryongʻoq".
		expect(found('ерёнғоқ')).toEqual(['yer']);
		expect(found('yeryongoq')).toEqual(['yer']);
	});

	it('types Russian letters щ, ы, э, ь, й on a Latin keyboard', () => {
		expect(found('shyotka')).toEqual(['shchotka']);
		expect(found('mylo')).toEqual(['mylo']);
		expect(found('eskimo')).toEqual(['eskimo']);
		expect(found('sol yodirovannaya')).toEqual(['sol']);
		expect(found('щётка')).toEqual(['shchotka']);
	});

	it('folds to one spelling', () => {
		expect(fold('Чой')).toBe('choy');
		expect(fold('Oʻzbekiston')).toBe(fold('Ўзбекистон'));
		expect(fold('Подъезд')).toBe('podezd');
		expect(fold('4780000000011')).toBe('4780000000011');
	});
});
