/**
 * The device's sync code against the real server code and a real libSQL file: the page's
 * fetch is routed in-process to the Hono app, with the session cookie a browser would send.
 */
import 'fake-indexeddb/auto';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHarness, employee, signupOrg, type Harness } from '../../server/testing/harness';
import { db, durableDb } from './db';
import { flush } from './flush';
import { enqueue } from './outbox';

let h: Harness;
let admin: Awaited<ReturnType<typeof signupOrg>>;
let token: string;
let dropResponses = 0;

beforeAll(async () => {
	h = await createHarness();
	admin = await signupOrg(h);
	token = admin.token;
	vi.stubGlobal('fetch', async (input: string | URL | Request, init?: RequestInit) => {
		const url = new URL(String(input instanceof Request ? input.url : input), 'http://localhost');
		const headers = new Headers(init?.headers);
		headers.set('cookie', `optio_session=${token}`);
		headers.set('sec-fetch-site', 'same-origin');
		const res = await h.api.request(url.toString(), { ...init, headers, signal: undefined });
		if (dropResponses > 0 && url.pathname === '/api/sync/push') {
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
});
