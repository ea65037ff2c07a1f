/**
 * Reading stock balances: 20,000 products in 10 warehouses (200,000 balance rows, seeded through
 * the real push path as receipts of 2,000 lines), then `GET /api/stock/balances?warehouseId=`
 * (20,000 rows) and `GET /api/stock/balances` (all 200,000), timed to the last byte of the
 * answer, against the raw SELECT of the same rows from the same file.
 */
import { createClient } from '@libsql/client';
import { uuidv7 } from 'uuidv7';
import { mutation, percentile, pushAll, round2 } from './push-client';
import type { Section } from './section';

const PRODUCTS = 20_000;
const WAREHOUSES = 10;
const LINES = 2000;
const ONE_RUNS = 20;
const ALL_RUNS = 5;

async function seed(baseURL: string, token: string) {
	const warehouses = Array.from({ length: WAREHOUSES }, () => uuidv7());
	const products = Array.from({ length: PRODUCTS }, () => uuidv7());
	await pushAll(baseURL, token, [
		...warehouses.map((id, i) =>
			mutation('warehouse.upsert', { id, name: `Balances ${i}`, kind: 'branch' })
		),
		...products.map((id, i) =>
			mutation('product.upsert', {
				id,
				sku: `SB-${id.slice(-12)}`,
				name: `Balance bench ${i}`,
				unit: 'pcs'
			})
		)
	]);
	for (const warehouseId of warehouses) {
		for (let i = 0; i < PRODUCTS; i += LINES) {
			const id = uuidv7();
			await pushAll(baseURL, token, [
				mutation('document.save', {
					id,
					type: 'receipt',
					warehouseId,
					lines: products.slice(i, i + LINES).map((productId, j) => ({ productId, qty: j + 1 }))
				}),
				mutation('document.post', { id })
			]);
		}
	}
	return warehouses;
}

/** Milliseconds of each GET, answer read in full; throws unless it holds `rows` items. */
async function timeGets(url: string, token: string, runs: number, rows: number) {
	const times: number[] = [];
	for (let i = 0; i < runs; i++) {
		const t0 = performance.now();
		const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
		const text = await res.text();
		times.push(performance.now() - t0);
		if (i === 0) {
			const items = (JSON.parse(text) as { items?: unknown[] }).items;
			if (res.status !== 200 || items?.length !== rows) {
				throw new Error(`${url} answered ${res.status} with ${items?.length} items`);
			}
		}
	}
	return times;
}

export const stockBalances: Section = {
	name: 'stock-balances',
	description: `GET /api/stock/balances over ${PRODUCTS * WAREHOUSES} balances vs a raw SELECT`,
	async run({ baseURL, token, databaseUrl }) {
		const t0 = performance.now();
		const warehouses = await seed(baseURL, token);
		const seedSeconds = (performance.now() - t0) / 1000;
		const perWarehouse = PRODUCTS;

		const client = createClient({ url: databaseUrl });
		const [{ organization_id: org }] = (
			await client.execute({
				sql: 'SELECT organization_id FROM stock_balances WHERE warehouse_id = ? LIMIT 1',
				args: [warehouses[0]!]
			})
		).rows as unknown as [{ organization_id: string }];
		// Other sections of the run may have left balances of their own in the organization.
		const orgRows = Number(
			(
				await client.execute({
					sql: 'SELECT count(*) AS n FROM stock_balances WHERE organization_id = ?',
					args: [org]
				})
			).rows[0]!.n
		);

		const one = await timeGets(
			`${baseURL}/api/stock/balances?warehouseId=${warehouses[0]}`,
			token,
			ONE_RUNS,
			perWarehouse
		);
		const all = await timeGets(`${baseURL}/api/stock/balances`, token, ALL_RUNS, orgRows);

		const rawTimes = async (runs: number, sql: string, args: string[], rows: number) => {
			const times: number[] = [];
			for (let i = 0; i < runs; i++) {
				const t = performance.now();
				const r = await client.execute({ sql, args });
				times.push(performance.now() - t);
				if (r.rows.length !== rows) throw new Error(`raw SELECT gave ${r.rows.length} rows`);
			}
			return times;
		};
		const rawOne = await rawTimes(
			ONE_RUNS,
			'SELECT warehouse_id, product_id, milli FROM stock_balances WHERE organization_id = ? AND warehouse_id = ?',
			[org, warehouses[0]!],
			perWarehouse
		);
		const rawAll = await rawTimes(
			ALL_RUNS,
			'SELECT warehouse_id, product_id, milli FROM stock_balances WHERE organization_id = ?',
			[org],
			orgRows
		);
		client.close();

		const ms = (t: number[]) => round2(percentile(t, 50));
		return {
			measurements: [],
			summary: {
				balances: orgRows,
				seedSeconds: round2(seedSeconds),
				oneWarehouseMedianMs: ms(one),
				oneWarehouseRawMedianMs: ms(rawOne),
				oneWarehouseRatio: Number((percentile(rawOne, 50) / percentile(one, 50)).toFixed(3)),
				allMedianMs: ms(all),
				allRawMedianMs: ms(rawAll),
				allRatio: Number((percentile(rawAll, 50) / percentile(all, 50)).toFixed(3))
			}
		};
	}
};
