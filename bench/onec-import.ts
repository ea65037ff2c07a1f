/**
 * The 1C exchange at scale: a generated catalog of 20,000 goods (`--goods N` for another size)
 * in 100 groups (import.xml) and its offers (a price and a stock quantity each, offers.xml),
 * sent through /api/1c/exchange as 1C sends them (checkauth, init, files in file_limit parts,
 * import until success), timed from the first part to the last `success`.
 *
 * The server runs in a process of its own (onec-server.ts) and its resident memory is sampled
 * from /proc (VmRSS) while the exchange runs, so it is the server's alone; the
 * files are generated a part at a time, as 1C sends them, so a 200 MB catalog (`--goods 250000`)
 * never sits whole in the benchmark either. Against it, in the same run: the same rows
 * (categories, products, prices, balances) written with raw multi-row SQL into a fresh libSQL file
 * with the same tables and indexes. The ratio is raw time over the exchange's time (goal ≥ 0.3).
 * Beside it, the same-rows baseline (sameRowsInsert): every row the exchange added to the app's
 * tables, inserted raw into the whole migrated schema, so nothing the import must write is left
 * out of the raw side; both ratios are reported, with the server's CPU seconds.
 */
import { uuidv7 } from 'uuidv7';
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from '@libsql/client';
import { cpuSeconds } from './proc';
import { mutation, pushAll, round2 } from './push-client';
import type { Section } from './section';
import { signUp } from './server';

let GOODS = 20_000;
const GROUPS = 100;
const WAREHOUSE_1C = 'bench-warehouse-1c';
const PRICE_TYPE = 'bench-price-type';
/** Issue 16: the exchange at 0.3 of raw inserts of the same rows, or better. */
export const IMPORT_RATIO_GOAL = 0.3;

/** A file's lines, encoded and cut into parts of at most `limit` bytes, made as they are sent. */
function* partsOf(lines: Iterable<string>, limit: number): Generator<Uint8Array> {
	const encoder = new TextEncoder();
	let buffer = new Uint8Array(limit);
	let used = 0;
	for (const line of lines) {
		let bytes = encoder.encode(`${line}\n`);
		while (bytes.length) {
			const n = Math.min(bytes.length, limit - used);
			buffer.set(bytes.subarray(0, n), used);
			used += n;
			bytes = bytes.subarray(n);
			if (used === limit) {
				yield buffer;
				buffer = new Uint8Array(limit);
				used = 0;
			}
		}
	}
	if (used) yield buffer.subarray(0, used);
}

function* catalogLines(): Generator<string> {
	yield '<?xml version="1.0" encoding="UTF-8"?>';
	yield '<КоммерческаяИнформация xmlns="urn:1C.ru:commerceml_2" ВерсияСхемы="2.07">';
	yield '<Классификатор><Ид>bench</Ид><Наименование>Bench</Наименование><Группы>';
	for (let g = 0; g < GROUPS; g++) {
		yield `<Группа><Ид>group-${g}</Ид><Наименование>Группа ${g}</Наименование></Группа>`;
	}
	yield '</Группы></Классификатор><Каталог СодержитТолькоИзменения="false"><Товары>';
	for (let i = 0; i < GOODS; i++) {
		yield (
			`<Товар><Ид>good-${i}</Ид><Штрихкод>${String(4_600_000_000_000 + i)}</Штрихкод><Артикул>B-${i}</Артикул>` +
			`<Наименование>Товар для замера №${i}</Наименование><БазоваяЕдиница Код="796" НаименованиеПолное="Штука"/>` +
			`<Группы><Ид>group-${i % GROUPS}</Ид></Группы></Товар>`
		);
	}
	yield '</Товары></Каталог></КоммерческаяИнформация>';
}

function* offersLines(): Generator<string> {
	yield '<?xml version="1.0" encoding="UTF-8"?>';
	yield '<КоммерческаяИнформация xmlns="urn:1C.ru:commerceml_2" ВерсияСхемы="2.07">';
	yield '<ПакетПредложений СодержитТолькоИзменения="false">';
	yield `<ТипыЦен><ТипЦены><Ид>${PRICE_TYPE}</Ид><Наименование>Оптовая</Наименование><Валюта>UZS</Валюта></ТипЦены></ТипыЦен>`;
	yield `<Склады><Склад><Ид>${WAREHOUSE_1C}</Ид><Наименование>Основной</Наименование></Склад></Склады>`;
	yield '<Предложения>';
	for (let i = 0; i < GOODS; i++) {
		yield (
			`<Предложение><Ид>good-${i}</Ид><Наименование>Товар для замера №${i}</Наименование>` +
			`<Цены><Цена><ИдТипаЦены>${PRICE_TYPE}</ИдТипаЦены><ЦенаЗаЕдиницу>${1000 + (i % 977)}.50</ЦенаЗаЕдиницу></Цена></Цены>` +
			`<Количество>${1 + (i % 50)}</Количество><Склад ИдСклада="${WAREHOUSE_1C}" КоличествоНаСкладе="${1 + (i % 50)}"/></Предложение>`
		);
	}
	yield '</Предложения></ПакетПредложений></КоммерческаяИнформация>';
}

async function oneC(baseURL: string, token: string, files: Record<string, () => Iterable<string>>) {
	const basic = `Basic ${Buffer.from(`1c:${token}`).toString('base64')}`;
	const call = async (
		mode: string,
		q: Record<string, string> = {},
		body?: Uint8Array,
		cookie = ''
	) => {
		const res = await fetch(
			`${baseURL}/api/1c/exchange?${new URLSearchParams({ type: 'catalog', mode, ...q })}`,
			{
				method: body ? 'POST' : 'GET',
				headers: cookie ? { cookie } : { authorization: basic },
				body: body as Uint8Array<ArrayBuffer> | undefined
			}
		);
		const lines = (await res.text()).split('\n');
		if (lines[0] === 'failure') throw new Error(`1C ${mode}: ${lines[1]}`);
		return lines;
	};
	const auth = await call('checkauth');
	const cookie = `${auth[1]}=${auth[2]}`;
	const init = await call('init', {}, undefined, cookie);
	const limit = Number(init[1]!.split('=')[1]);
	let calls = 0;
	let bytes = 0;
	for (const [filename, lines] of Object.entries(files)) {
		for (const part of partsOf(lines(), limit)) {
			bytes += part.length;
			await call('file', { filename }, part, cookie);
		}
	}
	const answers: string[] = [];
	for (const filename of Object.keys(files)) {
		for (;;) {
			calls++;
			const r = await call('import', { filename }, undefined, cookie);
			if (r[0] === 'success') {
				answers.push(r[1]!);
				break;
			}
		}
	}
	return { calls, answers, bytes };
}

const RAW_TABLES = ['categories', 'products', 'price_lists', 'prices', 'stock_balances'];

/**
 * A fresh libSQL file with the API's own tables, indexes and triggers for `RAW_TABLES`, copied
 * from the API's database as it stands after its migrations.
 */
async function rawDatabase(databaseUrl: string) {
	const source = createClient({ url: databaseUrl });
	const ddl = await source.execute({
		sql: `SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND tbl_name IN (SELECT value FROM json_each(?))
			ORDER BY CASE type WHEN 'table' THEN 0 ELSE 1 END`,
		args: [JSON.stringify(RAW_TABLES)]
	});
	source.close();
	const dir = mkdtempSync(join(tmpdir(), 'optio-raw-'));
	const client = createClient({ url: `file:${join(dir, 'raw.db')}` });
	await client.execute('PRAGMA journal_mode = WAL');
	for (const r of ddl.rows) await client.execute(String(r.sql));
	return {
		client,
		close: () => {
			client.close();
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

/** The same rows as the exchange writes, raw: categories, products, prices, balances. */
async function rawInsert(databaseUrl: string): Promise<number> {
	const raw = await rawDatabase(databaseUrl);
	try {
		const org = uuidv7();
		const list = uuidv7();
		const warehouse = uuidv7();
		const now = Date.now();
		const groups = Array.from({ length: GROUPS }, () => uuidv7());
		const ids = Array.from({ length: GOODS }, () => uuidv7());
		const t0 = performance.now();
		const rows = <T>(n: number, width: number, f: (i: number) => T[]) => ({
			sql: Array.from({ length: n }, () => `(${Array(width).fill('?').join(', ')})`).join(', '),
			args: Array.from({ length: n }, (_, i) => f(i)).flat() as never[]
		});
		const g = rows(GROUPS, 6, (i) => [groups[i], org, `Группа ${i}`, null, 1, now]);
		await raw.client.batch(
			[
				{
					sql: `INSERT INTO categories (id, organization_id, name, parent_id, version, updated_at) VALUES ${g.sql}`,
					args: g.args
				},
				{
					sql: 'INSERT INTO price_lists (id, organization_id, name, is_default, version, updated_at) VALUES (?, ?, ?, 1, 1, ?)',
					args: [list, org, 'Base', now]
				}
			],
			'write'
		);
		const CHUNK = 2000;
		for (let c = 0; c < GOODS; c += CHUNK) {
			const n = Math.min(CHUNK, GOODS - c);
			const p = rows(n, 10, (i) => {
				const k = c + i;
				return [
					ids[k],
					org,
					`B-${k}`,
					`Товар для замера №${k}`,
					'pcs',
					JSON.stringify([String(4_600_000_000_000 + k)]),
					groups[k % GROUPS],
					1,
					1,
					now
				];
			});
			const pr = rows(n, 6, (i) => [
				org,
				list,
				ids[c + i],
				100_000 + ((c + i) % 977) * 100 + 50,
				1,
				now
			]);
			const b = rows(n, 6, (i) => [
				org,
				warehouse,
				ids[c + i],
				(1 + ((c + i) % 50)) * 1000,
				1,
				now
			]);
			await raw.client.batch(
				[
					{
						sql: `INSERT INTO products (id, organization_id, sku, name, unit, barcodes, category_id, active, version, updated_at) VALUES ${p.sql}`,
						args: p.args
					},
					{
						sql: `INSERT INTO prices (organization_id, price_list_id, product_id, price, version, updated_at) VALUES ${pr.sql}`,
						args: pr.args
					},
					{
						sql: `INSERT INTO stock_balances (organization_id, warehouse_id, product_id, milli, version, updated_at) VALUES ${b.sql}`,
						args: b.args
					}
				],
				'write'
			);
		}
		return (performance.now() - t0) / 1000;
	} finally {
		raw.close();
	}
}

/** The exchange's own working rows (files as sent, records read, where it stands), not the catalog's. */
const EXCHANGE_TABLES = new Set([
	'onec_exchanges',
	'onec_file_parts',
	'onec_records',
	'onec_settings'
]);

/** Every table's last rowid now, so the rows an exchange adds can be told from the ones before. */
async function rowMarks(databaseUrl: string): Promise<Map<string, number>> {
	const db = createClient({ url: databaseUrl });
	try {
		const tables = await db.execute(
			"SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_migrations'"
		);
		const marks = new Map<string, number>();
		for (const { name } of tables.rows) {
			if (EXCHANGE_TABLES.has(String(name))) continue;
			const r = await db.execute(`SELECT coalesce(max(rowid), 0) AS n FROM "${String(name)}"`);
			marks.set(String(name), Number(r.rows[0]!.n));
		}
		return marks;
	} finally {
		db.close();
	}
}

/**
 * The honest baseline: every row the exchange added to the app's tables (all but the exchange's
 * own working rows, `EXCHANGE_TABLES`: products, prices, balances, and also the ledger's
 * documents and movements, the 1C links, audit events, categories, price lists…), inserted
 * raw, as they stand at the end, into a fresh libSQL file with the app's whole migrated schema
 * (every table, index and trigger, copied from the API's database). Read a round at a time
 * (`ROUND` rows of each table) and only the inserts timed: one write batch a round, multi-row
 * VALUES. Answers the seconds and the rows per table.
 */
async function sameRowsInsert(
	databaseUrl: string,
	marks: Map<string, number>
): Promise<{ seconds: number; rows: Record<string, number> }> {
	const source = createClient({ url: databaseUrl });
	const dir = mkdtempSync(join(tmpdir(), 'optio-same-'));
	const target = createClient({ url: `file:${join(dir, 'same.db')}` });
	try {
		await target.execute('PRAGMA journal_mode = WAL');
		const ddl = await source.execute(
			`SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'
			ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 ELSE 2 END`
		);
		for (const r of ddl.rows) await target.execute(String(r.sql));
		const tables = [...marks.keys()];
		const after = new Map(tables.map((t) => [t, marks.get(t)!]));
		const rows: Record<string, number> = {};
		const ROUND = 2000;
		let seconds = 0;
		for (;;) {
			const batch: { sql: string; args: never[] }[] = [];
			for (const table of tables) {
				const got = await source.execute({
					sql: `SELECT rowid AS "__rowid", * FROM "${table}" WHERE rowid > ? ORDER BY rowid LIMIT ?`,
					args: [after.get(table)!, ROUND]
				});
				if (!got.rows.length) continue;
				after.set(table, Number(got.rows[got.rows.length - 1]!.__rowid));
				rows[table] = (rows[table] ?? 0) + got.rows.length;
				const cols = got.columns.slice(1);
				const per = Math.max(1, Math.floor(30_000 / cols.length));
				for (let i = 0; i < got.rows.length; i += per) {
					const chunk = got.rows.slice(i, i + per);
					batch.push({
						sql: `INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES ${chunk
							.map(() => `(${cols.map(() => '?').join(', ')})`)
							.join(', ')}`,
						args: chunk.flatMap((r) => cols.map((c) => r[c])) as never[]
					});
				}
			}
			if (!batch.length) break;
			const t0 = performance.now();
			await target.batch(batch, 'write');
			seconds += (performance.now() - t0) / 1000;
		}
		return { seconds, rows };
	} finally {
		source.close();
		target.close();
		rmSync(dir, { recursive: true, force: true });
	}
}

/** The server in its own process (onec-server.ts): its address, its pid, and a way to stop it. */
async function serverProcess(heapMiB: number | null): Promise<{
	baseURL: string;
	databaseUrl: string;
	child: ChildProcess;
	close: () => Promise<void>;
}> {
	const child = fork(fileURLToPath(new URL('./onec-server.ts', import.meta.url)), [], {
		execArgv: [
			'--import',
			'tsx',
			...(heapMiB ? [`--max-old-space-size=${heapMiB}`] : []),
			// e.g. ONEC_SERVER_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' to profile the server alone.
			...(process.env.ONEC_SERVER_ARGS?.split(' ').filter(Boolean) ?? [])
		],
		stdio: ['ignore', 'inherit', 'inherit', 'ipc']
	});
	const started = await new Promise<{ baseURL: string; databaseUrl: string }>((resolve, reject) => {
		child.once('message', (m) => resolve(m as { baseURL: string; databaseUrl: string }));
		child.once('exit', (code) => reject(new Error(`onec-server exited with ${code}`)));
	});
	return {
		...started,
		child,
		close: () =>
			new Promise<void>((resolve) => {
				child.once('exit', () => resolve());
				child.send('close');
			})
	};
}

/** A process's resident memory now (VmRSS), in MiB, and its anonymous part (RssAnon). */
function memoryOf(pid: number): { rss: number; anon: number } {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1]);
	return { rss: kb('VmRSS') / 1024, anon: kb('RssAnon') / 1024 };
}

export const onecImport: Section = {
	name: 'onec-import',
	description: '1C exchange of generated goods with offers vs raw inserts of the same rows',
	async run({ flags }) {
		if (typeof flags.goods === 'string') GOODS = Number(flags.goods);
		// The server's JavaScript heap is capped (`--heap`, MiB; 0 for Node's default), so it
		// must collect as it goes: what it keeps alive, not how lazily V8 collects, sets its RSS.
		const heapMiB = typeof flags.heap === 'string' ? Number(flags.heap) : 160;
		const server = await serverProcess(heapMiB || null);
		try {
			const { baseURL, databaseUrl } = server;
			const pid = server.child.pid!;
			const token = await signUp(baseURL);
			const warehouseId = uuidv7();
			await pushAll(baseURL, token, [
				mutation('warehouse.upsert', { id: warehouseId, name: 'Bench 1C', kind: 'main' })
			]);
			const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
			const created = await fetch(`${baseURL}/api/integrations/tokens`, {
				method: 'POST',
				headers,
				body: JSON.stringify({ name: '1C bench', scopes: ['exchange:1c'] })
			});
			const exchangeToken = ((await created.json()) as { token: string }).token;
			await fetch(`${baseURL}/api/integrations/1c/settings`, {
				method: 'PUT',
				headers,
				body: JSON.stringify({ warehouses: { [WAREHOUSE_1C]: warehouseId } })
			});
			const marks = await rowMarks(databaseUrl);
			// Sampled while the exchange runs (VmHWM would also hold the start-up's transient peak).
			const before = memoryOf(pid);
			let peak = before.rss;
			const sampler = setInterval(() => {
				peak = Math.max(peak, memoryOf(pid).rss);
			}, 20);
			const cpu0 = cpuSeconds(pid);
			const t0 = performance.now();
			let result;
			try {
				result = await oneC(baseURL, exchangeToken, {
					'import.xml': catalogLines,
					'offers.xml': offersLines
				});
			} finally {
				clearInterval(sampler);
			}
			const seconds = (performance.now() - t0) / 1000;
			const serverCpu = cpuSeconds(pid) - cpu0;
			const rawSeconds = await rawInsert(databaseUrl);
			const same = await sameRowsInsert(databaseUrl, marks);
			return {
				measurements: [],
				summary: {
					goods: GOODS,
					serverHeapCapMiB: heapMiB || 'none',
					fileMiB: round2(result.bytes / 1024 / 1024),
					exchangeSeconds: round2(seconds),
					serverCpuSeconds: round2(serverCpu),
					importCalls: result.calls,
					serverRssBeforeMiB: round2(before.rss),
					serverPeakRssMiB: round2(peak),
					serverPeakRssGrowthMiB: round2(peak - before.rss),
					rawInsertSeconds: round2(rawSeconds),
					ratio: Number((rawSeconds / seconds).toFixed(3)),
					goalMet: rawSeconds / seconds >= IMPORT_RATIO_GOAL,
					sameRowsInsertSeconds: round2(same.seconds),
					sameRowsRatio: Number((same.seconds / seconds).toFixed(3)),
					sameRowsGoalMet: same.seconds / seconds >= IMPORT_RATIO_GOAL,
					sameRows: Object.entries(same.rows)
						.map(([t, n]) => `${t} ${n}`)
						.join(', '),
					answers: result.answers.join(' | ')
				}
			};
		} finally {
			await server.close();
		}
	}
};
