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
