import { describe, expect, it } from 'vitest';
import { fromMilli, parseTypedQty, toMilli } from './quantity';

describe('toMilli', () => {
	it('stores measured quantities exactly, in thousandths', () => {
		expect(toMilli(1.25, 'kg')).toEqual({ milli: 1250 });
		// 1.005 * 1000 is 1004.9999… in floats; read from the digits it stays 1005.
		expect(toMilli(1.005, 'kg')).toEqual({ milli: 1005 });
		expect(toMilli(0.001, 'l')).toEqual({ milli: 1 });
		expect(toMilli(1_000_000_000, 'pcs')).toEqual({ milli: 1_000_000_000_000 });
	});

	it('refuses what a line cannot hold, saying why', () => {
		expect(toMilli('3', 'pcs')).toEqual({ problem: 'not_a_number' });
		expect(toMilli(Number.NaN, 'pcs')).toEqual({ problem: 'not_a_number' });
		expect(toMilli(Infinity, 'kg')).toEqual({ problem: 'not_a_number' });
		expect(toMilli(0, 'kg')).toEqual({ problem: 'not_positive' });
		expect(toMilli(-2, 'pcs')).toEqual({ problem: 'not_positive' });
		expect(toMilli(1.0001, 'kg')).toEqual({ problem: 'too_many_decimals' });
		expect(toMilli(1e-7, 'kg')).toEqual({ problem: 'too_many_decimals' });
		expect(toMilli(1.5, 'pcs')).toEqual({ problem: 'whole_only' });
		expect(toMilli(2.5, 'box')).toEqual({ problem: 'whole_only' });
		expect(toMilli(1_000_000_001, 'pcs')).toEqual({ problem: 'too_large' });
	});
});

describe('fromMilli', () => {
	it('turns thousandths back into the unit, signs included', () => {
		expect(fromMilli(1250)).toBe(1.25);
		expect(fromMilli(1005)).toBe(1.005);
		expect(fromMilli(-2500)).toBe(-2.5);
		expect(fromMilli(0)).toBe(0);
	});

	it('round-trips every accepted quantity', () => {
		for (const q of [0.001, 0.1, 0.2, 0.3, 1.005, 12.345, 999_999_999.999]) {
			const r = toMilli(q, 'kg');
			expect('milli' in r && fromMilli(r.milli)).toBe(q);
		}
	});
});

describe('parseTypedQty', () => {
	it('reads what a person types, with a point or a comma', () => {
		expect(parseTypedQty('10', 'pcs')).toEqual({ milli: 10_000 });
		expect(parseTypedQty('10.5', 'kg')).toEqual({ milli: 10_500 });
		expect(parseTypedQty(' 10,5 ', 'kg')).toEqual({ milli: 10_500 });
		expect(parseTypedQty('0.001', 'l')).toEqual({ milli: 1 });
	});

	it('refuses partial or odd entries rather than guessing what was meant', () => {
		for (const typed of ['10.', ',5', '.5', '1,5,3', '1e3', '-1', '+1', '0x10', '1 000', 'abc']) {
			expect(parseTypedQty(typed, 'kg'), typed).toEqual({ problem: 'not_a_number' });
		}
		expect(parseTypedQty('', 'kg')).toEqual({ problem: 'empty' });
		expect(parseTypedQty('   ', 'kg')).toEqual({ problem: 'empty' });
	});

	it("applies the unit's rules, and lets a stocktake count zero", () => {
		expect(parseTypedQty('1.5', 'pcs')).toEqual({ problem: 'whole_only' });
		expect(parseTypedQty('1.0005', 'kg')).toEqual({ problem: 'too_many_decimals' });
		expect(parseTypedQty('0', 'kg')).toEqual({ problem: 'not_positive' });
		expect(parseTypedQty('0', 'kg', { allowZero: true })).toEqual({ milli: 0 });
		expect(parseTypedQty('1000000001', 'pcs')).toEqual({ problem: 'too_large' });
	});
});
