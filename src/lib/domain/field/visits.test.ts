import { describe, expect, it } from 'vitest';
import {
	checkOutOutcome,
	lateCheckOutAt,
	visitDocuments,
	visitOutcome,
	visitsToClose
} from './visits';

describe('one visit open at a time', () => {
	it('a check-in closes the visit still open elsewhere at the moment of the new check-in', () => {
		expect(visitsToClose([{ id: 'a', checkInAt: 100 }], { id: 'b', checkInAt: 500 })).toEqual([
			{ id: 'a', at: 500 }
		]);
	});

	it('closes nothing when nothing else is open', () => {
		expect(visitsToClose([], { id: 'b', checkInAt: 500 })).toEqual([]);
	});

	it('a late check-in from an older device closes itself when a later visit is already open', () => {
		// A phone offline since 09:00 sends its check-in after the rep checked in at 10:00 on another.
		expect(
			visitsToClose([{ id: 'later', checkInAt: 1000 }], { id: 'old', checkInAt: 900 })
		).toEqual([{ id: 'old', at: 1000 }]);
	});

	it('leaves only the latest open, each other one ending when the next began', () => {
		const open = [
			{ id: 'c', checkInAt: 300 },
			{ id: 'a', checkInAt: 100 }
		];
		expect(visitsToClose(open, { id: 'b', checkInAt: 200 })).toEqual([
			{ id: 'a', at: 200 },
			{ id: 'b', at: 300 }
		]);
	});

	it('a repeat of the same check-in does not close itself', () => {
		expect(visitsToClose([{ id: 'b', checkInAt: 500 }], { id: 'b', checkInAt: 500 })).toEqual([]);
	});

	it('a check-out that arrives after the visit was closed ends it no later than the next began', () => {
		expect(lateCheckOutAt(500, 900)).toBe(500);
		expect(lateCheckOutAt(500, 400)).toBe(400);
	});
});

describe('what a visit came to', () => {
	const visit = {
		tradePointId: 'tp',
		authorId: 'rep',
		checkInAt: 1_000,
		checkOutAt: null,
		counterpartyId: 'cp'
	};
	const sale = (id: string, over: Partial<Record<string, unknown>> = {}) => ({
		id,
		kind: 'sale' as const,
		tradePointId: 'tp',
		authorId: 'rep',
		soldAt: 1_100,
		total: 500,
		number: 'S-1',
		...over
	});
	const order = (id: string, over: Partial<Record<string, unknown>> = {}) => ({
		id,
		status: 'new',
		tradePointId: 'tp',
		authorId: 'rep',
		orderedAt: 1_200,
		total: 700,
		number: null,
		...over
	});
	const payment = (id: string, over: Partial<Record<string, unknown>> = {}) => ({
		id,
		counterpartyId: 'cp',
		receiptId: null,
		authorId: 'rep',
		at: 1_300,
		amount: 300,
		...over
	});

	it('the documents of a visit are the rep’s own, at this trade point, since check-in', () => {
		const docs = visitDocuments(visit, {
			receipts: [
				sale('s'),
				sale('before', { soldAt: 900 }),
				sale('elsewhere', { tradePointId: 'other' }),
				sale('someoneElse', { authorId: 'cashier' }),
				sale('return', { kind: 'return' })
			] as never,
			orders: [order('o'), order('cancelled', { status: 'cancelled' })] as never,
			payments: [
				payment('p'),
				payment('withSale', { receiptId: 's' }),
				payment('otherCustomer', { counterpartyId: 'cp2' }),
				payment('refund', { amount: -100 })
			] as never
		});
		expect(docs).toEqual([
			{ kind: 'sale', id: 's', at: 1_100, amount: 500, number: 'S-1' },
			{ kind: 'order', id: 'o', at: 1_200, amount: 700, number: null },
			{ kind: 'payment', id: 'p', at: 1_300, amount: 300, number: null }
		]);
	});

	it('a checked-out visit covers only up to its check-out', () => {
		const docs = visitDocuments(
			{ ...visit, checkOutAt: 1_150 },
			{ receipts: [sale('s')] as never, orders: [order('later')] as never, payments: [] }
		);
		expect(docs.map((d) => d.id)).toEqual(['s']);
	});

	it('the outcome follows the documents: sale, then order, then payment; nothing made, no outcome', () => {
		expect(visitOutcome([{ kind: 'sale' }])).toBe('sale');
		expect(visitOutcome([{ kind: 'payment' }, { kind: 'sale' }, { kind: 'order' }])).toBe('sale');
		expect(visitOutcome([{ kind: 'order' }])).toBe('order');
		expect(visitOutcome([{ kind: 'payment' }, { kind: 'order' }])).toBe('order');
		expect(visitOutcome([{ kind: 'payment' }])).toBe('payment');
		expect(visitOutcome([])).toBeNull();
	});

	it('a visit with no documents checks out only with a no-sale reason; documents need none', () => {
		expect(checkOutOutcome([], '')).toBeNull();
		expect(checkOutOutcome([], 'made up')).toBeNull();
		expect(checkOutOutcome([], 'closed')).toEqual({ outcome: 'no_sale', reason: 'closed' });
		expect(checkOutOutcome([{ kind: 'order' }], '')).toEqual({ outcome: 'order' });
		// A reason picked before the sale was made is not sent with it.
		expect(checkOutOutcome([{ kind: 'sale' }], 'closed')).toEqual({ outcome: 'sale' });
	});
});
