import { describe, expect, it } from 'vitest';
import {
	assortmentOf,
	assortmentSetArgs,
	assortmentTarget,
	missingMustSell,
	mustSellCoverage,
	type AssortmentRef
} from './assortment';

const retail: AssortmentRef = {
	id: 'a1',
	scope: 'channel',
	channel: 'retail',
	tradePointId: null,
	lines: [
		{ productId: 'tea', mustSell: true },
		{ productId: 'rice', mustSell: false },
		{ productId: 'juice', mustSell: true }
	]
};
const cornerShopOwn: AssortmentRef = {
	id: 'a2',
	scope: 'tradePoint',
	channel: null,
	tradePointId: 'corner',
	lines: [
		{ productId: 'soap', mustSell: true },
		{ productId: 'tea', mustSell: false }
	]
};
const all = [retail, cornerShopOwn];
const shop = { id: 'shop', channel: 'retail' };
const corner = { id: 'corner', channel: 'retail' };
const pharmacy = { id: 'ph', channel: 'pharmacy' };

describe('a trade point’s assortment', () => {
	it('is its channel’s, unless it has its own, which wins whole', () => {
		expect(assortmentOf(all, shop)).toEqual({ source: 'channel', lines: retail.lines });
		expect(assortmentOf(all, corner)).toEqual({ source: 'tradePoint', lines: cornerShopOwn.lines });
		expect(assortmentOf(all, pharmacy)).toEqual({ source: null, lines: [] });
		expect(assortmentOf(all, { id: 'x', channel: null })).toEqual({ source: null, lines: [] });
	});

	it('falls back to the channel’s when its own list is emptied', () => {
		const emptied = { ...cornerShopOwn, lines: [] };
		expect(assortmentOf([retail, emptied], corner).source).toBe('channel');
	});

	it('names the must-sell products that today’s sales and orders did not place', () => {
		expect(missingMustSell(all, shop, [])).toEqual(['tea', 'juice']);
		expect(
			missingMustSell(all, shop, [
				{ productId: 'tea', qty: 2 },
				{ productId: 'rice', qty: 1 }
			])
		).toEqual(['juice']);
		// A line of zero places nothing.
		expect(missingMustSell(all, shop, [{ productId: 'juice', qty: 0 }])).toEqual(['tea', 'juice']);
		// The corner shop's own list: only soap is a must there, tea is not.
		expect(missingMustSell(all, corner, [{ productId: 'tea', qty: 1 }])).toEqual(['soap']);
		expect(missingMustSell(all, pharmacy, [])).toEqual([]);
	});

	it('counts must-sell coverage', () => {
		expect(mustSellCoverage(all, shop, [{ productId: 'juice', qty: 1 }])).toEqual({
			covered: 1,
			required: 2
		});
		expect(mustSellCoverage(all, pharmacy, [])).toEqual({ covered: 0, required: 0 });
	});

	it('has one target per channel and per trade point', () => {
		expect(assortmentTarget({ scope: 'channel', channel: 'retail' })).toBe('channel:retail');
		expect(assortmentTarget({ scope: 'tradePoint', tradePointId: 'corner' })).toBe(
			'tradePoint:corner'
		);
	});
});

describe('assortment.set args', () => {
	const id = '0190a000-0000-7000-8000-000000000001';
	const product = '0190a000-0000-7000-8000-000000000002';
	const fieldsOf = (args: unknown) => {
		const r = assortmentSetArgs.safeParse(args);
		return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
	};

	it('takes a channel’s or a trade point’s list', () => {
		expect(fieldsOf({ id, scope: 'channel', channel: 'retail', lines: [] })).toEqual([]);
		expect(
			fieldsOf({
				id,
				scope: 'tradePoint',
				tradePointId: product,
				lines: [{ productId: product, mustSell: true }]
			})
		).toEqual([]);
	});

	it('names the field that does not fit the scope, and a product named twice', () => {
		expect(fieldsOf({ id, scope: 'channel', lines: [] })).toEqual(['channel']);
		expect(fieldsOf({ id, scope: 'channel', channel: 'moon', lines: [] })).toEqual(['channel']);
		expect(fieldsOf({ id, scope: 'tradePoint', channel: 'retail', lines: [] })).toEqual([
			'tradePointId',
			'channel'
		]);
		const line = { productId: product, mustSell: false };
		expect(fieldsOf({ id, scope: 'channel', channel: 'retail', lines: [line, line] })).toEqual([
			'lines'
		]);
	});
});
