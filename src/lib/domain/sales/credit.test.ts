import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { creditDecision, settle } from './credit';

describe('settle', () => {
	it('gives change for cash, refuses a card overpayment, leaves the rest unpaid', () => {
		expect(settle(9000, [{ method: 'cash', amount: 10000 }])).toEqual({
			paid: 9000,
			change: 1000,
			unpaid: 0
		});
		expect(settle(9000, [{ method: 'card', amount: 9001 }])).toEqual({
			refused: 'More than the total by card or transfer'
		});
		expect(settle(9000, [{ method: 'card', amount: 4000 }])).toEqual({
			paid: 4000,
			change: 0,
			unpaid: 5000
		});
		expect(settle(9000, [])).toEqual({ paid: 0, change: 0, unpaid: 9000 });
	});

	it('never records more paid than the total, and paid + unpaid is the total', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 0, max: 1e9 }),
				fc.array(
					fc.record({
						method: fc.constantFrom('cash', 'card', 'transfer'),
						amount: fc.integer({ min: 1, max: 1e9 })
					}),
					{ maxLength: 4 }
				),
				(total, payments) => {
					const s = settle(total, payments);
					if ('refused' in s) return;
					expect(s.paid).toBeLessThanOrEqual(total);
					expect(s.paid + s.unpaid).toBe(total);
					expect(s.change).toBeGreaterThanOrEqual(0);
				}
			)
		);
	});
});

describe('creditDecision', () => {
	it.each([
		[{ unpaid: 0, debt: 5000, limit: 1000, policy: 'block' }, 'ok'],
		[{ unpaid: 200, debt: 800, limit: 1000, policy: 'block' }, 'ok'],
		[{ unpaid: 201, debt: 800, limit: 1000, policy: 'block' }, 'block'],
		[{ unpaid: 201, debt: 800, limit: 1000, policy: 'warn' }, 'warn'],
		[{ unpaid: 201, debt: 800, limit: 1000, policy: undefined }, 'warn'],
		[{ unpaid: 1e6, debt: 0, limit: null, policy: 'block' }, 'ok']
	] as const)('%o → %s', (c, expected) => {
		expect(creditDecision(c)).toBe(expected);
	});
});
