import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	applyMovements,
	balanceKey,
	documentNumber,
	postingMovements,
	provisionalNumber,
	reversingMovements,
	shortages,
	transition,
	type Balances,
	type DocumentType,
	type Movement,
	type StockDocument
} from './ledger';

const doc = (type: DocumentType, lines: [string, number][], to?: string): StockDocument => ({
	id: 'd1',
	type,
	warehouseId: 'W',
	toWarehouseId: to,
	lines: lines.map(([productId, milli]) => ({ productId, milli }))
});

describe('postingMovements', () => {
	it('brings receipts and returns in, takes write-offs out', () => {
		const none = new Map<string, number>();
		expect(postingMovements(doc('receipt', [['p', 5000]]), none)).toEqual([
			{ warehouseId: 'W', productId: 'p', milli: 5000, documentId: 'd1', line: 0 }
		]);
		expect(postingMovements(doc('return', [['p', 1000]]), none)[0]!.milli).toBe(1000);
		expect(postingMovements(doc('writeoff', [['p', 1000]]), none)[0]!.milli).toBe(-1000);
	});

	it('moves a transfer out of one warehouse and into the other', () => {
		const moves = postingMovements(doc('transfer', [['p', 2000]], 'VAN'), new Map());
		expect(moves.map((m) => [m.warehouseId, m.milli])).toEqual([
			['W', -2000],
			['VAN', 2000]
		]);
		expect(() => postingMovements(doc('transfer', [['p', 1]], 'W'), new Map())).toThrow();
	});

	it('posts a stocktake as the difference between counted and the ledger', () => {
		const balances = new Map([
			[balanceKey('W', 'a'), 10_000],
			[balanceKey('W', 'b'), 3_000],
			[balanceKey('W', 'c'), 7_000]
		]);
		// b counted on two shelves (1 + 2 = 3, no difference); c not on hand at all is not counted.
		const moves = postingMovements(
			doc('stocktake', [
				['a', 8_000],
				['b', 1_000],
				['b', 2_000],
				['d', 4_000]
			]),
			balances
		);
		expect(moves.map((m) => [m.productId, m.milli])).toEqual([
			['a', -2_000],
			['d', 4_000]
		]);
	});
});

describe('shortages', () => {
	it('names the lines that would go below zero, net of what the posting brings in', () => {
		const balances = new Map([[balanceKey('W', 'p'), 1000]]);
		const out = postingMovements(
			doc('writeoff', [
				['p', 1500],
				['q', 1000]
			]),
			balances
		);
		expect(shortages(balances, out)).toEqual([
			{ warehouseId: 'W', productId: 'p', available: 1000, needed: 1500 },
			{ warehouseId: 'W', productId: 'q', available: 0, needed: 1000 }
		]);
		expect(shortages(balances, postingMovements(doc('writeoff', [['p', 1000]]), balances))).toEqual(
			[]
		);
	});
});

describe('transition', () => {
	it('posts drafts once, cancels once, and never posts a cancelled document', () => {
		expect(transition('draft', 'post')).toEqual({ status: 'posted' });
		expect(transition('posted', 'cancel')).toEqual({ status: 'cancelled' });
		expect(transition('draft', 'cancel')).toEqual({ status: 'cancelled' });
		expect(transition('posted', 'post')).toEqual({ refused: 'Already posted' });
		expect(transition('cancelled', 'cancel')).toEqual({ refused: 'Already cancelled' });
		expect(transition('cancelled', 'post')).toHaveProperty('refused');
	});
});

describe('numbers', () => {
	it('gives human numbers per type, branch and year, and a stable provisional one', () => {
		expect(documentNumber('transfer', 'TAS', 2026, 42)).toBe('TRF-TAS-2026-00042');
		const id = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e9f3e2d';
		expect(provisionalNumber('receipt', id)).toBe('RCV-…9F3E2D');
		expect(provisionalNumber('receipt', id)).toBe(provisionalNumber('receipt', id));
	});
});

/** A random history of saves, posts and cancels across three warehouses and four products. */
const WAREHOUSES = ['main', 'branch', 'van'];
const stepArb = fc.record({
	type: fc.constantFrom<DocumentType>('receipt', 'transfer', 'writeoff', 'stocktake', 'return'),
	from: fc.nat(2),
	to: fc.nat(2),
	lines: fc.array(
		fc.tuple(fc.constantFrom('p1', 'p2', 'p3', 'p4'), fc.integer({ min: 1, max: 50_000 })),
		{
			minLength: 1,
			maxLength: 4
		}
	),
	cancelEarlier: fc.option(fc.nat(30))
});

type Step = typeof stepArb extends fc.Arbitrary<infer T> ? T : never;

function run(steps: Step[], forbid: boolean) {
	let balances: Balances = new Map();
	const ledger: Movement[] = [];
	const posted: { moves: Movement[]; before: Balances; cancelled: boolean }[] = [];
	const minimum: number[] = [];
	steps.forEach((s, n) => {
		const to = WAREHOUSES[s.to === s.from ? (s.to + 1) % 3 : s.to]!;
		const d: StockDocument = {
			id: `d${n}`,
			type: s.type,
			warehouseId: WAREHOUSES[s.from]!,
			toWarehouseId: s.type === 'transfer' ? to : null,
			lines: s.lines.map(([productId, milli]) => ({ productId, milli }))
		};
		const moves = postingMovements(d, balances);
		if (!(forbid && shortages(balances, moves).length)) {
			posted.push({ moves, before: balances, cancelled: false });
			balances = applyMovements(balances, moves);
			ledger.push(...moves);
		}
		const target =
			s.cancelEarlier === null ? undefined : posted[s.cancelEarlier % Math.max(1, posted.length)];
		if (target && !target.cancelled) {
			const undo = reversingMovements(target.moves);
			if (!(forbid && shortages(balances, undo).length)) {
				target.cancelled = true;
				balances = applyMovements(balances, undo);
				ledger.push(...undo);
			}
		}
		minimum.push(Math.min(0, ...balances.values()));
	});
	return { balances, ledger, posted, minimum };
}

describe('the ledger, by property', () => {
	it('keeps every balance equal to the sum of its movements', () => {
		fc.assert(
			fc.property(fc.array(stepArb, { maxLength: 40 }), fc.boolean(), (steps, forbid) => {
				const { balances, ledger } = run(steps, forbid);
				const sums = new Map<string, number>();
				for (const m of ledger) {
					const k = balanceKey(m.warehouseId, m.productId);
					sums.set(k, (sums.get(k) ?? 0) + m.milli);
				}
				expect(balances).toEqual(sums);
			})
		);
	});

	it('restores the balances when the last posting is cancelled', () => {
		fc.assert(
			fc.property(fc.array(stepArb, { minLength: 1, maxLength: 30 }), (steps) => {
				const plain = steps.map((s) => ({ ...s, cancelEarlier: null }));
				const { balances, posted } = run(plain, false);
				const last = posted.at(-1)!;
				const after = applyMovements(balances, reversingMovements(last.moves));
				for (const [k, v] of after) expect(v).toBe(last.before.get(k) ?? 0);
			})
		);
	});

	it('never takes a balance below zero under forbid', () => {
		fc.assert(
			fc.property(fc.array(stepArb, { maxLength: 40 }), (steps) => {
				const { minimum } = run(steps, true);
				for (const m of minimum) expect(m).toBe(0);
			})
		);
	});
});
