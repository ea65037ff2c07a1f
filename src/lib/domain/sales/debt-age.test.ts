import { describe, expect, it } from 'vitest';
import { bucketOf, creditsOf, daysBetween, debtsByAge } from './debt-age';

const at = (date: string) => Date.parse(`${date}T10:00:00Z`);
const sale = (
	counterpartyId: string,
	authorId: string,
	date: string,
	total: number,
	paid: number
) => ({
	kind: 'sale' as const,
	counterpartyId,
	authorId,
	soldAt: at(date),
	total,
	paid
});

describe('debts by age', () => {
	it('buckets days: 30 is still the first, 31 and 60 the second, 61 the last', () => {
		expect([0, 30, 31, 60, 61].map(bucketOf)).toEqual([
			'd0_30',
			'd0_30',
			'd31_60',
			'd31_60',
			'd61'
		]);
		expect(daysBetween('2026-10-31', '2026-11-30')).toBe(30);
	});

	it('payments settle the oldest credit first: what is owed is the newest, split by rep', () => {
		const credits = creditsOf(
			[
				sale('c1', 'ann', '2026-09-01', 100_000, 0), // 90 days old
				sale('c1', 'bob', '2026-10-15', 50_000, 20_000), // 46 days: 30_000 unpaid
				sale('c1', 'ann', '2026-11-20', 40_000, 0), // 10 days
				sale('c2', 'bob', '2026-11-29', 10_000, 10_000), // paid in full: no credit
				{ ...sale('c2', 'bob', '2026-11-29', 5_000, 0), kind: 'return' as const }
			],
			[
				{
					status: 'delivered',
					counterpartyId: 'c2',
					authorId: 'bob',
					deliveredAt: at('2026-11-01'),
					total: 25_000
				},
				{
					status: 'shipped',
					counterpartyId: 'c2',
					authorId: 'bob',
					deliveredAt: null,
					total: 99_000
				}
			]
		);
		// c1 owes 100_000 of the 170_000 credited: the newest 40_000 + 30_000, then 30_000 of the oldest.
		// c2 owes 40_000: the 25_000 order (29 days) explains part; 15_000 is older than anything known.
		const ages = debtsByAge(
			[
				{ id: 'c1', amount: 100_000 },
				{ id: 'c2', amount: 40_000 },
				{ id: 'c3', amount: -5_000 }
			],
			credits,
			'2026-11-30'
		);
		expect(ages.customers).toEqual([
			{
				counterpartyId: 'c1',
				aged: { d0_30: 40_000, d31_60: 30_000, d61: 30_000, total: 100_000 }
			},
			{ counterpartyId: 'c2', aged: { d0_30: 25_000, d31_60: 0, d61: 15_000, total: 40_000 } }
		]);
		expect(ages.reps).toEqual([
			{ repId: 'ann', aged: { d0_30: 40_000, d31_60: 0, d61: 30_000, total: 70_000 } },
			{ repId: 'bob', aged: { d0_30: 25_000, d31_60: 30_000, d61: 0, total: 55_000 } },
			{ repId: null, aged: { d0_30: 0, d31_60: 0, d61: 15_000, total: 15_000 } }
		]);
		expect(ages.total).toEqual({ d0_30: 65_000, d31_60: 30_000, d61: 45_000, total: 140_000 });
	});

	it('ages by the organization’s day: a sale at 00:30 in Tashkent is that day’s', () => {
		const early = Date.parse('2026-10-30T19:30:00Z'); // 00:30 on 31 October in Tashkent
		const credits = [{ counterpartyId: 'c', repId: 'r', at: early, amount: 10 }];
		const aged = (tz: string) =>
			debtsByAge([{ id: 'c', amount: 10 }], credits, '2026-11-30', tz).total;
		expect(aged('Asia/Tashkent').d0_30).toBe(10); // 30 days
		expect(aged('UTC').d31_60).toBe(10); // 30 October: 31 days
	});
});
