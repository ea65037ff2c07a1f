import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { returnable, returnValue, typedReturn } from './returns';

const receipt = {
	lines: [
		{ productId: 'tea', milli: 3000, net: 32_400 },
		{ productId: 'rice', milli: 1500, net: 13_500 }
	],
	orderDiscount: 0
};

describe('returnValue', () => {
	it('gives back what was paid per unit, and refuses more than was sold or what was not sold', () => {
		expect(returnValue(receipt, [{ productId: 'tea', milli: 1000 }], new Map())).toEqual({
			lines: [{ line: 0, productId: 'tea', milli: 1000, amount: 10_800 }],
			total: 10_800
		});
		expect(returnValue(receipt, [{ productId: 'tea', milli: 4000 }], new Map())).toEqual({
			problems: [{ index: 0, problem: 'more_than_sold' }]
		});
		expect(
			returnValue(
				receipt,
				[{ productId: 'tea', milli: 1000 }],
				new Map([[0, { milli: 2500, amount: 27_000 }]])
			)
		).toEqual({ problems: [{ index: 0, problem: 'more_than_sold' }] });
		expect(returnValue(receipt, [{ productId: 'soap', milli: 1000 }], new Map())).toEqual({
			problems: [{ index: 0, problem: 'not_sold' }]
		});
	});

	it('shares an order discount, and returning everything in parts gives back exactly the total paid', () => {
		const r = {
			lines: [
				{ productId: 'a', milli: 3000, net: 1000 },
				{ productId: 'b', milli: 1000, net: 2000 }
			],
			orderDiscount: 301
		};
		let returned = new Map<number, { milli: number; amount: number }>();
		let total = 0;
		for (const part of [
			{ productId: 'a', milli: 1000 },
			{ productId: 'a', milli: 1000 },
			{ productId: 'b', milli: 1000 },
			{ productId: 'a', milli: 1000 }
		]) {
			const v = returnValue(r, [part], returned);
			if (!('lines' in v)) throw new Error('refused');
			total += v.total;
			returned = new Map(returned);
			for (const l of v.lines) {
				const b = returned.get(l.line) ?? { milli: 0, amount: 0 };
				returned.set(l.line, { milli: b.milli + l.milli, amount: b.amount + l.amount });
			}
		}
		expect(total).toBe(3000 - 301);
	});

	it('gives back no more than was paid when small returns each round up (found by the property below)', () => {
		// 13 units paid 3 in all (15 less a 12 discount), returned 3 at a time.
		const r = { lines: [{ productId: 'x', milli: 13_000, net: 15 }], orderDiscount: 12 };
		let back = new Map<number, { milli: number; amount: number }>();
		const given: number[] = [];
		for (let i = 0; i < 4; i++) {
			const v = returnValue(r, [{ productId: 'x', milli: 3000 }], back);
			if (!('lines' in v)) throw new Error('refused');
			given.push(v.total);
			const b = back.get(0) ?? { milli: 0, amount: 0 };
			back = new Map([[0, { milli: b.milli + 3000, amount: b.amount + v.total }]]);
		}
		expect(given.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(3);
		// The last unit settles what is left of the 3.
		const last = returnValue(r, [{ productId: 'x', milli: 1000 }], back);
		expect('lines' in last && given.reduce((a, b) => a + b, 0) + last.total).toBe(3);
	});

	it('never gives back more than was paid, in any split', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 1, max: 20 }),
				fc.integer({ min: 0, max: 1e7 }),
				fc.integer({ min: 0, max: 1e6 }),
				fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 10 }),
				(units, net, discount, parts) => {
					const r = {
						lines: [{ productId: 'x', milli: units * 1000, net }],
						orderDiscount: Math.min(discount, net)
					};
					let back = new Map<number, { milli: number; amount: number }>();
					let total = 0;
					for (const p of parts) {
						const v = returnValue(r, [{ productId: 'x', milli: p * 1000 }], back);
						if (!('lines' in v)) continue;
						total += v.total;
						const b = back.get(0) ?? { milli: 0, amount: 0 };
						back = new Map([[0, { milli: b.milli + p * 1000, amount: b.amount + v.total }]]);
					}
					expect(total).toBeLessThanOrEqual(net - r.orderDiscount);
					expect(total).toBeGreaterThanOrEqual(0);
				}
			)
		);
	});
});

describe('returnable', () => {
	it('is what was sold less what came back', () => {
		const left = returnable(
			[
				{ productId: 't', milli: 3000 },
				{ productId: 'r', milli: 1500 }
			],
			[[{ productId: 't', milli: 1000 }], [{ productId: 't', milli: 2000 }]]
		);
		expect([...left]).toEqual([
			['t', 0],
			['r', 1500]
		]);
	});
});

describe('typedReturn', () => {
	const unitOf = (productId: string) => (productId === 'tea' ? 'pcs' : 'kg');

	it('values the return as typed, key by key; empty boxes and zeros bring nothing back', () => {
		const at = (tea: string, rice: string) =>
			typedReturn(receipt, { tea, rice }, unitOf, new Map());
		expect(at('', '')).toEqual({ nothing: true });
		expect(at('0', '')).toEqual({ nothing: true });
		expect(at('1', '')).toEqual({ lines: [{ productId: 'tea', milli: 1000 }], total: 10_800 });
		expect(at('2', '')).toMatchObject({ total: 21_600 });
		expect(at('2', '0,5')).toEqual({
			lines: [
				{ productId: 'tea', milli: 2000 },
				{ productId: 'rice', milli: 500 }
			],
			total: 21_600 + 4_500
		});
	});

	it('names each box that holds no quantity or more than is left, and values nothing', () => {
		expect(typedReturn(receipt, { tea: '1.', rice: '' }, unitOf, new Map())).toEqual({
			problems: { tea: 'not_a_number' }
		});
		expect(typedReturn(receipt, { tea: '1.5', rice: '' }, unitOf, new Map())).toEqual({
			problems: { tea: 'whole_only' }
		});
		expect(typedReturn(receipt, { tea: '4', rice: '' }, unitOf, new Map())).toEqual({
			problems: { tea: 'more_than_sold' }
		});
	});
});
