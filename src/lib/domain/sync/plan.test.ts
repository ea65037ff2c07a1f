import { describe, expect, it } from 'vitest';
import { Overlay } from './plan';

const price = (id: string, productId: string, price: number) => ({
	id,
	version: 1,
	updatedAt: 0,
	priceListId: 'list',
	productId,
	price
});

describe('Overlay.where', () => {
	it('answers what a scan of the stored rows and the plans’ writes would, in the same order', () => {
		const view = new Overlay(false);
		view.load([{ table: 'prices', all: true }], 'prices', [
			price('a', 'p1', 1),
			price('b', 'p2', 2),
			price('c', 'p1', 3)
		]);
		expect(view.where('prices', 'productId', 'p1').map((r) => r.id)).toEqual(['a', 'c']);
		// A write moves a row to another product, another adds one, a third deletes one.
		view.apply([
			{ put: 'prices', row: price('a', 'p2', 1) },
			{ put: 'prices', row: price('d', 'p1', 4) },
			{ delete: 'prices', id: 'c' }
		]);
		expect(view.where('prices', 'productId', 'p1').map((r) => r.id)).toEqual(['d']);
		expect(view.where('prices', 'productId', 'p2').map((r) => r.id)).toEqual(['b', 'a']);
		// Rows loaded after the index was built are found too; a reset forgets the writes.
		view.load([{ table: 'prices', by: 'productId', value: 'p3' }], 'prices', [price('e', 'p3', 5)]);
		expect(view.where('prices', 'productId', 'p3').map((r) => r.id)).toEqual(['e']);
		view.reset();
		expect(view.where('prices', 'productId', 'p1').map((r) => r.id)).toEqual(['a', 'c']);
		expect(view.where('prices', 'productId', 'p2').map((r) => r.id)).toEqual(['b']);
	});
});
