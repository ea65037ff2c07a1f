/**
 * The 1C exchange at scale: a generated catalog of 20,000 goods in 100 groups (import.xml) and
 * its offers (a price and a stock quantity each, offers.xml), sent through /api/1c/exchange as
 * 1C sends them (checkauth, init, files in file_limit parts, import until success), timed from
 * the first part to the last `success`, with the process's peak memory while it runs (the
 * server runs in this process). Against it, in the same run: the same rows (categories,
 * products, prices, balances) written with raw multi-row SQL into a fresh libSQL file with the
 * same tables and indexes. The ratio is raw time over the exchange's time (goal ≥ 0.3).
 */
import { uuidv7 } from 'uuidv7';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { mutation, pushAll, round2 } from './push-client';
import type { Section } from './section';

let GOODS = 20_000;
const GROUPS = 100;
const WAREHOUSE_1C = 'bench-warehouse-1c';
const PRICE_TYPE = 'bench-price-type';

function catalogXml(): string {
	const out = [
		'<?xml version="1.0" encoding="UTF-8"?>',
		'<КоммерческаяИнформация xmlns="urn:1C.ru:commerceml_2" ВерсияСхемы="2.07">',
		'<Классификатор><Ид>bench</Ид><Наименование>Bench</Наименование><Группы>'
	];
	for (let g = 0; g < GROUPS; g++) {
		out.push(`<Группа><Ид>group-${g}</Ид><Наименование>Группа ${g}</Наименование></Группа>`);
	}
	out.push('</Группы></Классификатор><Каталог СодержитТолькоИзменения="false"><Товары>');
	for (let i = 0; i < GOODS; i++) {
		out.push(
			`<Товар><Ид>good-${i}</Ид><Штрихкод>${String(4_600_000_000_000 + i)}</Штрихкод><Артикул>B-${i}</Артикул>` +
				`<Наименование>Товар для замера №${i}</Наименование><БазоваяЕдиница Код="796" НаименованиеПолное="Штука"/>` +
				`<Группы><Ид>group-${i % GROUPS}</Ид></Группы></Товар>`
		);
	}
	out.push('</Товары></Каталог></КоммерческаяИнформация>');
	return out.join('\n');
}

function offersXml(): string {
	const out = [
		'<?xml version="1.0" encoding="UTF-8"?>',
		'<КоммерческаяИнформация xmlns="urn:1C.ru:commerceml_2" ВерсияСхемы="2.07">',
		'<ПакетПредложений СодержитТолькоИзменения="false">',
		`<ТипыЦен><ТипЦены><Ид>${PRICE_TYPE}</Ид><Наименование>Оптовая</Наименование><Валюта>UZS</Валюта></ТипЦены></ТипыЦен>`,
		`<Склады><Склад><Ид>${WAREHOUSE_1C}</Ид><Наименование>Основной</Наименование></Склад></Склады>`,
		'<Предложения>'
	];
	for (let i = 0; i < GOODS; i++) {
		out.push(
			`<Предложение><Ид>good-${i}</Ид><Наименование>Товар для замера №${i}</Наименование>` +
				`<Цены><Цена><ИдТипаЦены>${PRICE_TYPE}</ИдТипаЦены><ЦенаЗаЕдиницу>${1000 + (i % 977)}.50</ЦенаЗаЕдиницу></Цена></Цены>` +
				`<Количество>${1 + (i % 50)}</Количество><Склад ИдСклада="${WAREHOUSE_1C}" КоличествоНаСкладе="${1 + (i % 50)}"/></Предложение>`
		);
	}
	out.push('</Предложения></ПакетПредложений></КоммерческаяИнформация>');
	return out.join('\n');
}

async function oneC(baseURL: string, token: string, files: Record<string, Uint8Array>) {
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
	for (const [filename, bytes] of Object.entries(files)) {
		for (let i = 0; i < bytes.length; i += limit) {
			await call('file', { filename }, bytes.subarray(i, i + limit), cookie);
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
	return { calls, answers };
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

export const onecImport: Section = {
	name: 'onec-import',
	description: `1C exchange of ${GOODS} goods with offers vs raw inserts of the same rows`,
	async run({ baseURL, token, databaseUrl, flags }) {
		if (typeof flags.goods === 'string') GOODS = Number(flags.goods);
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
		const files = {
			'import.xml': new TextEncoder().encode(catalogXml()),
			'offers.xml': new TextEncoder().encode(offersXml())
		};
		const bytes = files['import.xml'].length + files['offers.xml'].length;
		global.gc?.();
		const rssBefore = process.memoryUsage().rss;
		let peak = rssBefore;
		const sampler = setInterval(() => {
			peak = Math.max(peak, process.memoryUsage().rss);
		}, 50);
		const t0 = performance.now();
		let result;
		try {
			result = await oneC(baseURL, exchangeToken, files);
		} finally {
			clearInterval(sampler);
		}
		const seconds = (performance.now() - t0) / 1000;
		const rawSeconds = await rawInsert(databaseUrl);
		return {
			measurements: [],
			summary: {
				goods: GOODS,
				fileMiB: round2(bytes / 1024 / 1024),
				exchangeSeconds: round2(seconds),
				importCalls: result.calls,
				peakRssMiB: round2(peak / 1024 / 1024),
				peakRssGrowthMiB: round2((peak - rssBefore) / 1024 / 1024),
				rawInsertSeconds: round2(rawSeconds),
				ratio: Number((rawSeconds / seconds).toFixed(3)),
				goalMet: rawSeconds / seconds >= 0.3,
				answers: result.answers.join(' | ')
			}
		};
	}
};
