import { describe, expect, it } from 'vitest';
import { favouriteIds } from './favourites';

const all = () => true;

describe('favouriteIds', () => {
	it('puts the cashier’s pins first, then what most receipts carried', () => {
		const receipts = [['tea', 'sugar'], ['tea'], ['water', 'tea'], ['water'], ['bread']];
		expect(favouriteIds(['bread'], receipts, all)).toEqual(['bread', 'tea', 'water', 'sugar']);
	});

	it('counts a product once per receipt, however many lines it took', () => {
		expect(favouriteIds([], [['tea', 'tea', 'tea'], ['water'], ['water']], all)).toEqual([
			'water',
			'tea'
		]);
	});

	it('leaves out what can no longer be sold, pinned or not', () => {
		const sellable = (id: string) => id !== 'old';
		expect(favouriteIds(['old', 'tea'], [['old'], ['old'], ['sugar']], sellable)).toEqual([
			'tea',
			'sugar'
		]);
	});

	it('stops at the grid’s size', () => {
		const receipts = Array.from({ length: 20 }, (_, i) => [`p${i}`]);
		expect(favouriteIds([], receipts, all, 12)).toHaveLength(12);
		expect(favouriteIds([], [], all)).toEqual([]);
	});
});
