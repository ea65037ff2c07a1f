/**
 * Push of 1,000 mutations (500 products and their prices, in batches of 100) through the real
 * push endpoint, against raw batched INSERTs of the same rows, three times over:
 * - into the app's own tables (every migration applied to a fresh file: the products' unique and
 *   version indexes, the prices' indexes), as the sales section's baseline writes the app's
 *   receipts: what the goal of issue 14 is measured against;
 * - the same with the exactly-once record of each mutation beside its row (`applied_mutations`)
 *   and the version counter: what any push that applies each mutation once must write at least;
 * - into two tables with only their keys, no secondary index: the strictest baseline, kept beside
 *   it so the figure is comparable with earlier runs.
 */
import { createClient, type Client } from '@libsql/client';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uuidv7 } from 'uuidv7';
import { applyMigrations } from '../src/lib/server/db/migrate';
import { readMigrations } from '../scripts/lib/node-runtime';
import { percentile } from './push-client';
import type { Section } from './section';

const PRODUCTS = 500;
const BATCH = 100;
const ROUNDS = 15;
/** Issue 14: a catalog push at half the speed of raw inserts of the same rows, or better. */
export const PUSH_RATIO_GOAL = 0.5;

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

/**
 * - app: the rows into the app's own tables;
 * - exactlyOnce: the same, plus the one record per mutation any exactly-once push must keep in the
 *   same transaction (the app's `applied_mutations` row: id, name, args hash, result, who, when),
 *   and the organization's version counter bumped once per batch: the least such a push writes;
 * - keyOnly: two tables with only their keys.
 */
type Baseline = 'app' | 'exactlyOnce' | 'keyOnly';

const KEY_ONLY_TABLES = [
	'CREATE TABLE products (id TEXT PRIMARY KEY, organization_id TEXT, sku TEXT, name TEXT, unit TEXT, barcodes TEXT, version INTEGER, updated_at INTEGER)',
	'CREATE TABLE prices (organization_id TEXT, price_list_id TEXT, product_id TEXT, price INTEGER, version INTEGER, updated_at INTEGER, UNIQUE (price_list_id, product_id))'
];

/** A fresh file with the app's pragmas and either every migration or the key-only tables. */
async function freshDatabase(baseline: Baseline): Promise<{ client: Client; close(): void }> {
	const dir = mkdtempSync(join(tmpdir(), 'optio-raw-'));
	const client = createClient({ url: `file:${join(dir, 'raw.db')}` });
	await client.execute('PRAGMA journal_mode = WAL');
	if (baseline !== 'keyOnly') await applyMigrations(client, readMigrations());
	else for (const sql of KEY_ONLY_TABLES) await client.execute(sql);
	return {
		client,
		close: () => {
			client.close();
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

/** Seconds to write the rows as raw INSERTs, one transaction per batch of 100 (as a push is). */
async function raw(rows: ReturnType<typeof mutations>, baseline: Baseline): Promise<number> {
	const { client, close } = await freshDatabase(baseline);
	const [product, price] =
		baseline !== 'keyOnly'
			? [
					'INSERT INTO products (id, organization_id, sku, name, unit, barcodes, active, version, updated_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)',
					'INSERT INTO prices (organization_id, price_list_id, product_id, price, version, updated_at) VALUES (?, ?, ?, ?, ?, ?)'
				]
			: [
					'INSERT INTO products VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
					'INSERT INTO prices VALUES (?, ?, ?, ?, ?, ?)'
				];
	const record =
		'INSERT INTO applied_mutations (organization_id, id, name, args_hash, result, user_id, client_id, device_created_at, applied_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';
	const t0 = performance.now();
	for (let i = 0; i < rows.length; i += BATCH) {
		const batch = rows.slice(i, i + BATCH);
		const statements = batch.map((m, j) => {
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
						sql: product,
						args: [a.id, 'org', a.sku, a.name, 'pcs', JSON.stringify(a.barcodes), i + j, Date.now()]
					}
				: {
						sql: price,
						args: ['org', 'list', a.productId, a.price, i + j, Date.now()]
					};
		});
		if (baseline === 'exactlyOnce') {
			for (const [j, m] of batch.entries()) {
				statements.push({
					sql: record,
					// A 64-hex-digit args hash and a short result, as the app keeps them.
					args: [
						'org',
						m.id,
						m.name,
						m.id.padEnd(64, '0'),
						'{"ok":true}',
						'user',
						'bench',
						m.createdAt,
						Date.now(),
						i + j
					]
				});
			}
			statements.push({
				sql: 'INSERT INTO sync_versions (organization_id, version) VALUES (?, ?) ON CONFLICT (organization_id) DO UPDATE SET version = excluded.version',
				args: ['org', i + batch.length]
			});
		}
		await client.batch(statements, 'write');
	}
	const seconds = (performance.now() - t0) / 1000;
	close();
	return seconds;
}

export const syncPush: Section = {
	name: 'sync-push',
	description: `push of ${PRODUCTS * 2} mutations vs raw batched inserts of the same rows`,
	async run({ baseURL, token }) {
		// The device builds and serializes its request; the server's work starts at the socket.
		// Sent with node:http over one keep-alive connection, as the load client does: Node's
		// fetch, on this same event loop, cost a millisecond a request of its own.
		const post = keepAlivePoster(`${baseURL}/api/sync/push`, { authorization: `Bearer ${token}` });
		const pushAll = async (rows: ReturnType<typeof mutations>) => {
			const bodies: string[] = [];
			for (let i = 0; i < rows.length; i += BATCH) {
				bodies.push(JSON.stringify({ clientId: 'bench', mutations: rows.slice(i, i + BATCH) }));
			}
			const t0 = performance.now();
			for (const body of bodies) {
				const { status, text } = await post(body);
				const answer = JSON.parse(text) as { results?: { status: string }[] };
				if (
					status !== 200 ||
					!answer.results ||
					answer.results.some((r) => r.status !== 'applied')
				) {
					throw new Error(`push answered ${status}: ${text.slice(0, 300)}`);
				}
			}
			return (performance.now() - t0) / 1000;
		};
		// The first push (cold code paths) is reported apart. Then push and raw take turns for
		// ROUNDS rounds of fresh rows, and each side's median round counts: one round is a tenth
		// of a second, short enough for a stray pause on this machine to swing it.
		const firstSeconds = await pushAll(mutations());
		await raw(mutations(), 'app');
		await raw(mutations(), 'exactlyOnce');
		await raw(mutations(), 'keyOnly');
		const pushRounds: number[] = [];
		const appRounds: number[] = [];
		const exactlyOnceRounds: number[] = [];
		const keyOnlyRounds: number[] = [];
		for (let i = 0; i < ROUNDS; i++) {
			pushRounds.push(await pushAll(mutations()));
			appRounds.push(await raw(mutations(), 'app'));
			exactlyOnceRounds.push(await raw(mutations(), 'exactlyOnce'));
			keyOnlyRounds.push(await raw(mutations(), 'keyOnly'));
		}
		post.close();
		const n = PRODUCTS * 2;
		const pushRate = n / percentile(pushRounds, 50);
		const rawRate = n / percentile(appRounds, 50);
		const keyOnlyRate = n / percentile(keyOnlyRounds, 50);
		const exactlyOnceRate = n / percentile(exactlyOnceRounds, 50);
		return {
			measurements: [],
			summary: {
				mutations: n,
				rounds: ROUNDS,
				firstPushPerSecond: Math.round(n / firstSeconds),
				pushPerSecond: Math.round(pushRate),
				slowestPushPerSecond: Math.round(n / Math.max(...pushRounds)),
				rawInsertsPerSecond: Math.round(rawRate),
				ratio: Number((pushRate / rawRate).toFixed(3)),
				goal: PUSH_RATIO_GOAL,
				goalMet: pushRate / rawRate >= PUSH_RATIO_GOAL,
				// The best ratio a push that keeps exactly-once records could reach with no validation,
				// planning, HTTP or session at all, and how far the real push is from that.
				exactlyOnceInsertsPerSecond: Math.round(exactlyOnceRate),
				exactlyOnceCeiling: Number((exactlyOnceRate / rawRate).toFixed(3)),
				ratioToExactlyOnce: Number((pushRate / exactlyOnceRate).toFixed(3)),
				keyOnlyInsertsPerSecond: Math.round(keyOnlyRate),
				keyOnlyRatio: Number((pushRate / keyOnlyRate).toFixed(3))
			}
		};
	}
};

/** POSTs JSON bodies one at a time over one keep-alive connection. */
function keepAlivePoster(url: string, headers: Record<string, string>) {
	const target = new URL(url);
	const agent = new Agent({ keepAlive: true, maxSockets: 1 });
	const post = (body: string) =>
		new Promise<{ status: number; text: string }>((resolve, reject) => {
			const req = request(
				{
					agent,
					hostname: target.hostname,
					port: target.port,
					path: target.pathname,
					method: 'POST',
					headers: {
						...headers,
						'content-type': 'application/json',
						'content-length': Buffer.byteLength(body)
					}
				},
				(res) => {
					let text = '';
					res.setEncoding('utf8');
					res.on('data', (chunk: string) => (text += chunk));
					res.on('error', reject);
					res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
				}
			);
			req.on('error', reject);
			req.end(body);
		});
	return Object.assign(post, { close: () => agent.destroy() });
}
