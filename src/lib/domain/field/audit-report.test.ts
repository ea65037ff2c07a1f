import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	competitorPrices,
	latestRows,
	matches,
	presenceByProduct,
	scoreOverTime,
	shelfPrices,
	type AuditedTask
} from './audit-report';
import type { ProductRowAnswer } from './tasks';

const row = (productId: string, over: Partial<ProductRowAnswer> = {}): ProductRowAnswer => ({
	productId,
	present: true,
	facings: 2,
	shelfPrice: null,
	expirySoon: false,
	competitor: null,
	competitorPrice: null,
	...over
});

let n = 0;
const task = (
	tradePointId: string,
	at: number,
	products: ProductRowAnswer[],
	over: Partial<AuditedTask> = {}
): AuditedTask => ({
	id: `t${n++}`,
	visitId: `v${n}`,
	tradePointId,
	authorId: 'rep',
	templateId: 'shelf',
	products,
	score: 100,
	weight: 1,
	submittedAt: at,
	...over
});

describe('presenceByProduct', () => {
	it('counts each trade point once, by its latest audit, with facings where present', () => {
		const tasks = [
			task('a', 1, [row('tea', { present: false, facings: 0 })]),
			task('a', 2, [row('tea', { facings: 4 }), row('rice', { facings: 1, expirySoon: true })]),
			task('b', 1, [row('tea', { facings: 2 }), row('rice', { present: false, facings: 0 })]),
			task('c', 5, [row('tea', { present: false, facings: 0 })])
		];
		const lines = presenceByProduct(tasks, new Set(['rice']));
		expect(lines).toEqual([
			{
				productId: 'rice',
				mustSell: true,
				points: 2,
				present: 1,
				presence: 50,
				facings: 1,
				meanFacings: 1,
				expirySoon: 1
			},
			{
				productId: 'tea',
				mustSell: false,
				points: 3,
				present: 2,
				presence: 67,
				facings: 6,
				meanFacings: 3,
				expirySoon: 0
			}
		]);
	});

	it('always sums to the answers: present ≤ points, points = trade points that audited it', () => {
		fc.assert(
			fc.property(
				fc.array(
					fc.record({
						point: fc.constantFrom('a', 'b', 'c'),
						at: fc.nat(100),
						present: fc.boolean(),
						facings: fc.nat(9)
					}),
					{ maxLength: 30 }
				),
				(xs) => {
					const tasks = xs.map((x) =>
						task(x.point, x.at, [
							row('tea', { present: x.present, facings: x.present ? x.facings : 0 })
						])
					);
					const [line] = presenceByProduct(tasks);
					if (!xs.length) {
						expect(line).toBeUndefined();
						return;
					}
					const latest = latestRows(tasks);
					expect(line!.points).toBe(new Set(xs.map((x) => x.point)).size);
					expect(line!.present).toBe(latest.filter((l) => l.row.present).length);
					expect(line!.facings).toBe(
						latest.reduce((s, l) => s + (l.row.present ? (l.row.facings ?? 0) : 0), 0)
					);
				}
			)
		);
	});
});

describe('shelfPrices', () => {
	it('compares the mean shelf price with the list price and counts trade points off the list', () => {
		const tasks = [
			task('a', 1, [row('tea', { shelfPrice: 13_000 })]),
			task('b', 1, [row('tea', { shelfPrice: 12_000 })]),
			task('c', 1, [row('tea', { shelfPrice: 14_000 }), row('rice')])
		];
		expect(shelfPrices(tasks, new Map([['tea', 12_000]]))).toEqual([
			{
				productId: 'tea',
				count: 3,
				mean: 13_000,
				min: 12_000,
				max: 14_000,
				listPrice: 12_000,
				diffPercent: 8.3,
				offList: 2
			}
		]);
	});
});

describe('competitorPrices', () => {
	it("groups by competitor's product as written (any case), beside our price there", () => {
		const tasks = [
			task('a', 1, [
				row('tea', { shelfPrice: 13_000, competitor: 'Lipton', competitorPrice: 11_000 })
			]),
			task('b', 1, [row('tea', { competitor: 'lipton ', competitorPrice: 12_000 })]),
			task('c', 1, [row('tea', { competitor: 'Ahmad', competitorPrice: 15_000 })])
		];
		expect(competitorPrices(tasks)).toEqual([
			{
				productId: 'tea',
				competitor: 'Lipton',
				count: 2,
				mean: 11_500,
				min: 11_000,
				max: 12_000,
				ours: 13_000
			},
			{
				productId: 'tea',
				competitor: 'Ahmad',
				count: 1,
				mean: 15_000,
				min: 15_000,
				max: 15_000,
				ours: null
			}
		]);
	});
});

describe('scoreOverTime', () => {
	it("weighs the day's tasks at each trade point by their weight", () => {
		const day = (at: number) => `d${Math.floor(at / 10)}`;
		const tasks = [
			task('a', 1, [], { score: 100, weight: 3 }),
			task('a', 2, [], { score: 0, weight: 1 }),
			task('a', 11, [], { score: 50, weight: 1 }),
			task('b', 3, [], { score: 40, weight: 0 })
		];
		expect(scoreOverTime(tasks, day)).toEqual([
			{ tradePointId: 'a', date: 'd0', score: 75, tasks: 2 },
			{ tradePointId: 'b', date: 'd0', score: null, tasks: 1 },
			{ tradePointId: 'a', date: 'd1', score: 50, tasks: 1 }
		]);
	});
});

describe('matches', () => {
	it('filters by trade point, rep, template and a period', () => {
		const t = task('a', 100, [], { authorId: 'r1', templateId: 'x' });
		expect(matches(t, {})).toBe(true);
		expect(
			matches(t, { tradePointId: 'a', authorId: 'r1', templateId: 'x', from: 100, to: 101 })
		).toBe(true);
		expect(matches(t, { tradePointId: 'b' })).toBe(false);
		expect(matches(t, { authorId: 'r2' })).toBe(false);
		expect(matches(t, { to: 100 })).toBe(false);
	});
});
