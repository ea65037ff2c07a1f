/**
 * insertRows: every value lands as it was sent, whichever form the statement takes (one JSON text
 * or a parameter per value), on an embedded libSQL file and through the remote client.
 */
import { createClient, type Client, type InValue } from '@libsql/client';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHranaServer } from '../testing/hrana-server';
import { insertRows } from './raw';

const dir = mkdtempSync(join(tmpdir(), 'optio-raw-'));
let remote: Awaited<ReturnType<typeof startHranaServer>>;

beforeAll(async () => {
	remote = await startHranaServer({ file: join(dir, 'remote.db') });
});
afterAll(async () => {
	await remote?.close();
	rmSync(dir, { recursive: true, force: true });
});

const clients: [string, () => Client][] = [
	['an embedded file', () => createClient({ url: `file:${join(dir, 'embedded.db')}` })],
	['a remote database', () => createClient({ url: remote.url })]
];

describe.each(clients)('insertRows on %s', (_name, connect) => {
	let db: Client;
	let n = 0;
	const table = () => `t${++n}`;
	beforeAll(() => {
		db = connect();
	});
	afterAll(() => db?.close());

	async function roundTrip(rows: InValue[][], tail = '', name = table()) {
		await db.execute(
			`CREATE TABLE IF NOT EXISTS ${name} (id TEXT PRIMARY KEY, txt TEXT, num INTEGER, dec REAL, flag INTEGER)`
		);
		await db.batch(insertRows(name, ['id', 'txt', 'num', 'dec', 'flag'], rows, tail), 'write');
		const back = await db.execute(`SELECT id, txt, num, dec, flag FROM ${name} ORDER BY rowid`);
		return back.rows.map((r) => Array.from(r as ArrayLike<InValue>));
	}

	it('keeps text, whole numbers, nulls and flags exactly', async () => {
		const rows: InValue[][] = [
			['a', 'Choy «Ahmad» 🍵 чой', 0, null, 1],
			['b', 'quote " backslash \\ tab \t newline \n', -9_007_199_254_740_991, null, 0],
			['c', null, 9_007_199_254_740_991, null, null],
			['d', '', 1_733_000_000_000, null, 1]
		];
		expect(await roundTrip(rows)).toEqual(rows);
	});

	it('keeps decimals exact (coordinates, amounts), even those SQLite reads off from JSON', async () => {
		// Each of these came back one unit in the last place off when read from a JSON text.
		const decimals = [321.875394, 200.875197, 0.1640913707800047, 4.175754121926865e-16, 41.311081];
		const rows: InValue[][] = decimals.map((d, i) => [`p${i}`, 'point', i, d, 0]);
		expect(await roundTrip(rows)).toEqual(rows);
	});

	it('takes an upsert tail and more rows than one statement holds', async () => {
		const name = table();
		const many: InValue[][] = Array.from({ length: 12_001 }, (_, i) => [
			`r${i}`,
			`v${i}`,
			i,
			null,
			0
		]);
		expect(await roundTrip(many, '', name)).toHaveLength(12_001);
		const again: InValue[][] = [
			['r5', 'changed', 50, null, 1],
			['new', 'added', 1, null, 0]
		];
		const after = await roundTrip(
			again,
			'ON CONFLICT (id) DO UPDATE SET txt = excluded.txt, num = excluded.num, flag = excluded.flag',
			name
		);
		expect(after).toHaveLength(12_002);
		expect(after[5]).toEqual(['r5', 'changed', 50, null, 1]);
		expect(after.at(-1)).toEqual(['new', 'added', 1, null, 0]);
	});
});
