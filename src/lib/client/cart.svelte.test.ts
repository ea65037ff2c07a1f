import { describe, expect, it } from 'vitest';
import { Cart } from './cart.svelte';

describe('Cart', () => {
	it('reads a typed quantity on every keystroke, as the send button will send it', () => {
		const cart = new Cart();
		cart.add({ id: 'walnuts' });
		for (const [typed, milli] of [
			['1', 1000],
			['10', 10_000],
			['10.5', 10_500],
			['10,25', 10_250]
		] as const) {
			cart.type(0, typed, 'kg');
			expect(cart.valid, typed).toBe(true);
			expect(cart.args(), typed).toEqual([{ productId: 'walnuts', qty: milli / 1000 }]);
		}
	});

	it('is not valid while a box holds a partial or wrong entry, and says why', () => {
		const cart = new Cart();
		cart.add({ id: 'walnuts' });
		cart.add({ id: 'jars' });
		cart.type(0, '10.', 'kg');
		expect(cart.valid).toBe(false);
		expect(cart.lines[0]!.problem).toBe('not_a_number');
		cart.type(0, '', 'kg');
		expect(cart.lines[0]!.problem).toBe('empty');
		cart.type(0, '2', 'kg');
		cart.type(1, '1.5', 'pcs');
		expect(cart.lines[1]!.problem).toBe('whole_only');
		expect(cart.valid).toBe(false);
		cart.type(1, '3', 'pcs');
		expect(cart.valid).toBe(true);
		expect(cart.args()).toEqual([
			{ productId: 'walnuts', qty: 2 },
			{ productId: 'jars', qty: 3 }
		]);
	});

	it('steps from the typed quantity, and a step clears a bad entry', () => {
		const cart = new Cart();
		cart.add({ id: 'walnuts' });
		cart.type(0, '2.5', 'kg');
		cart.step(0, 1);
		expect(cart.args()).toEqual([{ productId: 'walnuts', qty: 3.5 }]);
		expect(cart.lines[0]!.typed).toBeNull();
		cart.type(0, 'abc', 'kg');
		cart.step(0, 1);
		expect(cart.valid).toBe(true);
		expect(cart.args()).toEqual([{ productId: 'walnuts', qty: 1 }]);
		cart.step(0, -1);
		expect(cart.lines).toEqual([]);
		expect(cart.valid).toBe(false);
	});
});
