/**
 * Push of 1,000 mutations (500 products and their prices, in batches of 100) through the real
 * push endpoint, against raw batched INSERTs of the same rows into a fresh libSQL file.
 */
import { createClient } from '@libsql/client';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uuidv7 } from 'uuidv7';
import type { Section } from './section';

const PRODUCTS = 500;
const BATCH = 100;
export const PUSH_RATIO_GOAL = 0.25;

function mutations() {
	const out: { id: string; name: string; args: unknown; createdAt: number }[] = [];
	for (let i = 0; i < PRODUCTS; i++) {
		const id = uuidv7();
		out.push({
			id: uuidv7(),
			name: 'product.upsert',
			args: {
				id,
				sku: `B-${i}-${id.slice(-6)}`,
				name: `Bench product ${i}`,
				unit: 'pcs',
				barcodes: [`478${String(i).padStart(10, '0')}`]
			},
			createdAt: Date.now()
		});
		out.push({
			id: uuidv7(),
			name: 'price.set',
			args: { productId: id, price: 1000 + i },
			createdAt: Date.now()
		});
	}
	return out;
}

async function raw(rows: ReturnType<typeof mutations>): Promise<number> {
	const dir = mkdtempSync(join(tmpdir(), 'optio-raw-'));
	const client = createClient({ url: `file:${join(dir, 'raw.db')}` });
	await client.execute('PRAGMA journal_mode = WAL');
	await client.execute(
		'CREATE TABLE products (id TEXT PRIMARY KEY, organization_id TEXT, sku TEXT, name TEXT, unit TEXT, barcodes TEXT, version INTEGER, updated_at INTEGER)'
	);
	await client.execute(
		'CREATE TABLE prices (organization_id TEXT, price_list_id TEXT, product_id TEXT, price INTEGER, version INTEGER, updated_at INTEGER, UNIQUE (price_list_id, product_id))'
	);
	const t0 = performance.now();
	for (let i = 0; i < rows.length; i += BATCH) {
		await client.batch(
			rows.slice(i, i + BATCH).map((m, j) => {
				const a = m.args as {
					id: string;
					sku: string;
					name: string;
					productId: string;
					price: number;
					barcodes: string[];
				};
				return m.name === 'product.upsert'
					? {
							sql: 'INSERT INTO products VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
							args: [
								a.id,
								'org',
								a.sku,
								a.name,
								'pcs',
								JSON.stringify(a.barcodes),
								i + j,
								Date.now()
							]
						}
					: {
							sql: 'INSERT INTO prices VALUES (?, ?, ?, ?, ?, ?)',
							args: ['org', 'list', a.productId, a.price, i + j, Date.now()]
						};
			}),
			'write'
		);
	}
	const seconds = (performance.now() - t0) / 1000;
	client.close();
	rmSync(dir, { recursive: true, force: true });
	return seconds;
}

export const syncPush: Section = {
	name: 'sync-push',
	description: `push of ${PRODUCTS * 2} mutations vs raw batched inserts of the same rows`,
	async run({ baseURL, token }) {
		const pushAll = async (rows: ReturnType<typeof mutations>) => {
			const t0 = performance.now();
			for (let i = 0; i < rows.length; i += BATCH) {
				const res = await fetch(`${baseURL}/api/sync/push`, {
					method: 'POST',
					headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
					body: JSON.stringify({ clientId: 'bench', mutations: rows.slice(i, i + BATCH) })
				});
				const body = (await res.json()) as { results: { status: string }[] };
				if (!res.ok || body.results.some((r) => r.status !== 'applied')) {
					throw new Error(`push answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
				}
			}
			return (performance.now() - t0) / 1000;
		};
		// Both sides run once untimed first (the server's code paths and the raw driver warm up
		// alike); the first push's rate is reported too.
		const rows = mutations();
		const firstSeconds = await pushAll(mutations());
		await raw(mutations());
		const pushSeconds = await pushAll(rows);
		const rawSeconds = await raw(mutations());
		const pushRate = rows.length / pushSeconds;
		const rawRate = rows.length / rawSeconds;
		return {
			measurements: [],
			summary: {
				mutations: rows.length,
				firstPushPerSecond: Math.round(rows.length / firstSeconds),
				pushPerSecond: Math.round(pushRate),
				rawInsertsPerSecond: Math.round(rawRate),
				ratio: Number((pushRate / rawRate).toFixed(3)),
				goal: PUSH_RATIO_GOAL,
				goalMet: pushRate / rawRate >= PUSH_RATIO_GOAL
			}
		};
	}
};
