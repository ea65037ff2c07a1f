/**
 * `npm run db:backup` and `npm run db:restore` (scripts/db-backup.js, scripts/db-restore.js),
 * run as the operator runs them: their own processes, against the file a live server writes.
 */
import { createClient } from '@libsql/client';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uuidv7 } from 'uuidv7';
import { afterEach, describe, expect, it } from 'vitest';
import { mutation, push } from '../sync/testing';
import { createHarness, signupOrg, type Harness } from '../testing/harness';

/** Runs an operator script with the environment an operator would give it. */
function runScript(script: string, args: string[], env: Record<string, string>) {
	return new Promise<{ code: number | null; output: string }>((resolve, reject) => {
		const child = spawn(process.execPath, [script, ...args], {
			env: { PATH: process.env.PATH ?? '', ...env },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let output = '';
		child.stdout.on('data', (d: Buffer) => (output += d.toString()));
		child.stderr.on('data', (d: Buffer) => (output += d.toString()));
		child.on('error', reject);
		child.on('exit', (code) => resolve({ code, output }));
	});
}

/** Row counts of every table and the integrity check's verdict, read from a closed file. */
async function inspect(path: string) {
	const client = createClient({ url: `file:${path}` });
	try {
		const verdict = (await client.execute('PRAGMA integrity_check')).rows[0]?.[0];
		const tables = await client.execute(
			"SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
		);
		const counts: Record<string, number> = {};
		for (const row of tables.rows) {
			const name = row[0];
			const rs = await client.execute(`SELECT count(*) FROM "${String(name)}"`);
			counts[String(name)] = Number(rs.rows[0]?.[0]);
		}
		const names = await client.execute("SELECT name FROM products WHERE name LIKE 'Backup %'");
		return { verdict, counts, productNames: names.rows.map((r) => String(r[0])) };
	} finally {
		client.close();
	}
}

/** Every table's row count through the server's own connection. */
async function liveCounts(h: Harness) {
	const tables = await h.deps.client.execute(
		"SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
	);
	const counts: Record<string, number> = {};
	for (const row of tables.rows) {
		const name = row[0];
		const rs = await h.deps.client.execute(`SELECT count(*) FROM "${String(name)}"`);
		counts[String(name)] = Number(rs.rows[0]?.[0]);
	}
	return counts;
}

let harness: Harness | undefined;
afterEach(async () => {
	await harness?.deps.close();
	harness = undefined;
});

describe('db:backup and db:restore', () => {
	it('backs up while the server writes and restores into a fresh folder what was there at that moment', async () => {
		const h = (harness = await createHarness());
		const org = await signupOrg(h);
		const dir = mkdtempSync(join(tmpdir(), 'optio-backup-'));
		const backupFile = join(dir, 'backups', 'optio-backup.db');

		// The server's state after each push: push n adds product "Backup n" (one transaction).
		const states: Record<string, number>[] = [await liveCounts(h)];
		const pushOne = async () => {
			const n = states.length;
			const id = uuidv7();
			const sku = `BK-${n}`;
			const res = await push(h, org.token, [
				mutation('product.upsert', { id, sku, name: `Backup ${n}`, unit: 'pcs' })
			]);
			expect(res.body.results[0].status).toBe('applied');
			states.push(await liveCounts(h));
		};
		for (let i = 0; i < 5; i++) await pushOne();

		let backupDone = false;
		const backup = runScript('scripts/db-backup.js', [backupFile], {
			DATABASE_URL: h.config.databaseUrl
		}).finally(() => (backupDone = true));
		const pushedBefore = states.length - 1;
		// The server keeps writing for as long as the backup runs (and a little after). Each turn
		// gives the event loop a pass: the in-process API and the embedded driver settle without
		// I/O, and the backup's exit must be heard.
		while (!backupDone) {
			await pushOne();
			await new Promise((r) => setImmediate(r));
		}
		await pushOne();
		const { code, output } = await backup;
		expect(output).toContain('integrity ok');
		expect(code).toBe(0);

		const copy = await inspect(backupFile);
		expect(copy.verdict).toBe('ok');
		// One moment: the pushes up to some n, every one of them and none after.
		const n = copy.productNames.length;
		expect(n).toBeGreaterThanOrEqual(pushedBefore);
		expect(n).toBeLessThan(states.length - 1);
		expect(copy.productNames.sort()).toEqual(
			Array.from({ length: n }, (_, i) => `Backup ${i + 1}`).sort()
		);
		expect(copy.counts).toEqual(states[n]);

		// Restore into a fresh folder, as on a new machine (DATA_DIR names it).
		const fresh = join(dir, 'restored');
		const restored = await runScript('scripts/db-restore.js', [backupFile], { DATA_DIR: fresh });
		expect(restored.output).toContain('integrity ok');
		expect(restored.code).toBe(0);
		const back = await inspect(join(fresh, 'optio.db'));
		expect(back.verdict).toBe('ok');
		expect(back.counts).toEqual(states[n]);
	});

	it('copies the photo folder beside the backup, so the copy holds the photos it names', async () => {
		const h = (harness = await createHarness());
		const dir = mkdtempSync(join(tmpdir(), 'optio-backup-photos-'));
		const photos = join(dir, 'photos');
		mkdirSync(join(photos, 'org-1'), { recursive: true });
		writeFileSync(join(photos, 'org-1', 'photo-1'), 'jpeg bytes');
		const backupFile = join(dir, 'backups', 'optio-photos.db');
		const { code, output } = await runScript('scripts/db-backup.js', [backupFile], {
			DATABASE_URL: h.config.databaseUrl,
			PHOTO_DIR: photos
		});
		expect(code, output).toBe(0);
		expect(readFileSync(join(`${backupFile}.photos`, 'org-1', 'photo-1'), 'utf8')).toBe(
			'jpeg bytes'
		);
	});

	it('refuses to restore over a database a server has open, and keeps the one it replaces', async () => {
		const h = (harness = await createHarness());
		const org = await signupOrg(h);
		const dir = mkdtempSync(join(tmpdir(), 'optio-backup-'));
		const live = { DATABASE_URL: h.config.databaseUrl };
		const older = join(dir, 'older.db');
		const newer = join(dir, 'newer.db');
		expect((await runScript('scripts/db-backup.js', [older], live)).code).toBe(0);
		const atOlder = await liveCounts(h);
		await push(h, org.token, [
			mutation('product.upsert', { id: uuidv7(), sku: 'LATER', name: 'Backup later', unit: 'pcs' })
		]);
		expect((await runScript('scripts/db-backup.js', [newer], live)).code).toBe(0);
		const atNewer = await liveCounts(h);
		expect(atNewer).not.toEqual(atOlder);

		// The live server's database stays as it is.
		const refused = await runScript('scripts/db-restore.js', [older], live);
		expect(refused.output).toContain('stop the server first');
		expect(refused.code).toBe(1);
		expect(await liveCounts(h)).toEqual(atNewer);

		// A stopped server's folder: the newer backup goes in, then the older one over it.
		const stopped = { DATA_DIR: join(dir, 'server') };
		expect((await runScript('scripts/db-restore.js', [newer], stopped)).code).toBe(0);
		const again = await runScript('scripts/db-restore.js', [older], stopped);
		expect(again.output).toContain('integrity ok');
		expect(again.code).toBe(0);
		expect((await inspect(join(dir, 'server', 'optio.db'))).counts).toEqual(atOlder);
		const kept = readdirSync(join(dir, 'server')).find((f) => f.includes('.before-restore-'));
		expect(kept).toBeDefined();
		expect((await inspect(join(dir, 'server', kept!))).counts).toEqual(atNewer);
	});
});
