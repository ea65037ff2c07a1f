/**
 * Whether a first-download page's JSON is cheaper built by SQLite (issue 13): for each source,
 * its rows as the pull builds them today (driver rows, drizzle's mapping, `toRow`, then
 * JSON.stringify) against the same text made by SQLite (`json_object` per row, joined in Node).
 * Each source's two texts are checked byte for byte before either is timed; CPU per page of the
 * source's rows, both sides run in turn in one process, so the ratio holds under load.
 *   npm run bench -- --only pull-json [--goods 1000]
 */
import { asc, eq, getTableColumns, type Column } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { uuidv7 } from 'uuidv7';
import { validateSessionToken } from '../src/lib/server/auth/session';
import { S } from '../src/lib/server/sync/pull';
import { applyBatch } from '../src/lib/server/sync/push';
import { mutation, round2 } from './push-client';
import type { Section } from './section';
import { signUp, startBenchServer } from './server';

type Source = (typeof S)[keyof typeof S];

/** A quantity from thousandths as JavaScript prints it: whole numbers without `.0`. */
const qtyOf = (milli: string) =>
	`(CASE WHEN ${milli} % 1000 = 0 THEN ${milli} / 1000 ELSE ${milli} / 1000.0 END)`;

/** Device-row fields that are not a column as it is stored. */
const DERIVED: Partial<Record<keyof typeof S, Record<string, string>>> = {
	prices: { id: `price_list_id || ':' || product_id` },
	balances: { id: `warehouse_id || ':' || product_id`, qty: qtyOf('milli') },
	receipts: {
		lines: `(SELECT json_group_array(json_remove(json_set(value, '$.qty', ${qtyOf("(value ->> 'milli')")}), '$.milli')) FROM json_each(lines))`
	}
};

/** `json_object(…)` of a device row, key by key in `toRow`'s order (`sample`), by column type. */
function objectOf(s: Source, sample: object, derived: Record<string, string>): string {
	const cols = getTableColumns(s.from) as Record<string, Column>;
	const parts = Object.keys(sample).map((key) => {
		const c = cols[key];
		let expr = derived[key];
		if (!expr && !c) throw new Error(`${s.table}.${key} is not a column`);
		if (!expr && c) {
			const t = c.columnType;
			if (t === 'SQLiteTextJson') expr = `json(${c.name})`;
			else if (t === 'SQLiteBoolean')
				expr = `CASE WHEN ${c.name} IS NULL THEN NULL WHEN ${c.name} THEN json('true') ELSE json('false') END`;
			// SQLite prints a whole REAL as 12.0; JavaScript as 12.
			else if (t === 'SQLiteReal')
				expr = `CASE WHEN ${c.name} = CAST(${c.name} AS INTEGER) THEN CAST(${c.name} AS INTEGER) ELSE ${c.name} END`;
			else expr = c.name;
		}
		return `'${key}', ${expr}`;
	});
	return `json_object(${parts.join(', ')})`;
}

const nameOf = (t: SQLiteTable) =>
	(t as unknown as Record<symbol, string>)[Symbol.for('drizzle:Name')]!;

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
				const s: Source = S[name];
				const org_ = (s.from as unknown as { organizationId: Column }).organizationId;
				const q = db
					.select()
					.from(s.from)
					.where(eq(org_, org))
					.orderBy(asc(s.from.version))
					.prepare();
				const today = async () => {
					const rows = (await q.all()) as Parameters<typeof s.toRow>[0][];
					return rows
						.map((r) => JSON.stringify({ table: s.table, op: 'put', row: s.toRow(r as never) }))
						.join(',');
				};
				const rows = (await q.all()) as Parameters<typeof s.toRow>[0][];
				const sample = s.toRow(rows[0]! as never);
				const sql = `SELECT json_object('table', '${s.table}', 'op', 'put', 'row', ${objectOf(s, sample, DERIVED[name] ?? {})}) AS j
					FROM ${nameOf(s.from)} WHERE organization_id = ? ORDER BY version`;
				const bySqlite = async () => {
					const r = await client.execute({ sql, args: [org] });
					let out = '';
					for (const row of r.rows) out += (out ? ',' : '') + String(row.j);
					return out;
				};
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
