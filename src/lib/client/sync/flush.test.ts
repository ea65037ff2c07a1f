/**
 * The device's sync code against the real server code and a real libSQL file: the page's
 * fetch is routed in-process to the Hono app, with the session cookie a browser would send.
 */
import 'fake-indexeddb/auto';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHarness, employee, signupOrg, type Harness } from '../../server/testing/harness';
import { MUTATIONS, type MutationName } from '../../domain/sync/registry';
import { db, durableDb } from './db';
import { flush } from './flush';
import { enqueue } from './outbox';

let h: Harness;
let admin: Awaited<ReturnType<typeof signupOrg>>;
let token: string;
let dropResponses = 0;
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
		const res = serverAhead
			? await atVersion(serverAhead.name, serverAhead.version, serverAhead.upgradePrevious, answer)
			: await answer();
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
