/**
 * The production server's life as a process: `npm start`, a push, SIGTERM in the middle of it,
 * every process gone, a restart, and the device's retry of the same push.
 */
import { expect, test } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uuidv7 } from 'uuidv7';
import { DEMO_PASSWORD } from './helpers';
import {
	api,
	integrityCheck,
	killLeftovers,
	openDatabaseFile,
	startServer,
	walBytes,
	type ServerProcess
} from './server-process';

// Starting a server seeds a fresh demo database: slow on a busy machine.
test.setTimeout(240_000);
test.afterEach(killLeftovers);

/** True while some connection holds the database's write lock (a push's transaction is open). */
async function writerActive(dataDir: string) {
	const db = openDatabaseFile(dataDir);
	try {
		await db.execute('PRAGMA busy_timeout = 0');
		await db.executeMultiple('BEGIN IMMEDIATE; ROLLBACK;');
		return false;
	} catch (err) {
		if (/SQLITE_BUSY|locked/i.test(String(err))) return true;
		throw err;
	} finally {
		db.close();
	}
}

async function signIn(server: ServerProcess, login: string) {
	const res = await api(server, 'POST', '/api/auth/login', { login, password: DEMO_PASSWORD });
	expect(res.status).toBe(200);
	return res.body.token as string;
}

test('SIGTERM in the middle of a push: the push is kept or retried once, every process ends, the database is whole', async () => {
	const dataDir = mkdtempSync(join(tmpdir(), 'optio-prod-'));
	let server = await startServer(dataDir);

	// What production must not send: a CORS header that lets any site read answers.
	for (const path of ['/', '/api/health']) {
		const res = await fetch(server.baseURL + path);
		expect(res.ok).toBe(true);
		expect(res.headers.get('access-control-allow-origin')).toBeNull();
	}

	const token = await signIn(server, 'admin');
	const pulled = await api(server, 'GET', '/api/sync/pull?limit=5000', undefined, token);
	expect(pulled.status).toBe(200);
	const rows = (table: string) =>
		(pulled.body.changes as { table: string; op: string; row: Record<string, unknown> }[])
			.filter((c) => c.table === table && c.op === 'put')
			.map((c) => c.row);
	const warehouse = rows('warehouses').find((w) => w.name === 'Tashkent warehouse')!;
	const products = rows('products').slice(0, 10);
	expect(warehouse).toBeDefined();

	// A device's outbox: 400 draft receipts of 10 lines, sent as one batch (one transaction).
	const documentIds = Array.from({ length: 400 }, () => uuidv7());
	const body = {
		clientId: 'device-under-sigterm',
		mutations: documentIds.map((id) => ({
			id: uuidv7(),
			name: 'document.save',
			args: {
				id,
				type: 'receipt',
				warehouseId: warehouse.id,
				lines: products.map((p) => ({ productId: p.id, qty: 1 }))
			},
			createdAt: Date.now()
		}))
	};

	const first = api(server, 'POST', '/api/sync/push', body, token).catch((err: Error) => err);
	let settled = false;
	void first.then(() => (settled = true));
	// SIGTERM once the push's transaction is open (the database's write lock is taken).
	await expect
		.poll(async () => settled || (await writerActive(dataDir)), { timeout: 60_000 })
		.toBe(true);
	const midPush = !settled;
	server.signal('SIGTERM');
	const answer = await first;
	const goneAfter = await server.gone(15_000);
	expect(goneAfter).toBeLessThan(15_000);
	// The database was checkpointed and closed: nothing left in a write-ahead log.
	expect(walBytes(dataDir)).toBe(0);
	expect(await integrityCheck(dataDir)).toBe('ok');

	const drained = !(answer instanceof Error) && answer.status === 200;
	if (drained) {
		// The push in flight was let finish: every mutation applied, answered before the exit.
		expect(answer.body.results.map((r: { status: string }) => r.status)).toEqual(
			documentIds.map(() => 'applied')
		);
	}
	test.info().annotations.push({
		type: 'shutdown',
		description: `signal ${midPush ? 'during' : 'after'} the push; ${drained ? 'drained and answered' : 'connection cut'}; all processes gone in ${goneAfter} ms`
	});

	// The device retries the same batch after the restart.
	server = await startServer(dataDir);
	const retry = await api(server, 'POST', '/api/sync/push', body, token);
	expect(retry.status).toBe(200);
	const statuses = retry.body.results.map((r: { status: string }) => r.status);
	expect(statuses).toEqual(documentIds.map(() => (drained ? 'duplicate' : statuses[0])));
	expect(['applied', 'duplicate']).toContain(statuses[0]);

	// Each document exists once.
	const after = await api(server, 'GET', '/api/sync/pull?limit=5000', undefined, token);
	const saved = (after.body.changes as { table: string; row: { id: string } }[]).filter(
		(c) => c.table === 'stockDocuments' && documentIds.includes(c.row.id)
	);
	expect(new Set(saved.map((c) => c.row.id)).size).toBe(documentIds.length);

	server.signal('SIGTERM');
	expect(await server.gone(15_000)).toBeLessThan(15_000);
	expect(walBytes(dataDir)).toBe(0);
	expect(await integrityCheck(dataDir)).toBe('ok');
	expect(server.output()).toContain('"msg":"stopped"');
});
