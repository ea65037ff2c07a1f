/**
 * A first-download page's rows as JSON, per source: as the pull writes them now (SQLite's
 * `json_object` per row, `query` on the source, src/lib/server/sync/row-json.ts) against the way
 * it wrote them before (rows read by `SELECT *`, mapped by drizzle's column mappings and `toRow`,
 * then `JSON.stringify`), issue 13. Each source's two texts are checked byte for byte before
 * either is timed; CPU per page of the source's rows, both sides run in turn in one process, so
 * the ratio holds under load.
 *   npm run bench -- --only pull-json [--goods 1000]
 */
import { getTableName, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { validateSessionToken } from '../src/lib/server/auth/session';
import { S } from '../src/lib/server/sync/pull';
import { applyBatch } from '../src/lib/server/sync/push';
import { mutation, round2 } from './push-client';
import type { Section } from './section';
import { signUp, startBenchServer } from './server';

export const pullJson: Section = {
	name: 'pull-json',
	description: 'a first-download page per source: rows to JSON in Node vs json_object in SQLite',
	explicit: true,
	async run({ flags }) {
		const goods = Number(flags.goods ?? 1000);
		const server = await startBenchServer();
		try {
			const token = await signUp(server.baseURL);
			const auth = (await validateSessionToken(server.deps.db, token))!;
			const org = auth.organizationId!;
			const { db, client } = server.deps;
			const push = async (ms: ReturnType<typeof mutation>[]) => {
				for (let i = 0; i < ms.length; i += 200) {
					const r = await applyBatch(db, auth, org, 'bench', ms.slice(i, i + 200));
					const bad = r.find((x) => x.status !== 'applied');
					if (bad) throw new Error(JSON.stringify(bad));
				}
			};
			const warehouse = uuidv7();
			const products = Array.from({ length: goods }, () => uuidv7());
			const customers = Array.from({ length: goods / 2 }, () => uuidv7());
			const points = customers.map(() => uuidv7());
			await push([
				mutation('warehouse.upsert', { id: warehouse, name: 'Main', kind: 'main' }),
				...products.flatMap((id, i) => [
					mutation('product.upsert', {
						id,
						sku: `S-${i}`,
						name: `Product ${i}`,
						unit: i % 3 ? 'pcs' : 'kg',
						barcodes: [`478${String(i).padStart(10, '0')}`],
						packSize: i % 4 ? null : 12
					}),
					mutation('price.set', { productId: id, price: 1000 + i })
				]),
				...customers.flatMap((id, i) => [
					mutation('counterparty.upsert', { id, name: `Shop ${i} LLC`, kind: 'customer' }),
					mutation('tradePoint.upsert', { id: points[i], name: `Shop ${i}`, counterpartyId: id })
				])
			]);
			// Sales: receipts with lines (kilograms in fractions), payments, balances below zero.
			await push(
				customers.map((_, i) =>
					mutation('sale.create', {
						id: uuidv7(),
						warehouseId: warehouse,
						tradePointId: points[i],
						soldAt: Date.now(),
						lines: [0, 1, 2].map((k) => {
							const p = (i * 3 + k) % goods;
							return { productId: products[p]!, qty: p % 3 === 0 ? 1.5 : 1 + k };
						}),
						...(i % 2 ? {} : { payments: [{ method: 'cash', amount: 100 }] })
					})
				)
			);

			const cpuMs = async (fn: () => Promise<string>, reps: number) => {
				const c0 = process.cpuUsage();
				for (let i = 0; i < reps; i++) await fn();
				const c = process.cpuUsage(c0);
				return (c.user + c.system) / 1000 / reps;
			};
			const summary: Record<string, number | string> = { goods };
			for (const name of [
				'products',
				'prices',
				'counterparties',
				'tradePoints',
				'balances',
				'receipts',
				'payments'
			] as const) {
				const s = S[name];
				// Before: every column of every row to Node, drizzle's mappings, toRow, JSON.stringify.
				const before = {
					sql: `SELECT * FROM "${getTableName(s.from)}" WHERE organization_id = ? ORDER BY version`,
					args: [org]
				};
				const head = `{"table":${JSON.stringify(s.table)},"op":"put","row":`;
				const today = async () => {
					const r = await client.execute(before);
					return r.rows
						.map((raw) => JSON.stringify({ table: s.table, op: 'put', row: s.fromStored(raw) }))
						.join(',');
				};
				// Now: the pull's own statement for the source, its rows' JSON written by SQLite.
				const q = s.query(db, sql`organization_id = ${org}`);
				const bySqlite = async () => {
					let out = '';
					for (const r of await q.all({ limit: -1 })) out += (out ? ',' : '') + head + r.row + '}';
					return out;
				};
				const rows = (await client.execute(before)).rows;
				if ((await today()) !== (await bySqlite())) throw new Error(`${name}: the texts differ`);
				const reps = Math.max(5, Math.round(20_000 / rows.length));
				let a = 0;
				let b = 0;
				for (let turn = 0; turn < 2; turn++) {
					a += await cpuMs(today, reps);
					b += await cpuMs(bySqlite, reps);
				}
				summary[`${name}Rows`] = rows.length;
				summary[`${name}NodeMs`] = round2(a / 2);
				summary[`${name}SqliteMs`] = round2(b / 2);
				summary[`${name}Ratio`] = round2(b / a);
			}
			return { measurements: [], summary };
		} finally {
			await server.close();
		}
	}
};
