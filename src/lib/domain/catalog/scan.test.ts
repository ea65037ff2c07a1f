import { describe, expect, it } from 'vitest';
import { productByGtin } from './scan';

const water = { name: 'Water', barcodes: ['4780000054321'], gtin: null };
const beer = { name: 'Beer', barcodes: [], gtin: '04780000012345' };
const items = [water, beer];

describe('productByGtin', () => {
	it('finds a product by the GTIN in a water DataMatrix, with its GS separator', () => {
		const m = productByGtin(items, '010478000005432121Wt7Kq2Lm9Xz4B\u001d93dGh5');
		expect(m?.product).toBe(water);
		expect(m?.mark).toMatchObject({
			gtin: '04780000054321',
			serial: 'Wt7Kq2Lm9Xz4B',
			check: 'dGh5'
		});
	});

	it('reads the bracketed human form too', () => {
		expect(productByGtin(items, '(01)04780000012345(21)AbC1234(93)x9Zq')?.product).toBe(beer);
	});

	it('matches an EAN-13 scanned against a GTIN-14 kept, and the other way round', () => {
		expect(productByGtin(items, '4780000012345')?.product).toBe(beer);
		expect(productByGtin(items, '04780000054321')?.product).toBe(water);
	});

	it('finds nothing for a wrong check digit or an unknown GTIN', () => {
		expect(productByGtin(items, '4780000012346')).toBeUndefined();
		expect(productByGtin(items, '4780000099992')).toBeUndefined();
		expect(productByGtin(items, 'hello')).toBeUndefined();
	});
});
