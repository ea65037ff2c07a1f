/**
 * Posting goods documents on the server: 30 receipts of 200 lines into one warehouse, then 30
 * transfers of 200 lines to another, each saved in one push and posted in the next; the post's
 * round trip is timed. Against it, in the same run: the same movement rows and balance upserts
 * written with raw multi-row SQL, one transaction per document, into a fresh libSQL file with
 * the ledger's tables, indexes and triggers.
 */
import { uuidv7 } from 'uuidv7';
import { mutation, percentile, pushAll, rawDatabase, round2 } from './push-client';
import type { Section } from './section';

const LINES = 200;
const DOCUMENTS = 30;

type Kind = 'receipt' | 'transfer';

/** Milliseconds of each document's post through the API. */
async function realPosts(
	baseURL: string,
	token: string,
	kind: Kind,
	from: string,
	to: string,
	products: string[]
): Promise<number[]> {
	const times: number[] = [];
	for (let d = 0; d < DOCUMENTS; d++) {
		const id = uuidv7();
		await pushAll(baseURL, token, [
			mutation('document.save', {
				id,
				type: kind,
				warehouseId: from,
				...(kind === 'transfer' && { toWarehouseId: to }),
				lines: products.map((productId) => ({ productId, qty: kind === 'receipt' ? 10 : 1 }))
			})
		]);
		const t0 = performance.now();
		await pushAll(baseURL, token, [mutation('document.post', { id })]);
		times.push(performance.now() - t0);
	}
	return times;
}

/** Milliseconds of each document's ledger rows written raw, one transaction each. */
async function rawPosts(kind: Kind, products: string[]): Promise<number[]> {
	const raw = await rawDatabase(['stock_movements', 'stock_balances']);
	const [from, to] = [uuidv7(), uuidv7()];
	const times: number[] = [];
	try {
		for (let d = 0; d < DOCUMENTS; d++) {
			const doc = uuidv7();
			const now = Date.now();
			const moves = products.flatMap((p, line) =>
				kind === 'receipt'
					? [[from, p, 10_000, line]]
					: [
							[from, p, -1000, line],
							[to, p, 1000, line]
						]
			) as [string, string, number, number][];
			const t0 = performance.now();
			await raw.client.batch(
				[
					{
						sql: `INSERT INTO stock_movements (organization_id, warehouse_id, product_id, milli, document_id, line, reversal, at) VALUES ${moves.map(() => '(?, ?, ?, ?, ?, ?, 0, ?)').join(', ')}`,
						args: moves.flatMap(([w, p, milli, line]) => ['org', w, p, milli, doc, line, now])
					},
					{
						sql: `INSERT INTO stock_balances (organization_id, warehouse_id, product_id, milli, version, updated_at) VALUES ${moves.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}
							ON CONFLICT (warehouse_id, product_id) DO UPDATE SET milli = milli + excluded.milli, version = excluded.version, updated_at = excluded.updated_at`,
						args: moves.flatMap(([w, p, milli]) => ['org', w, p, milli, d, now])
					}
				],
				'write'
			);
			times.push(performance.now() - t0);
		}
	} finally {
		raw.close();
	}
	return times;
}

export const stockPost: Section = {
	name: 'stock-post',
	description: `posting ${DOCUMENTS} receipts and ${DOCUMENTS} transfers of ${LINES} lines vs raw ledger writes`,
	async run({ baseURL, token }) {
		const [a, b] = [uuidv7(), uuidv7()];
		const products = Array.from({ length: LINES }, () => uuidv7());
		await pushAll(baseURL, token, [
			mutation('warehouse.upsert', { id: a, name: 'Bench main', kind: 'branch' }),
			mutation('warehouse.upsert', { id: b, name: 'Bench second', kind: 'branch' }),
			...products.map((id, i) =>
				mutation('product.upsert', {
					id,
					sku: `SP-${id.slice(-12)}`,
					name: `Stock bench ${i}`,
					unit: 'pcs'
				})
			)
		]);
		const summary: Record<string, number> = {};
		for (const kind of ['receipt', 'transfer'] as const) {
			const real = await realPosts(baseURL, token, kind, a, b, products);
			const raw = await rawPosts(kind, products);
			const [realMedian, rawMedian] = [percentile(real, 50), percentile(raw, 50)];
			summary[`${kind}PostMedianMs`] = round2(realMedian);
			summary[`${kind}PostP95Ms`] = round2(percentile(real, 95));
			summary[`${kind}RawMedianMs`] = round2(rawMedian);
			summary[`${kind}RawP95Ms`] = round2(percentile(raw, 95));
			summary[`${kind}Ratio`] = Number((rawMedian / realMedian).toFixed(3));
		}
		return { measurements: [], summary };
	}
};
