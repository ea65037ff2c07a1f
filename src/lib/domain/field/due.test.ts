import { describe, expect, it } from 'vitest';
import { debtAge, ordersToDeliver } from './due';

const DAY = 86_400_000;
const now = 100 * DAY;

describe('how old a debt is', () => {
	it('is the age of the oldest sale still unpaid, later payments paying the oldest first', () => {
		// Owed 130: the 30 of day 95 and 100 of the 150 from day 90; the sale of day 80 is paid off.
		const sales = [
			{ soldAt: 80 * DAY, unpaid: 200 },
			{ soldAt: 90 * DAY, unpaid: 150 },
			{ soldAt: 95 * DAY, unpaid: 30 }
		];
		expect(debtAge(130, sales, now)).toEqual({ since: 90 * DAY, days: 10 });
		expect(debtAge(30, sales, now)).toEqual({ since: 95 * DAY, days: 5 });
	});

	it('counts only the unpaid part of sales, and no debt has no age', () => {
		const sales = [
			{ soldAt: 70 * DAY, unpaid: 500 },
			{ soldAt: 99 * DAY, unpaid: 0 }
		];
		expect(debtAge(100, sales, now)).toEqual({ since: 70 * DAY, days: 30 });
		expect(debtAge(0, sales, now)).toEqual({ since: null, days: null });
		expect(debtAge(-50, sales, now)).toEqual({ since: null, days: null });
	});

	it('a debt older than the sales on the device is at least as old as the oldest of them', () => {
		expect(debtAge(1_000, [{ soldAt: 98 * DAY, unpaid: 10 }], now)).toEqual({
			since: 98 * DAY,
			days: 2
		});
		expect(debtAge(1_000, [], now)).toEqual({ since: null, days: null });
	});
});

describe('orders to deliver', () => {
	const order = (id: string, status: string, orderedAt: number, tradePointId = 'tp') => ({
		id,
		status,
		orderedAt,
		tradePointId
	});

	it('lists this trade point’s orders not yet delivered or cancelled, taken before the visit, oldest first', () => {
		const orders = [
			order('shipped', 'shipped', 50),
			order('new', 'new', 40),
			order('confirmed', 'confirmed', 60),
			order('delivered', 'delivered', 10),
			order('cancelled', 'cancelled', 20),
			order('elsewhere', 'new', 30, 'other'),
			order('justTaken', 'new', 150)
		];
		expect(ordersToDeliver(orders, 'tp', 100).map((o) => o.id)).toEqual([
			'new',
			'shipped',
			'confirmed'
		]);
	});
});
