/**
 * The device's sync code against the real server code and a real libSQL file: the page's
 * fetch is routed in-process to the Hono app, with the session cookie a browser would send.
 */
import 'fake-indexeddb/auto';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHarness, employee, signupOrg, type Harness } from '../../server/testing/harness';
import { mutation, push as serverPush } from '../../server/sync/testing';
import { PUSH_BATCH_BYTES } from '../../domain/sync/batch';
import { MAX_PUSH_BYTES } from '../../domain/sync/protocol';
import { MUTATIONS, type MutationName } from '../../domain/sync/registry';
import { db, durableDb, type OutboxEntry } from './db';
import { flush, plans, push } from './flush';
import { enqueue } from './outbox';
import { RefusedError } from './transport';

let h: Harness;
let admin: Awaited<ReturnType<typeof signupOrg>>;
let token: string;
let dropResponses = 0;
/** A proxy in front of the server that refuses push bodies over this many bytes (413). */
let proxyLimit: number | null = null;
/** A proxy that answers every push with this status (a misrouted or misconfigured server). */
let proxyStatus: number | null = null;
/** Each push request as it left the device: its body's size, the mutations, the answer. */
let pushes: { bytes: number; ids: string[]; status: number }[] = [];
/** The server's code for one mutation while it answers, when it is newer than the device's. */
let serverAhead: { name: MutationName; version: number; upgradePrevious?: Upgrade } | null = null;

type Upgrade = (args: unknown) => unknown;
type Versioned = { version: number; upgradePrevious?: Upgrade };

/** Runs `fn` with a mutation at another version (both sides share the registry in-process). */
async function atVersion<T>(
	name: MutationName,
	version: number,
	upgradePrevious: Upgrade | undefined,
	fn: () => Promise<T>
): Promise<T> {
	const def = MUTATIONS[name] as Versioned;
	const saved = { version: def.version, upgradePrevious: def.upgradePrevious };
	Object.assign(def, { version, upgradePrevious });
	try {
		return await fn();
	} finally {
		Object.assign(def, saved);
	}
}

beforeAll(async () => {
	h = await createHarness();
	admin = await signupOrg(h);
	token = admin.token;
	vi.stubGlobal('fetch', async (input: string | URL | Request, init?: RequestInit) => {
		const url = new URL(String(input instanceof Request ? input.url : input), 'http://localhost');
		const headers = new Headers(init?.headers);
		headers.set('cookie', `optio_session=${token}`);
		headers.set('sec-fetch-site', 'same-origin');
		const answer = async () =>
			h.api.request(url.toString(), { ...init, headers, signal: undefined });
		const isPush = url.pathname === '/api/sync/push';
		const body = isPush ? String(init?.body) : '';
		const bytes = new TextEncoder().encode(body).length;
		const ids = isPush
			? (JSON.parse(body) as { mutations: { id: string }[] }).mutations.map((m) => m.id)
			: [];
		const refused = isPush
			? (proxyStatus ?? (proxyLimit !== null && bytes > proxyLimit ? 413 : null))
			: null;
		if (refused) {
			pushes.push({ bytes, ids, status: refused });
			// What a proxy such as nginx answers: an HTML page, not the API's JSON.
			return new Response('<html><body>Request refused</body></html>', {
				status: refused,
				headers: { 'content-type': 'text/html' }
			});
		}
		const res = serverAhead
			? await atVersion(serverAhead.name, serverAhead.version, serverAhead.upgradePrevious, answer)
			: await answer();
		if (isPush) pushes.push({ bytes, ids, status: res.status });
		if (dropResponses > 0 && isPush) {
			// The server committed, but the answer never reached the device.
			dropResponses--;
			throw new TypeError('Failed to fetch');
		}
		return res;
	});
});

afterAll(() => {
	vi.unstubAllGlobals();
	h.close();
});

beforeEach(async () => {
	await Promise.all(db.tables.map((t) => t.clear()));
	proxyLimit = proxyStatus = null;
	pushes = [];
});

const ctx = () => ({ userId: admin.user.id as string, branchId: admin.branchId });

async function serverTradePoints(asToken: string) {
	const seen = new Map<string, { name: string }>();
	let cursor: string | undefined;
	for (;;) {
		const res = await h.call(
			'GET',
			`/api/sync/pull${cursor ? `?cursor=${cursor}` : ''}`,
			undefined,
			{ token: asToken }
		);
		for (const c of res.body.changes) {
			if (c.table !== 'tradePoints') continue;
			if (c.op === 'put') seen.set(c.row.id, c.row);
			else seen.delete(c.id);
		}
		cursor = res.body.cursor;
		if (!res.body.hasMore) return seen;
	}
}

// Loaded as the page loads them (engine.svelte.ts), when a round has work for them.
plans.load = () => import('./outbox');

describe('device sync against the server', () => {
	it('sends queued work once and pulls the server rows back', async () => {
		const id = uuidv7();
		await enqueue('tradePoint.upsert', { id, name: 'Chorsu kiosk' }, ctx());
		const report = await flush(ctx());
		expect(report.pushed).toBe(1);
		expect(await durableDb.outbox.count()).toBe(0);
		const local = await db.tradePoints.get(id);
		expect(local?.version).toBeGreaterThan(0);
		expect((await serverTradePoints(token)).get(id)?.name).toBe('Chorsu kiosk');
	});

	it('retries after a lost answer without making a second record', async () => {
		const id = uuidv7();
		await enqueue('tradePoint.upsert', { id, name: 'Lost answer shop' }, ctx());
		dropResponses = 1;
		await expect(flush(ctx())).rejects.toThrow();
		expect(await durableDb.outbox.count()).toBe(1);
		const report = await flush(ctx());
		expect(report.pushed).toBe(1);
		const points = [...(await serverTradePoints(token)).values()].filter(
			(p) => p.name === 'Lost answer shop'
		);
		expect(points).toHaveLength(1);
	});

	it('keeps a refused mutation with its reason, undoes its effect, and goes on with the rest', async () => {
		const rep = await employee(h, admin.token, 'rep', admin.branchId);
		const before = token;
		token = rep.token;
		const repCtx = { userId: rep.id, branchId: admin.branchId };
		const refused = uuidv7();
		await enqueue(
			'product.upsert',
			{ id: refused, sku: 'R-1', name: 'Not for reps', unit: 'pcs' },
			repCtx
		);
		const report = await flush(repCtx);
		token = before;
		expect(report.rejected).toHaveLength(1);
		const [entry] = await durableDb.outbox.toArray();
		expect(entry).toMatchObject({ status: 'rejected', error: { code: 'forbidden' } });
		expect(await db.products.get(refused)).toBeUndefined();
		await durableDb.outbox.clear();
	});

	it('keeps work the server needs a newer app for, and sends it once the app has updated', async () => {
		const id = uuidv7();
		await enqueue('tradePoint.upsert', { id, name: 'Made by the old app' }, ctx());
		const rename: Upgrade = (args) => args; // version 2 reads version 1's args as they are
		serverAhead = { name: 'tradePoint.upsert', version: 3, upgradePrevious: rename };
		const old = await flush(ctx());
		expect(old.updateRequired).toBe(true);
		expect(await durableDb.outbox.toArray()).toMatchObject([{ status: 'pending', v: 1 }]);
		expect((await db.tradePoints.get(id))?.name).toBe('Made by the old app');

		// The service worker brings version 2; the server, now at 2, takes version 1 as the previous.
		serverAhead = null;
		const updated = await atVersion('tradePoint.upsert', 2, rename, () => flush(ctx()));
		expect(updated).toMatchObject({ pushed: 1, updateRequired: false });
		expect(await durableDb.outbox.count()).toBe(0);
		expect((await serverTradePoints(token)).get(id)?.name).toBe('Made by the old app');
	});

	it('refuses, with its reason, work the updated app can no longer send', async () => {
		const id = uuidv7();
		await enqueue('tradePoint.upsert', { id, name: 'Two releases ago' }, ctx());
		const report = await atVersion(
			'tradePoint.upsert',
			3,
			(a) => a,
			() => flush(ctx())
		);
		expect(report.updateRequired).toBe(false);
		const [entry] = await durableDb.outbox.toArray();
		expect(entry).toMatchObject({ status: 'rejected', error: { code: 'update_required' } });
		expect(await db.tradePoints.get(id)).toBeUndefined();
		expect((await serverTradePoints(token)).has(id)).toBe(false);
		await durableDb.outbox.clear();
	});
});

describe('pushes the server refuses as a whole', () => {
	/** An outbox entry as an older or broken app could have left it (no local effect). */
	async function queued(name: string, args: unknown, createdAt = Date.now()): Promise<string> {
		const entry: OutboxEntry = {
			id: uuidv7(),
			name,
			v: 1,
			args,
			createdAt,
			status: 'pending',
			attempts: 0,
			snapshots: [],
			userId: ctx().userId
		};
		await durableDb.outbox.add(entry);
		return entry.id;
	}
	const tradePoint = (name: string) =>
		enqueue('tradePoint.upsert', { id: uuidv7(), name }, ctx()).then(
			(e) => e.args as { id: string }
		);

	it('sends fifteen saves of a 2,000-line stocktake, and the sale made after them', async () => {
		// An organization of its own: 2,000 products, one of them priced, and a warehouse.
		const big = await signupOrg(h, 'Stocktake Org');
		const before = token;
		token = big.token;
		const bigCtx = { userId: big.user.id as string, branchId: big.branchId };
		const products = Array.from({ length: 2000 }, () => uuidv7());
		const warehouseId = uuidv7();
		const setup = [
			...products.map((id, i) =>
				mutation('product.upsert', { id, sku: `ST-${i}`, name: `Counted ${i}`, unit: 'pcs' })
			),
			mutation('price.set', { productId: products[0], price: 5_000 }),
			mutation('warehouse.upsert', { id: warehouseId, name: 'Main store', kind: 'branch' })
		];
		for (let i = 0; i < setup.length; i += 500) {
			const res = await serverPush(h, big.token, setup.slice(i, i + 500));
			expect(res.status).toBe(200);
		}
		try {
			// Offline all day: the storekeeper saves the count fifteen times, then sells.
			const documentId = uuidv7();
			for (let save = 0; save < 15; save++) {
				await enqueue(
					'document.save',
					{
						id: documentId,
						type: 'stocktake',
						warehouseId,
						toWarehouseId: null,
						counterpartyId: null,
						reason: null,
						comment: `Count, save ${save + 1}`,
						lines: products.map((productId, i) => ({ productId, qty: (i + save) % 40, cost: null }))
					},
					bigCtx
				);
			}
			const saleId = uuidv7();
			const sale = await enqueue(
				'sale.create',
				{
					id: saleId,
					warehouseId,
					lines: [{ productId: products[0]!, qty: 1 }],
					payments: [{ method: 'cash', amount: 5_000 }]
				},
				bigCtx
			);

			const report = await push(bigCtx);
			expect(report).toMatchObject({ pushed: 16, rejected: [] });
			expect(await durableDb.outbox.count()).toBe(0);
			// Each request stayed under the server's limit, so none was refused.
			expect(pushes.length).toBeGreaterThan(1);
			expect(pushes.every((p) => p.status === 200 && p.bytes <= MAX_PUSH_BYTES)).toBe(true);
			expect(pushes.at(-1)!.ids).toContain(sale.id);
			const receipts = await serverPull(big.token, 'receipts');
			expect(receipts.has(saleId)).toBe(true);
			const documents = await serverPull(big.token, 'stockDocuments');
			expect(documents.get(documentId)).toMatchObject({ comment: 'Count, save 15' });
		} finally {
			token = before;
		}
	}, 90_000); // 30,000 lines through the real server: seconds, more on a loaded machine

	it('halves what a proxy refuses as too large, and sets aside the one change it never takes', async () => {
		// A proxy with a 3 KB limit in front of the server (nginx's default is 1 MiB).
		proxyLimit = 3_000;
		const first = [await tradePoint('Proxy kiosk 1'), await tradePoint('Proxy kiosk 2')];
		const documentId = uuidv7();
		await enqueue(
			'document.save',
			{
				id: documentId,
				type: 'writeoff',
				warehouseId: uuidv7(),
				reason: 'Damaged',
				lines: Array.from({ length: 60 }, () => ({ productId: uuidv7(), qty: 1 }))
			},
			ctx()
		);
		expect(await db.stockDocuments.get(documentId)).toBeDefined();
		const after = [await tradePoint('Proxy kiosk 3'), await tradePoint('Proxy kiosk 4')];

		const report = await flush(ctx());
		expect(report.pushed).toBe(4);
		const [kept] = await durableDb.outbox.toArray();
		expect(kept).toMatchObject({
			name: 'document.save',
			status: 'rejected',
			error: { code: 'payload_too_large', onDevice: true, bytes: expect.any(Number) }
		});
		expect(kept!.error!.bytes).toBeGreaterThan(3_000);
		// Its local effect is undone, as for a change the server refuses.
		expect(await db.stockDocuments.get(documentId)).toBeUndefined();
		const points = await serverTradePoints(token);
		for (const p of [...first, ...after]) expect(points.has(p.id)).toBe(true);
		// No request the proxy refused was ever sent again as it was.
		const refused = pushes.filter((p) => p.status === 413).map((p) => p.ids.join());
		expect(new Set(refused).size).toBe(refused.length);
		expect(pushes.filter((p) => p.ids.join() === refused.at(-1))).toHaveLength(1);
		await durableDb.outbox.clear();
	});

	it('sets aside, before sending, a change larger than any push may be', async () => {
		const huge = await queued('tradePoint.upsert', {
			id: uuidv7(),
			name: 'x'.repeat(PUSH_BATCH_BYTES)
		});
		const later = await tradePoint('After the huge one');
		const report = await flush(ctx());
		expect(report.pushed).toBe(1);
		expect(await durableDb.outbox.get(huge)).toMatchObject({
			status: 'rejected',
			error: { code: 'payload_too_large', onDevice: true }
		});
		expect(pushes.flatMap((p) => p.ids)).not.toContain(huge);
		expect((await serverTradePoints(token)).has(later.id)).toBe(true);
		await durableDb.outbox.clear();
	});

	it('narrows a request refused as bad (400) down to the one change, kept with the server’s reason', async () => {
		const a = await tradePoint('Before the bad one');
		// A change the server's envelope check refuses for the whole request: its clock reads < 0.
		const bad = await queued('tradePoint.upsert', { id: uuidv7(), name: 'Bad clock' }, -1);
		const c = await tradePoint('After the bad one');

		const report = await flush(ctx());
		expect(report.pushed).toBe(2);
		expect(report.rejected.map((e) => e.id)).toEqual([bad]);
		const entry = await durableDb.outbox.get(bad);
		expect(entry).toMatchObject({
			status: 'rejected',
			error: { code: 'validation', onDevice: true }
		});
		expect(Object.keys(entry!.error!.fields ?? {})).toEqual(['mutations.0.createdAt']);
		const points = await serverTradePoints(token);
		expect(points.has(a.id) && points.has(c.id)).toBe(true);
		// Each request with the bad change in it went once; the bad one alone was the last of them.
		const withBad = pushes.filter((p) => p.ids.includes(bad));
		expect(withBad.every((p) => p.status === 400)).toBe(true);
		expect(withBad.at(-1)!.ids).toEqual([bad]);
		await durableDb.outbox.clear();
	});

	it('keeps every change pending when the refusal is no change’s fault (404 from the whole server)', async () => {
		proxyStatus = 404;
		const a = await tradePoint('Waits for the server');
		const attempt = flush(ctx());
		await expect(attempt).rejects.toBeInstanceOf(RefusedError);
		await expect(attempt).rejects.toMatchObject({ status: 404 });
		expect(pushes).toHaveLength(1);
		expect(await durableDb.outbox.toArray()).toMatchObject([{ status: 'pending' }]);
		expect(await db.tradePoints.get(a.id)).toBeDefined();

		proxyStatus = null;
		expect((await flush(ctx())).pushed).toBe(1);
	});
});

async function serverPull(asToken: string, table: string) {
	const seen = new Map<string, Record<string, unknown>>();
	let cursor: string | undefined;
	for (;;) {
		const res = await h.call(
			'GET',
			`/api/sync/pull?limit=5000${cursor ? `&cursor=${cursor}` : ''}`,
			undefined,
			{ token: asToken }
		);
		for (const c of res.body.changes) {
			if (c.table !== table) continue;
			if (c.op === 'put') seen.set(c.row.id, c.row);
			else seen.delete(c.id);
		}
		cursor = res.body.cursor;
		if (!res.body.hasMore) return seen;
	}
}
