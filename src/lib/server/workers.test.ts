/**
 * The Cloudflare Worker, proven: the bundle `wrangler deploy --dry-run` makes of worker/cron.js,
 * run in workerd (Miniflare) against a remote libSQL endpoint (the Hrana test server), the way it
 * runs in production against Turso. One build per run (beforeAll), one Worker for the file.
 */
import { createClient, type Client } from '@libsql/client';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignature } from '../domain/integrations/webhooks';
import { OWASP_ARGON2ID, verifyPassword } from './auth/password';
import { bundledMigrations } from './db/migrations';
import { createHarness } from './testing/harness';
import { startHranaServer, type HranaServer } from './testing/hrana-server';
import { buildWorkerBundle, startWorker, type RunningWorker } from './testing/worker-bundle';

const CRON_SECRET = 'cron-secret-for-tests';

let bundleDir: string | undefined;
let db: HranaServer;
let sql: Client;
let worker: RunningWorker;
let admin: { token: string; login: string };
const receiver = { hits: [] as { headers: IncomingHttpHeaders; body: string }[], url: '' };
let receiverServer: Server;

const json = async (res: Response) => {
	const text = await res.text();
	try {
		return { status: res.status, body: JSON.parse(text) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
	} catch {
		return { status: res.status, body: text as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
	}
};
const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const signupBody = (login: string, password = 'пароль надёжный 1') => ({
	organizationName: `Org ${login}`,
	name: `Admin ${login}`,
	login,
	password
});
const until = async (ok: () => boolean | Promise<boolean>) => {
	while (!(await ok())) await new Promise((r) => setTimeout(r, 20));
};

beforeAll(async () => {
	const bundle = await buildWorkerBundle();
	bundleDir = bundle.dir;
	db = await startHranaServer({
		file: join(mkdtempSync(join(tmpdir(), 'optio-worker-db-')), 'remote.db')
	});
	sql = createClient({ url: db.url });
	receiverServer = createServer((req, res) => {
		let body = '';
		req.on('data', (c: Buffer) => (body += c.toString('utf8')));
		req.on('end', () => {
			receiver.hits.push({ headers: req.headers, body });
			res.end('ok');
		});
	});
	await new Promise<void>((r) => receiverServer.listen(0, '127.0.0.1', r));
	receiver.url = `http://127.0.0.1:${(receiverServer.address() as AddressInfo).port}/hook`;
	worker = await startWorker(bundle, { DATABASE_URL: db.url, CRON_SECRET });
}, 900_000);

afterAll(async () => {
	await worker?.dispose();
	sql?.close();
	await db?.close();
	receiverServer?.close();
	if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
});

describe('the Worker bundle in workerd, on a remote libSQL database', { timeout: 120_000 }, () => {
	it('touches no database while loading, then migrates once at the first requests, even two at once', async () => {
		expect(db.requests()).toBe(0);
		const [a, b] = await Promise.all([
			worker.fetch('/api/auth/signup', { method: 'POST', json: signupBody('first-a') }),
			worker.fetch('/api/auth/signup', { method: 'POST', json: signupBody('first-b') })
		]);
		const first = await json(a);
		expect([first.status, (await json(b)).status]).toEqual([201, 201]);
		admin = { token: first.body.token, login: 'first-a' };

		const applied = await sql.execute('SELECT name FROM _migrations ORDER BY name');
		expect(applied.rows.map((r) => r.name)).toEqual(bundledMigrations.map((m) => m.name).sort());
		// Nothing was attempted at module scope, where Workers forbid I/O.
		expect(worker.logs.filter((l) => /global scope|not ready/i.test(l.message))).toEqual([]);
	});

	it('signs up and in with argon2id in WebAssembly, in the same PHC format Node verifies', async () => {
		const ok = await json(
			await worker.fetch('/api/auth/login', {
				method: 'POST',
				json: { login: 'first-a', password: 'пароль надёжный 1' }
			})
		);
		expect(ok.status).toBe(200);
		const wrong = await json(
			await worker.fetch('/api/auth/login', {
				method: 'POST',
				json: { login: 'first-a', password: 'пароль надёжный 2' }
			})
		);
		expect(wrong).toMatchObject({ status: 401, body: { error: { code: 'invalid_credentials' } } });

		// Made in the Worker, verified on Node (native)…
		const row = await sql.execute({
			sql: 'SELECT password_hash FROM users WHERE login = ?',
			args: ['first-a']
		});
		const stored = String(row.rows[0]!.password_hash);
		expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
		expect(await verifyPassword('пароль надёжный 1', stored)).toBe(true);

		// …and made on Node, verified in the Worker.
		const node = await createHarness({ databaseUrl: db.url, passwordParams: OWASP_ARGON2ID });
		try {
			const made = await node.call(
				'POST',
				'/api/auth/signup',
				signupBody('made-on-node', 'Node parol 9')
			);
			expect(made.status).toBe(201);
		} finally {
			node.close();
		}
		const signIn = await worker.fetch('/api/auth/login', {
			method: 'POST',
			json: { login: 'made-on-node', password: 'Node parol 9' }
		});
		expect(signIn.status).toBe(200);
	});

	it('takes a push of catalog mutations and a sale, pulls them back, and the cron trigger delivers a signed webhook', async () => {
		const hook = await json(
			await worker.fetch('/api/integrations/webhooks', {
				method: 'POST',
				headers: auth(admin.token),
				json: { url: receiver.url, events: ['receipt.posted'] }
			})
		);
		expect(hook.status).toBe(201);

		const product = uuidv7();
		const warehouse = uuidv7();
		const receipt = uuidv7();
		const saleId = uuidv7();
		const m = (name: string, args: unknown) => ({
			id: uuidv7(),
			name,
			args,
			createdAt: Date.now()
		});
		const mutations = [
			m('product.upsert', { id: product, sku: 'TEA-W', name: 'Tea (worker)', unit: 'pcs' }),
			m('price.set', { productId: product, price: 12_000 }),
			m('warehouse.upsert', { id: warehouse, name: 'Main (worker)', kind: 'branch' }),
			m('document.save', {
				id: receipt,
				type: 'receipt',
				warehouseId: warehouse,
				lines: [{ productId: product, qty: 10 }]
			}),
			m('document.post', { id: receipt }),
			m('sale.create', {
				id: saleId,
				warehouseId: warehouse,
				lines: [{ productId: product, qty: 2 }],
				payments: [{ method: 'cash', amount: 24_000 }]
			})
		];
		const pushed = await json(
			await worker.fetch('/api/sync/push', {
				method: 'POST',
				headers: auth(admin.token),
				json: { clientId: 'worker-test', mutations }
			})
		);
		expect(pushed.status).toBe(200);
		expect(pushed.body.results.map((r: { status: string }) => r.status)).toEqual(
			mutations.map(() => 'applied')
		);

		const pulled = await json(
			await worker.fetch('/api/sync/pull?limit=1000', { headers: auth(admin.token) })
		);
		expect(pulled.status).toBe(200);
		const ids = new Set(
			(pulled.body.changes as { op: string; row?: { id: string } }[]).map((c) => c.row?.id)
		);
		for (const id of [product, warehouse, saleId]) expect(ids).toContain(id);

		await worker.scheduled();
		await until(() => receiver.hits.length > 0);
		const [hit] = receiver.hits;
		expect(hit!.headers['optio-event']).toBe('receipt.posted');
		expect(
			verifySignature(
				hook.body.secret,
				String(hit!.headers['optio-signature']),
				hit!.body,
				Math.floor(Date.now() / 1000)
			)
		).toBe(true);
		expect(JSON.parse(hit!.body)).toMatchObject({ event: 'receipt.posted' });
	});

	it('keeps photos in the R2 bucket bound in wrangler.toml, and gives them back', async () => {
		const bytes = new Uint8Array(4000).map((_, i) => (i * 31) % 251);
		bytes.set([0xff, 0xd8, 0xff, 0xe0]);
		const put = () =>
			worker.fetch('/api/photos/worker-photo-1', {
				method: 'PUT',
				headers: { ...auth(admin.token), 'content-type': 'image/jpeg' },
				body: bytes as never
			});
		expect((await put()).status).toBe(201);
		expect((await put()).status).toBe(200);
		const me = await json(await worker.fetch('/api/me', { headers: auth(admin.token) }));
		const bucket = await worker.mf.getR2Bucket('PHOTOS');
		const stored = await bucket.get(`${me.body.user.organizationId}/worker-photo-1`);
		expect(new Uint8Array(await stored!.arrayBuffer())).toEqual(bytes);
		const back = await worker.fetch('/api/photos/worker-photo-1', { headers: auth(admin.token) });
		expect(back.status).toBe(200);
		expect(new Uint8Array(await back.arrayBuffer())).toEqual(bytes);
	});

	it('keeps /api/health answering while a flood of wrong passwords arrives, and answers every sign-in', async () => {
		// In a Worker the WebAssembly hash runs on the isolate's thread, so hashes never overlap
		// and the queue rarely fills; what matters is that other requests get their turn between
		// them, and that no sign-in is lost (more than 20 at once used to hang in the DB client).
		let settled = 0;
		const flood = Array.from({ length: 30 }, (_, i) =>
			worker
				.fetch('/api/auth/login', {
					method: 'POST',
					headers: { 'cf-connecting-ip': `198.51.100.${i + 1}` },
					json: { login: `nobody-${i}`, password: `guess ${i}` }
				})
				.then(async (res) => {
					settled++;
					return { ...(await json(res)), retryAfter: res.headers.get('retry-after') };
				})
		);
		const health = await worker.fetch('/api/health');
		expect(health.status).toBe(200);
		expect(settled).toBeLessThan(30);
		const answers = await Promise.all(flood);
		for (const a of answers) {
			if (a.status === 429) {
				expect(a.body.error.code).toBe('too_many_attempts');
				expect(Number(a.retryAfter)).toBeGreaterThan(0);
			} else {
				expect(a).toMatchObject({ status: 401, body: { error: { code: 'invalid_credentials' } } });
			}
		}
		expect(answers.filter((a) => a.status === 401).length).toBeGreaterThan(0);
	});

	it('answers 503 `unavailable`, never 500, on every route while the database is unreachable', async () => {
		await db.close();
		const routes: [string, string, unknown?][] = [
			['GET', '/api/me'],
			['GET', '/api/branches'],
			['GET', '/api/sync/pull'],
			['POST', '/api/sync/push', { clientId: 'worker-test', mutations: [] }],
			['POST', '/api/auth/login', { login: 'first-a', password: 'пароль надёжный 1' }],
			['POST', '/api/auth/signup', signupBody('too-late')]
		];
		// A token the Worker has not seen yet: a recently checked one is answered from memory.
		const fresh = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
		for (const [method, path, body] of routes) {
			const res = await json(
				await worker.fetch(path, { method, headers: auth(fresh), json: body })
			);
			expect({ path, ...res }).toEqual({
				path,
				status: 503,
				body: { error: { code: 'unavailable', message: expect.any(String) } }
			});
		}
		const health = await json(await worker.fetch('/api/health'));
		expect(health).toMatchObject({ status: 503, body: { status: 'error', db: 'unreachable' } });
	});
});
