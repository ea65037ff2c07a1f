import { createClient } from '@libsql/client';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHranaServer, type HranaServer } from '../testing/hrana-server';
import { applyMigrations } from './migrate';
import { bundledMigrations } from './migrations';

let server: HranaServer | undefined;
afterEach(async () => {
	await server?.close();
	server = undefined;
});

describe('applyMigrations on a remote database', () => {
	it('lets two runners that start at once (two isolates) both succeed, each migration applied once', async () => {
		// A round trip of delay makes the race certain: both read "nothing applied" first.
		server = await startHranaServer({
			file: join(mkdtempSync(join(tmpdir(), 'optio-migrate-')), 'race.db'),
			delayMs: 5
		});
		const a = createClient({ url: server.url });
		const b = createClient({ url: server.url });
		const [byA, byB] = await Promise.all([
			applyMigrations(a, bundledMigrations),
			applyMigrations(b, bundledMigrations)
		]);
		const names = bundledMigrations.map((m) => m.name).sort();
		expect([...byA, ...byB].sort()).toEqual(names);
		expect(byA.filter((n) => byB.includes(n))).toEqual([]);

		const recorded = await a.execute('SELECT name FROM _migrations ORDER BY name');
		expect(recorded.rows.map((r) => r.name)).toEqual(names);
		// The schema is whole: the last migration's tables are there, and a third run has nothing to do.
		expect(await applyMigrations(b, bundledMigrations)).toEqual([]);
		const tables = await a.execute(
			"SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'webhook_deliveries'"
		);
		expect(Number(tables.rows[0]!.n)).toBe(1);
		a.close();
		b.close();
	});
});

describe('0015: keys scoped by organization', () => {
	const before = bundledMigrations.filter((m) => m.name < '0015');
	const scoped = bundledMigrations.filter((m) => m.name.startsWith('0015'));
	const fileDb = () =>
		createClient({ url: `file:${join(mkdtempSync(join(tmpdir(), 'optio-0015-')), 'x.db')}` });
	const rebuilt = [
		'categories',
		'products',
		'price_lists',
		'counterparties',
		'trade_points',
		'warehouses',
		'stock_documents',
		'stock_shortages',
		'promotions',
		'sales_receipts',
		'payments',
		'sales_orders',
		'visits',
		'routes'
	];
	type Client = ReturnType<typeof createClient>;
	const rows = async (db: Client, sql: string) =>
		(await db.execute(sql)).rows.map((r) => ({ ...r }));
	/** Every column, default, primary key and index of the tables, as SQLite reports them. */
	const layout = async (db: Client, table: string) => ({
		columns: await rows(db, `PRAGMA table_info(${table})`),
		indexes: (await rows(db, `PRAGMA index_list(${table})`)).filter((i) => i.origin === 'c'),
		indexColumns: await rows(
			db,
			`SELECT il.name, ii.name AS col FROM pragma_index_list('${table}') il,
				pragma_index_info(il.name) ii WHERE il.origin = 'c' ORDER BY il.name, ii.seqno`
		)
	});
	/** A value of the column's type that SQLite keeps as given. */
	const sample = (type: string, name: string) =>
		/int/i.test(type) ? 7 : /real/i.test(type) ? 1.5 : `${name}-value`;

	it('keeps every row, column, default and index, with (organization_id, id) as the key', async () => {
		const db = fileDb();
		await applyMigrations(db, before);
		const layouts = new Map<string, Awaited<ReturnType<typeof layout>>>();
		const contents = new Map<string, unknown>();
		for (const table of rebuilt) {
			layouts.set(table, await layout(db, table));
			const cols = (await rows(db, `PRAGMA table_info(${table})`)).map((c) => ({
				name: String(c.name),
				type: String(c.type)
			}));
			for (const org of ['org-a', 'org-b']) {
				await db.execute({
					sql: `INSERT INTO ${table} (${cols.map((c) => c.name).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
					args: cols.map((c) =>
						c.name === 'id'
							? `${org}-row`
							: c.name === 'organization_id'
								? org
								: sample(c.type, c.name)
					)
				});
			}
			contents.set(table, await rows(db, `SELECT * FROM ${table} ORDER BY id`));
		}

		expect(await applyMigrations(db, scoped)).toEqual(['0015_org_scoped_keys']);
		expect(await rows(db, 'PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
		expect(await rows(db, 'PRAGMA foreign_key_check')).toEqual([]);
		for (const table of rebuilt) {
			const after = await layout(db, table);
			const was = layouts.get(table)!;
			// Only the key moved: `id` alone (pk 1) became (organization_id, id) (pk 2, 1).
			const pk = (cols: Record<string, unknown>[]) =>
				cols.map(({ name, pk }) => [name, pk]).filter(([, pk]) => pk !== 0);
			expect(pk(was.columns)).toEqual([['id', 1]]);
			expect(pk(after.columns)).toEqual([
				['id', 2],
				['organization_id', 1]
			]);
			const rest = (cols: Record<string, unknown>[]) => cols.map(({ pk: _pk, ...c }) => c);
			expect(rest(after.columns)).toEqual(rest(was.columns));
			expect(after.indexColumns).toEqual(was.indexColumns);
			expect(await rows(db, `SELECT * FROM ${table} ORDER BY id`)).toEqual(contents.get(table));
			// The same id in another organization is another row; twice in one, refused.
			const copy = after.columns
				.map((c) => (c.name === 'organization_id' ? "'org-c'" : String(c.name)))
				.join(', ');
			await db.execute(`INSERT INTO ${table} SELECT ${copy} FROM ${table} WHERE id = 'org-a-row'`);
			await expect(
				db.execute(`INSERT INTO ${table} SELECT * FROM ${table} WHERE id = 'org-b-row'`)
			).rejects.toThrow(/UNIQUE/);
		}
		db.close();
	});

	it('applies to an empty database, and the unique keys of ids take the organization', async () => {
		const db = fileDb();
		await applyMigrations(db, bundledMigrations);
		expect(await rows(db, 'PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
		for (const table of rebuilt) {
			expect(await rows(db, `SELECT count(*) AS n FROM ${table}`)).toEqual([{ n: 0 }]);
		}
		const unique = await rows(
			db,
			`SELECT il.name, group_concat(ii.name) AS cols FROM sqlite_master m, pragma_index_list(m.name) il,
				pragma_index_info(il.name) ii
			WHERE m.type = 'table' AND il.name IN ('prices_list_product', 'stock_balances_pair', 'document_counters_key')
			GROUP BY il.name ORDER BY il.name`
		);
		expect(unique).toEqual([
			{ name: 'document_counters_key', cols: 'organization_id,branch_id,type,year' },
			{ name: 'prices_list_product', cols: 'organization_id,price_list_id,product_id' },
			{ name: 'stock_balances_pair', cols: 'organization_id,warehouse_id,product_id' }
		]);
		db.close();
	});
});
