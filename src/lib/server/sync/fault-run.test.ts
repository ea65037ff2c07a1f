/**
 * The fault run, automated against the real server process: several devices, each with its own
 * session, push sales, stock documents and catalog edits with ids made on the device, while the
 * server is killed with SIGKILL (its whole process group) mid-push and started again on the
 * same database file. Each device keeps what was not acknowledged and sends it again, as the
 * app's outbox does (src/lib/client/sync/flush.ts, transport.ts). Afterwards: every mutation
 * was applied exactly once, every balance is the sum of its movements and what the devices
 * moved, and the file passes SQLite's integrity check.
 */
import { createClient } from '@libsql/client';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	ensureBuilt,
	freePort,
	killAll,
	startServer,
	type ServerProcess
} from '../testing/server-process';

/** As the app: at most this many mutations a push (flush.ts PUSH_BATCH). */
const DEVICE_BATCH = 100;
const KILLS = 2;
/** Mutations acknowledged after a (re)start before the next kill. */
const KILL_AFTER = 60;
/** A bound on each device's work, should the kills never come. */
const MAX_ROUNDS = 80;
const PASSWORD = 'fault run password';

interface Mutation {
	id: string;
	name: string;
	args: Record<string, unknown>;
	createdAt: number;
}

const mutation = (name: string, args: Record<string, unknown>): Mutation => ({
	id: uuidv7(),
	name,
	args,
	createdAt: Date.now()
});
const T0 = Date.now();
const trace = (...a: unknown[]) => {
	if (process.env.FAULT_TRACE) console.log(((Date.now() - T0) / 1000).toFixed(1), ...a);
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pick = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)]!;
const between = (lo: number, hi: number) => lo + Math.floor(Math.random() * (hi - lo + 1));

let dir: string;
let databaseUrl: string;
let port: number;
let server: ServerProcess | undefined;

beforeAll(async () => {
	// The end-to-end step's build when it is current; otherwise one build here.
	await ensureBuilt();
	dir = mkdtempSync(join(tmpdir(), 'optio-fault-'));
	databaseUrl = `file:${join(dir, 'fault.db')}`;
	port = await freePort();
}, 900_000);

afterAll(async () => {
	await killAll();
	rmSync(dir, { recursive: true, force: true });
});

describe('the server killed mid-push, several devices retrying', () => {
	it('applies every mutation exactly once and keeps balances equal to their movements', async () => {
		trace('start');
		server = await startServer({ port, databaseUrl });
		trace('started');
		const outputs: string[] = [];
		const base = () => server!.baseURL;
		const json = async (res: Response) => {
			const body = (await res.json()) as Record<string, unknown>;
			if (!res.ok) throw new Error(`${res.status}: ${JSON.stringify(body)}`);
			return body;
		};
		const post = (path: string, body: unknown, token?: string) =>
			fetch(`${base()}${path}`, {
				method: 'POST',
				headers: {
					'content-type': 'application/json',
					...(token && { authorization: `Bearer ${token}` })
				},
				body: JSON.stringify(body)
			});

		// The organization: two branch warehouses, a cashier's store, products with prices,
		// opening stock. Pushed before any kill, and checked applied.
		const tag = Date.now().toString(36);
		const signup = await json(
			await post('/api/auth/signup', {
				organizationName: 'Fault Run LLC',
				name: 'Fault Admin',
				login: `fault-admin-${tag}`,
				password: PASSWORD
			})
		);
		const adminToken = signup.token as string;
		const branchId = (signup.user as { branchId: string }).branchId;
		const people: Record<string, string> = {};
		for (const role of ['storekeeper', 'cashier']) {
			const { employee } = (await json(
				await post(
					'/api/employees',
					{
						name: `Fault ${role}`,
						login: `fault-${role}-${tag}`,
						password: PASSWORD,
						role,
						branchId
					},
					adminToken
				)
			)) as { employee: { id: string } };
			people[role] = employee.id;
		}
		const [main, second, store] = [uuidv7(), uuidv7(), uuidv7()];
		const supplier = uuidv7();
		const products = Array.from({ length: 6 }, () => uuidv7());
		/** Expected milli per `warehouse product`, from every movement pushed. */
		const model = new Map<string, number>();
		const move = (warehouseId: string, productId: string, qty: number) => {
			const key = `${warehouseId} ${productId}`;
			model.set(key, (model.get(key) ?? 0) + qty * 1000);
		};
		const documents: Mutation[] = [];
		const doc = (args: Record<string, unknown>) => {
			const save = mutation('document.save', { id: uuidv7(), ...args });
			documents.push(save);
			for (const l of args.lines as { productId: string; qty: number }[]) {
				if (args.type === 'receipt') move(args.warehouseId as string, l.productId, l.qty);
				if (args.type === 'transfer') {
					move(args.warehouseId as string, l.productId, -l.qty);
					move(args.toWarehouseId as string, l.productId, l.qty);
				}
			}
			return [save, mutation('document.post', { id: save.args.id })];
		};
		const setup = [
			mutation('counterparty.upsert', { id: supplier, name: 'Supplier', kind: 'supplier' }),
			...products.flatMap((id, i) => [
				mutation('product.upsert', { id, sku: `FR-${i}`, name: `Fault product ${i}`, unit: 'pcs' }),
				mutation('price.set', { productId: id, price: 100_000 * (i + 1) })
			]),
			mutation('warehouse.upsert', { id: main, name: 'Main', kind: 'branch', branchId }),
			mutation('warehouse.upsert', { id: second, name: 'Second', kind: 'branch', branchId }),
			mutation('warehouse.upsert', {
				id: store,
				name: 'Store',
				kind: 'store',
				branchId,
				ownerId: people.cashier
			}),
			...doc({
				type: 'receipt',
				warehouseId: main,
				counterpartyId: supplier,
				lines: products.map((productId) => ({ productId, qty: 1000 }))
			}),
			...doc({
				type: 'receipt',
				warehouseId: store,
				counterpartyId: supplier,
				lines: products.map((productId) => ({ productId, qty: 500 }))
			})
		];
		trace('employees');
		const setupAnswer = (await json(
			await post('/api/sync/push', { clientId: 'fault-setup', mutations: setup }, adminToken)
		)) as { results: { status: string }[] };
		expect(setupAnswer.results.map((r) => r.status)).toEqual(setup.map(() => 'applied'));

		// Six devices, each signed in on its own: the admin's two, the storekeeper's two, the
		// cashier's two.
		const roles = ['admin', 'admin', 'storekeeper', 'storekeeper', 'cashier', 'cashier'] as const;
		const devices: { i: number; role: (typeof roles)[number]; token: string; clientId: string }[] =
			[];
		for (const [i, role] of roles.entries()) {
			const login = await json(
				await post('/api/auth/login', { login: `fault-${role}-${tag}`, password: PASSWORD })
			);
			devices.push({ i, role, token: login.token as string, clientId: `fault-device-${i}` });
		}

		trace('signed in');
		/** Work a device does in one round, as the mutations its screens would queue. */
		const newProducts: string[] = [];
		const sales: Mutation[] = [];
		const work = (role: (typeof roles)[number]): Mutation[] => {
			if (role === 'admin') {
				const id = uuidv7();
				newProducts.push(id);
				const sku = `FR-${id.slice(-12)}`;
				return [
					mutation('product.upsert', { id, sku, name: `New ${sku}`, unit: 'pcs' }),
					mutation('price.set', { productId: id, price: between(1, 99) * 10_000 }),
					// An edit of the same product: a second upsert, applied once like any other.
					mutation('product.upsert', { id, sku, name: `Renamed ${sku}`, unit: 'pcs' })
				];
			}
			if (role === 'storekeeper') {
				return [
					...doc({
						type: 'receipt',
						warehouseId: main,
						counterpartyId: supplier,
						lines: [{ productId: pick(products), qty: between(1, 20) }]
					}),
					...doc({
						type: 'transfer',
						warehouseId: main,
						toWarehouseId: second,
						lines: [{ productId: pick(products), qty: between(1, 5) }]
					})
				];
			}
			const lines = [{ productId: pick(products), qty: between(1, 3) }];
			for (const l of lines) move(store, l.productId, -l.qty);
			const sale = mutation('sale.create', {
				id: uuidv7(),
				warehouseId: store,
				lines,
				payments: [{ method: 'cash', amount: 100_000_000 }]
			});
			sales.push(sale);
			return [sale];
		};

		const statuses = new Map<string, string[]>();
		const pushed: { token: string; m: Mutation }[] = [];
		let inFlight = 0;
		let interrupted = 0;
		let refusedConnections = 0;
		const serverErrors: string[] = [];

		/** One push as the app's transport sends it: undefined on a transient failure. */
		const send = async (token: string, clientId: string, batch: Mutation[]) => {
			inFlight++;
			try {
				const res = await fetch(`${base()}/api/sync/push`, {
					method: 'POST',
					headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
					body: JSON.stringify({ clientId, mutations: batch }),
					signal: AbortSignal.timeout(30_000)
				});
				if (res.status >= 500 || res.status === 429 || res.status === 408) {
					if (res.status !== 503) serverErrors.push(`${res.status} ${await res.text()}`);
					return undefined;
				}
				const body = (await res.json()) as { results: { id: string; status: string }[] };
				expect(res.status, JSON.stringify(body)).toBe(200);
				return body.results;
			} catch (err) {
				const code = (err as { cause?: { code?: string } }).cause?.code;
				if (code === 'ECONNREFUSED') refusedConnections++;
				else interrupted++;
				return undefined;
			} finally {
				inFlight--;
			}
		};

		let kills = 0;
		let idle = 0;
		/** Acknowledged since the server last started: each kill comes after real work. */
		let sinceStart = 0;
		const working = () => kills < KILLS || sinceStart < KILL_AFTER;

		const runDevice = async (device: (typeof devices)[number]) => {
			const outbox: Mutation[] = [];
			for (let round = 0; (working() && round < MAX_ROUNDS) || outbox.length; round++) {
				// The person works on, online or not: new work joins the outbox.
				if (working() && round < MAX_ROUNDS) {
					const queued = work(device.role);
					outbox.push(...queued);
					pushed.push(...queued.map((m) => ({ token: device.token, m })));
				}
				// A flush: the oldest pending first, at most a batch a push, until none is left or
				// the server does not answer (then the next round tries again, a little later).
				while (outbox.length) {
					const batch = outbox.slice(0, DEVICE_BATCH);
					const results = await send(device.token, device.clientId, batch);
					if (!results) {
						await sleep(between(100, 300));
						break;
					}
					for (const r of results) {
						statuses.set(r.id, [...(statuses.get(r.id) ?? []), r.status]);
						const at = outbox.findIndex((m) => m.id === r.id);
						if (at >= 0) outbox.splice(at, 1);
						sinceStart++;
					}
				}
				// A person's pace: a few actions a second, not a flood while the server is away.
				await sleep(between(40, 120));
			}
			idle++;
		};

		const killer = async () => {
			while (kills < KILLS) {
				// Mid-push: after some work on this start, at a moment a push is in flight.
				while (sinceStart < KILL_AFTER || inFlight === 0) {
					if (idle === devices.length) return; // every device gave up: the check below fails
					await sleep(2);
				}
				const dying = server!;
				trace('kill', kills + 1, 'in flight', inFlight);
				await dying.kill();
				outputs.push(dying.output());
				server = await startServer({ port, databaseUrl });
				sinceStart = 0;
				kills++;
				trace('restarted', kills);
			}
		};
		await Promise.all([killer(), ...devices.map(runDevice)]);
		trace('devices done', pushed.length);
		expect(kills).toBe(KILLS);

		// Every mutation was answered, never refused, and applied at most once; one never seen
		// applied had its answer lost (the server died after committing) and came back duplicate.
		for (const { m } of pushed) {
			const seen = statuses.get(m.id) ?? [];
			expect(seen.length, `${m.name} ${m.id} was never acknowledged`).toBeGreaterThan(0);
			expect(
				seen.filter((s) => s !== 'applied' && s !== 'duplicate'),
				m.name
			).toEqual([]);
			expect(seen.filter((s) => s === 'applied').length, m.name).toBeLessThanOrEqual(1);
		}
		// Sent once more, each is known: the server kept the record with the effect.
		for (const device of devices) {
			const own = pushed.filter((p) => p.token === device.token).map((p) => p.m);
			for (let i = 0; i < own.length; i += DEVICE_BATCH) {
				const batch = own.slice(i, i + DEVICE_BATCH);
				const results = await send(device.token, device.clientId, batch);
				expect(results?.map((r) => r.status)).toEqual(batch.map(() => 'duplicate'));
			}
		}
		expect(serverErrors).toEqual([]);
		// The kills hit pushes in flight, not only an idle server.
		expect(interrupted).toBeGreaterThan(0);
		await server!.kill();
		outputs.push(server!.output());
		server = undefined;
		for (const out of outputs) {
			expect(out).not.toMatch(/^unhandled\b/m);
			expect(out).not.toMatch(/answered 5(?!03)\d\d:/);
		}

		// The file, read directly.
		const db = createClient({ url: databaseUrl });
		try {
			const one = async (sql: string, args: (string | number)[] = []) =>
				(await db.execute({ sql, args })).rows;
			expect(await one('PRAGMA integrity_check')).toEqual([
				expect.objectContaining({ integrity_check: 'ok' })
			]);
			const orgId = (await one("SELECT id FROM organizations WHERE name = 'Fault Run LLC'"))[0]!
				.id as string;
			const count = async (sql: string) => Number((await one(sql, [orgId]))[0]!.n);
			// One idempotency record per distinct mutation id: the setup's and the devices'.
			expect(
				await count('SELECT count(*) AS n FROM applied_mutations WHERE organization_id = ?')
			).toBe(setup.length + new Set(pushed.map((p) => p.m.id)).size);
			expect(await count('SELECT count(*) AS n FROM products WHERE organization_id = ?')).toBe(
				products.length + newProducts.length
			);
			expect(
				await count('SELECT count(*) AS n FROM stock_documents WHERE organization_id = ?')
			).toBe(documents.length);
			expect(
				await count(
					"SELECT count(*) AS n FROM stock_documents WHERE organization_id = ? AND status = 'posted'"
				)
			).toBe(documents.length);
			expect(
				await count('SELECT count(*) AS n FROM sales_receipts WHERE organization_id = ?')
			).toBe(sales.length);
			// Each number given once.
			expect(
				await count(
					'SELECT count(*) AS n FROM (SELECT number FROM stock_documents WHERE organization_id = ? GROUP BY number HAVING count(*) > 1)'
				)
			).toBe(0);
			// Every balance is the sum of its movements, and both are what the devices moved.
			const sums = await one(
				`SELECT warehouse_id, product_id, sum(milli) AS milli FROM stock_movements
				 WHERE organization_id = ? GROUP BY warehouse_id, product_id`,
				[orgId]
			);
			const balances = await one(
				'SELECT warehouse_id, product_id, milli FROM stock_balances WHERE organization_id = ?',
				[orgId]
			);
			const asMap = (rows: typeof sums) =>
				new Map(rows.map((r) => [`${r.warehouse_id} ${r.product_id}`, Number(r.milli)]));
			expect(asMap(balances)).toEqual(asMap(sums));
			expect(asMap(sums)).toEqual(model);
		} finally {
			db.close();
		}
		console.info(
			`fault run: ${pushed.length} mutations from ${devices.length} devices, ${KILLS} kills; ` +
				`${interrupted} pushes cut off mid-flight, ${refusedConnections} refused while down, ` +
				`${[...statuses.values()].filter((s) => !s.includes('applied')).length} applied unseen (answer lost)`
		);
	}, 360_000);
});
