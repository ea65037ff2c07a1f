/**
 * The promotions engine's vectors (src/lib/domain/sales/promotion-vectors.ts), run through the
 * server's own path: products, prices and promotions pushed like any device's, then a
 * `sale.create` priced by the server from its tables. Each vector gets its own organization, so
 * no promotion of one reaches another.
 */
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VECTORS } from '../../domain/sales/promotion-vectors';
import { createHarness, signupOrg, type Harness } from '../testing/harness';
import { mutation, push } from './testing';

let h: Harness;
beforeAll(async () => {
	h = await createHarness();
});
afterAll(() => h.close());

describe('the promotion vectors, priced by the server', () => {
	it.each(VECTORS.map((v) => [v.name, v] as const))('%s', async (_, v) => {
		const org = await signupOrg(h);
		const shift = Date.now() - v.context.at;
		// Every line is its own product here, so one product may carry two prices in a vector.
		const lineIds = v.lines.map(() => uuidv7());
		const idsOf = (original: string) =>
			v.lines.flatMap((l, i) => (l.productId === original ? [lineIds[i]!] : []));
		// Categories and branches a promotion names are the organization's own, as the server
		// demands: those the sale does not touch are made here too.
		const categories = new Map<string, string>();
		for (const l of v.lines) if (l.categoryId) categories.set(l.categoryId, uuidv7());
		for (const p of v.promotions)
			for (const c of p.categoryIds ?? []) if (!categories.has(c)) categories.set(c, uuidv7());
		const branches = new Map([[v.context.branchId, org.branchId]]);
		for (const p of v.promotions) {
			for (const b of p.branchIds ?? []) {
				if (branches.has(b)) continue;
				const made = await h.call(
					'POST',
					'/api/branches',
					{ name: `Branch ${b}` },
					{ token: org.token }
				);
				expect(made.status).toBe(201);
				branches.set(b, made.body.branch.id);
			}
		}
		const warehouse = uuidv7();
		const point = uuidv7();
		const setup = [
			...[...categories.values()].map((id) => mutation('category.upsert', { id, name: 'Drinks' })),
			...v.lines.flatMap((l, i) => [
				mutation('product.upsert', {
					id: lineIds[i],
					sku: `V-${i}`,
					name: `Line ${i}`,
					unit: l.counted ? 'pcs' : 'kg',
					categoryId: l.categoryId ? categories.get(l.categoryId) : undefined
				}),
				mutation('price.set', { productId: lineIds[i], price: l.unitPrice })
			]),
			mutation('warehouse.upsert', { id: warehouse, name: 'Main', kind: 'branch' }),
			...(v.context.channel
				? [mutation('tradePoint.upsert', { id: point, name: 'Shop', channel: v.context.channel })]
				: []),
			...v.promotions.map((p) =>
				mutation('promotion.upsert', {
					...p,
					productIds: p.productIds?.flatMap(idsOf),
					categoryIds: p.categoryIds?.map((c) => categories.get(c)),
					branchIds: p.branchIds?.map((b) => branches.get(b)),
					startsAt: p.startsAt == null ? p.startsAt : p.startsAt + shift,
					endsAt: p.endsAt == null ? p.endsAt : p.endsAt + shift
				})
			)
		];
		const ready = await push(h, org.token, setup);
		expect(ready.body.results.filter((r: { status: string }) => r.status !== 'applied')).toEqual(
			[]
		);

		const sold = await push(h, org.token, [
			mutation('sale.create', {
				id: uuidv7(),
				warehouseId: warehouse,
				...(v.context.channel ? { tradePointId: point } : {}),
				lines: v.lines.map((l, i) => ({ productId: lineIds[i], qty: l.milli / 1000 })),
				payments: v.expected.total > 0 ? [{ method: 'cash', amount: v.expected.total }] : [],
				soldAt: v.context.at + shift
			})
		]);
		const r = sold.body.results[0];
		expect(r.status, JSON.stringify(r.error)).toBe('applied');
		const original = new Map(v.promotions.map((p) => [p.id, p.id]));
		expect({
			subtotal: r.result.subtotal,
			discount: r.result.discount,
			total: r.result.total,
			lines: r.result.lines.map((l: { net: number; promotionId: string | null }) => [
				l.net,
				l.promotionId && original.get(l.promotionId)
			]),
			applied: Object.fromEntries(
				r.result.applied.map((a: { promotionId: string; amount: number }) => [
					a.promotionId,
					a.amount
				])
			)
		}).toEqual(v.expected);
	});
});
