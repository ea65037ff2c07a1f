import fc from 'fast-check';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, signupOrg, type Harness } from '../testing/harness';
import { mutation, pullAll, push } from './testing';

let h: Harness;
beforeAll(async () => {
	h = await createHarness();
});
afterAll(() => h.close());

type Op =
	| { kind: 'product'; p: number; sku: number; name: string; withCategory: boolean }
	| { kind: 'price'; p: number; price: number | null };

/** The same operations as mutations over a fixed pool of product ids. */
function mutations(ops: Op[], ids: string[], category: string) {
	return ops.map((op) =>
		op.kind === 'product'
			? mutation('product.upsert', {
					id: ids[op.p]!,
					sku: `S-${op.sku}`,
					name: op.name,
					unit: 'pcs',
					...(op.withCategory ? { categoryId: category } : {})
				})
			: mutation('price.set', { productId: ids[op.p]!, price: op.price })
	);
}

/** What a device would hold: products by pool index and prices by pool index. */
async function catalog(token: string, ids: string[]) {
	const state = (await pullAll(h, token)).state;
	const index = new Map(ids.map((id, i) => [id, i]));
	const products = [...(state.get('products')?.values() ?? [])] as {
		id: string;
		sku: string;
		name: string;
		categoryId: string | null;
	}[];
	const prices = [...(state.get('prices')?.values() ?? [])] as {
		productId: string;
		price: number;
	}[];
	return {
		products: products
			.map((p) => ({ i: index.get(p.id), sku: p.sku, name: p.name, category: !!p.categoryId }))
			.sort((a, b) => a.i! - b.i!),
		prices: prices
			.map((p) => ({ i: index.get(p.productId), price: p.price }))
			.sort((a, b) => a.i! - b.i!)
	};
}

// Mostly plain writes; now and then one the planner must refuse or treat apart (a bad name, a
// category, a removed price, an SKU or product clash, a price before its product).
const op: fc.Arbitrary<Op> = fc.oneof(
	fc.record({
		kind: fc.constant('product' as const),
		p: fc.nat(5),
		sku: fc.nat(40),
		name: fc.oneof(
			{ arbitrary: fc.constantFrom('Tea', 'Rice', 'Soap'), weight: 20 },
			{ arbitrary: fc.constant(''), weight: 1 }
		),
		withCategory: fc.oneof(
			{ arbitrary: fc.constant(false), weight: 20 },
			{ arbitrary: fc.constant(true), weight: 1 }
		)
	}),
	fc.record({
		kind: fc.constant('price' as const),
		// Mostly products made before the batch (0–3); now and then one never made (6).
		p: fc.oneof({ arbitrary: fc.nat(5), weight: 20 }, { arbitrary: fc.constant(6), weight: 1 }),
		price: fc.oneof(
			{ arbitrary: fc.nat(100_000), weight: 20 },
			{ arbitrary: fc.constant(null), weight: 1 }
		)
	})
);

describe('catalog writes planned together in one batch', () => {
	it('answers and stores exactly what the same writes one by one do (property)', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(op, { minLength: 2, maxLength: 30 }), async (ops) => {
				const [batched, single] = [await signupOrg(h), await signupOrg(h)];
				const setup = (org: typeof batched) => {
					const ids = Array.from({ length: 7 }, () => uuidv7());
					const category = uuidv7();
					return { org, ids, category };
				};
				const a = setup(batched);
				const b = setup(single);
				for (const s of [a, b]) {
					await push(h, s.org.token, [
						mutation('category.upsert', { id: s.category, name: 'Goods' }),
						...[0, 1, 2, 3].map((i) =>
							mutation('product.upsert', {
								id: s.ids[i]!,
								sku: `OLD-${i}`,
								name: 'Old',
								unit: 'pcs'
							})
						)
					]);
				}
				const together = await push(h, a.org.token, mutations(ops, a.ids, a.category));
				const statuses = (
					together.body.results as { status: string; error?: { code: string } }[]
				).map((r) => `${r.status}:${r.error?.code ?? ''}`);
				const oneByOne: string[] = [];
				for (const m of mutations(ops, b.ids, b.category)) {
					const r = (await push(h, b.org.token, [m])).body.results[0];
					oneByOne.push(`${r.status}:${r.error?.code ?? ''}`);
				}
				expect(statuses).toEqual(oneByOne);
				expect(await catalog(a.org.token, a.ids)).toEqual(await catalog(b.org.token, b.ids));
			}),
			{ numRuns: 50 }
		);
	}, 120_000); // 50 runs of two sign-ups and up to 60 pushes: ~30 s on a busy 2-core machine

	it('is exactly once: the same batch again answers each as a duplicate with its first result', async () => {
		const org = await signupOrg(h);
		const batch = [];
		for (let i = 0; i < 50; i++) {
			const id = uuidv7();
			batch.push(
				mutation('product.upsert', { id, sku: `X-${i}`, name: `Product ${i}`, unit: 'pcs' }),
				mutation('price.set', { productId: id, price: 100 + i })
			);
		}
		const first = await push(h, org.token, batch);
		expect(first.body.results.every((r: { status: string }) => r.status === 'applied')).toBe(true);
		const versions = first.body.results.map(
			(r: { result: { version: number } }) => r.result.version
		);
		expect(versions).toEqual([...versions].sort((x: number, y: number) => x - y));
		expect(new Set(versions).size).toBe(100);
		const again = await push(h, org.token, batch);
		expect(again.body.results.map((r: { status: string }) => r.status)).toEqual(
			batch.map(() => 'duplicate')
		);
		expect(again.body.results.map((r: { result: unknown }) => r.result)).toEqual(
			first.body.results.map((r: { result: unknown }) => r.result)
		);
		const state = (await pullAll(h, org.token)).state;
		expect(state.get('products')!.size).toBe(50);
		expect(state.get('prices')!.size).toBe(50);
	});

	it('never touches another organization’s product, even in a batch', async () => {
		const [mine, theirs] = [await signupOrg(h), await signupOrg(h)];
		const id = uuidv7();
		await push(h, theirs.token, [
			mutation('product.upsert', { id, sku: 'T-1', name: 'Theirs', unit: 'pcs' })
		]);
		// Pricing an id the caller does not have is `not_found`, whoever else has it.
		const unknown = await push(h, mine.token, [mutation('price.set', { productId: id, price: 1 })]);
		expect(unknown.body.results[0].error.code).toBe('not_found');
		const res = await push(h, mine.token, [
			mutation('product.upsert', { id, sku: 'M-1', name: 'Mine', unit: 'pcs' }),
			mutation('price.set', { productId: id, price: 1 })
		]);
		expect(res.body.results.map((r: { status: string }) => r.status)).toEqual([
			'applied',
			'applied'
		]);
		const state = (await pullAll(h, theirs.token)).state;
		expect(state.get('products')!.get(id)).toMatchObject({ name: 'Theirs', sku: 'T-1' });
		expect(state.get('prices')?.size ?? 0).toBe(0);
		const own = (await pullAll(h, mine.token)).state;
		expect(own.get('products')!.get(id)).toMatchObject({ name: 'Mine', sku: 'M-1' });
		expect([...own.get('prices')!.values()]).toMatchObject([{ productId: id, price: 1 }]);
	});
});

describe('values passed between rows of one push', () => {
	it('two products swap their SKUs through a third value in one push', async () => {
		const { token } = await signupOrg(h);
		const [a, b] = [uuidv7(), uuidv7()];
		const product = (id: string, sku: string) =>
			mutation('product.upsert', { id, sku, name: `Product ${sku}`, unit: 'pcs' });
		await push(h, token, [product(a, 'SWAP-A'), product(b, 'SWAP-B')]);
		const res = await push(h, token, [
			product(a, 'SWAP-TMP'),
			product(b, 'SWAP-A'),
			product(a, 'SWAP-B')
		]);
		expect(res.status).toBe(200);
		expect(res.body.results.map((r: { status: string }) => r.status)).toEqual([
			'applied',
			'applied',
			'applied'
		]);
		const products = (await pullAll(h, token)).state.get('products')!;
		expect((products.get(a) as { sku: string }).sku).toBe('SWAP-B');
		expect((products.get(b) as { sku: string }).sku).toBe('SWAP-A');
	});
});
