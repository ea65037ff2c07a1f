import { describe, expect, it } from 'vitest';
import { buildIndex, search } from './search';

const products = [
	{ id: '1', sku: 'TEA-100', name: 'Green tea 100 g', barcodes: ['4780000000011'] },
	{ id: '2', sku: 'TEA-250', name: 'Black tea 250 g', barcodes: [] },
	{ id: '3', sku: 'COF-1', name: 'Coffee with tea aroma', barcodes: ['TEA-100X'] },
	{ id: '4', sku: 'RIC', name: 'Rice', barcodes: [] }
];
const index = buildIndex(products);

describe('product search', () => {
	it('matches every word, in any order, ignoring case', () => {
		expect(search(index, 'TEA green').hits.map((p) => p.id)).toEqual(['1']);
		expect(search(index, 'tea').total).toBe(3);
	});

	it('puts an exact SKU or barcode first', () => {
		expect(search(index, 'tea-250').hits[0]!.id).toBe('2');
		expect(search(index, '4780000000011').hits.map((p) => p.id)).toEqual(['1']);
	});

	it('shows everything for an empty query, up to the limit', () => {
		expect(search(index, '  ', 2)).toEqual({ hits: products.slice(0, 2), total: 4 });
	});
});
