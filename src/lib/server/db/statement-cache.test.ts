/**
 * The embedded database keeps its prepared statements (`#statement-cache`): what it answers must
 * be what a fresh statement would answer, whatever happened on the connection in between.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from './client';

let dir: string | undefined;
let database: Database | undefined;

function open(): Database {
	dir = mkdtempSync(join(tmpdir(), 'optio-stmt-'));
	database = openDatabase(`file:${join(dir, 'db.sqlite')}`);
	return database;
}

afterEach(() => {
	database?.client.close();
	if (dir) rmSync(dir, { recursive: true, force: true });
	database = undefined;
	dir = undefined;
});

describe('kept statements on the embedded database', () => {
	it('read a column a migration added after the same SELECT ran', async () => {
		const { client } = open();
		await client.executeMultiple(
			"CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL); INSERT INTO t VALUES (1, 'a');"
		);
		const before = await client.execute('SELECT * FROM t ORDER BY id');
		expect(before.columns).toEqual(['id', 'v']);

		// As the migrator does it (one statement at a time), and as a script does (executeMultiple).
		await client.execute("ALTER TABLE t ADD COLUMN w TEXT NOT NULL DEFAULT 'x'");
		const after = await client.execute('SELECT * FROM t ORDER BY id');
		expect(after.columns).toEqual(['id', 'v', 'w']);
		expect({ ...after.rows[0] }).toEqual({ id: 1, v: 'a', w: 'x' });

		await client.executeMultiple("ALTER TABLE t ADD COLUMN z TEXT NOT NULL DEFAULT 'y';");
		const again = await client.execute('SELECT * FROM t ORDER BY id');
		expect(again.columns).toEqual(['id', 'v', 'w', 'z']);
		expect({ ...again.rows[0] }).toEqual({ id: 1, v: 'a', w: 'x', z: 'y' });
	});

	it('run again after a refused write, and a rolled-back transaction leaves nothing', async () => {
		const { client } = open();
		await client.execute('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
		const insert = (id: number, v: string | null) =>
			client.execute({ sql: 'INSERT INTO t VALUES (?, ?)', args: [id, v] });
		await insert(1, 'a');
		await expect(insert(1, 'dup')).rejects.toThrow(/UNIQUE|PRIMARY/);
		await expect(insert(2, null)).rejects.toThrow(/NOT NULL/);
		await insert(2, 'b');

		const tx = await client.transaction('write');
		await tx.execute({ sql: 'INSERT INTO t VALUES (?, ?)', args: [3, 'c'] });
		await tx.rollback();
		await client.batch([{ sql: 'INSERT INTO t VALUES (?, ?)', args: [4, 'd'] }], 'write');

		const rows = await client.execute({
			sql: 'SELECT id, v FROM t WHERE id >= ? ORDER BY id',
			args: [0]
		});
		expect(rows.rows.map((r) => [r.id, r.v])).toEqual([
			[1, 'a'],
			[2, 'b'],
			[4, 'd']
		]);
		const some = await client.execute({
			sql: 'SELECT id, v FROM t WHERE id >= ? ORDER BY id',
			args: [2]
		});
		expect(some.rows.map((r) => r.id)).toEqual([2, 4]);
	});
});
