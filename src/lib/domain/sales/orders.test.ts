import { describe, expect, it } from 'vitest';
import { ORDER_STATUSES } from './schemas';
import { isOpenOrder, orderTransition } from './orders';

describe('orderTransition', () => {
	it.each([
		['new', 'confirmed', true],
		['new', 'cancelled', true],
		['new', 'shipped', false],
		['confirmed', 'shipped', true],
		['confirmed', 'cancelled', true],
		['shipped', 'delivered', true],
		['shipped', 'cancelled', false],
		['delivered', 'cancelled', false],
		['cancelled', 'confirmed', false],
		['confirmed', 'confirmed', false]
	] as const)('%s → %s allowed: %s', (from, to, ok) => {
		expect('ok' in orderTransition(from, to)).toBe(ok);
	});

	it('says why, and only delivered and cancelled orders are closed', () => {
		expect(orderTransition('shipped', 'cancelled')).toEqual({
			refused: 'It has shipped; make a return instead'
		});
		expect(ORDER_STATUSES.filter((s) => !isOpenOrder(s))).toEqual(['delivered', 'cancelled']);
	});
});
