/**
 * The pull's round-trip budget: one page costs at most one database round trip, whatever the
 * caller's scope, counted where it matters — at a remote libSQL endpoint (the Hrana test server,
 * as Turso is in production), where every request is a network round trip. A query per source
 * (54 requests a page before this test existed) fails it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYNCED_TABLES } from '../../domain/sync/rows';
import { validateSessionToken } from '../auth/session';
import { createHarness, employee, signupOrg, type Harness } from '../testing/harness';
import { startHranaServer, type HranaServer } from '../testing/hrana-server';
import { pullPage } from './pull';
import { expectPageAsToRow, seedEveryTable } from './testing-seed';

let remote: HranaServer;
let h: Harness;
let org: Awaited<ReturnType<typeof signupOrg>>;
let manager: Awaited<ReturnType<typeof employee>>;
let rep: Awaited<ReturnType<typeof employee>>;

beforeAll(async () => {
	remote = await startHranaServer({
		file: join(mkdtempSync(join(tmpdir(), 'optio-pull-trips-')), 'remote.db')
	});
	h = await createHarness({ databaseUrl: remote.url });
	({ org, manager, rep } = await seedEveryTable(h));
}, 120_000);

afterAll(async () => {
	await h?.close();
	await remote?.close();
});

/** Pulls everything `limit` at a time, counting the remote requests each page makes. */
async function pageByPage(token: string, limit: number) {
	const auth = (await validateSessionToken(h.deps.db, token))!;
	const trips: number[] = [];
	const tables = new Set<string>();
	let cursor: string | undefined;
	for (;;) {
		const before = remote.requests();
		const body = await pullPage(h.deps.db, auth, org.user.organizationId, cursor, limit);
		trips.push(remote.requests() - before);
		// Over the remote path too, each page is what toRow and JSON.stringify made.
		const page = await expectPageAsToRow(h, org.user.organizationId, body);
		for (const c of page.changes) tables.add(c.op === 'put' ? c.table : `${c.table}:delete`);
		cursor = page.cursor;
		if (!page.hasMore) return { trips, tables };
	}
}

const ALL: string[] = [...SYNCED_TABLES, 'prices:delete'];

describe('a pull page over a remote database', () => {
	it.each([
		['an administrator', () => org.token, ALL],
		['a manager of a branch', () => manager.token, ALL],
		["a rep with their own van's stock", () => rep.token, ALL.filter((t) => t !== 'shortages')]
	] as const)(
		'costs one round trip per page for %s, page after page',
		async (_, token, expected) => {
			const { trips, tables } = await pageByPage(token(), 4);
			expect(trips.length).toBeGreaterThan(3);
			expect(
				trips.every((n) => n <= 1),
				`round trips per page: ${trips.join(', ')}`
			).toBe(true);
			// The seed reaches every table the scope syncs, so every source was asked.
			expect([...tables].sort()).toEqual([...expected].sort());
		}
	);

	it('costs one round trip for a whole first download in one page', async () => {
		const { trips } = await pageByPage(org.token, 1000);
		expect(trips).toEqual([1]);
	});

	it('costs one more behind GET /api/sync/pull only while the session is not cached', async () => {
		const trips = async () => {
			const before = remote.requests();
			const res = await h.call('GET', '/api/sync/pull?limit=5', undefined, { token: rep.token });
			expect(res.status).toBe(200);
			return remote.requests() - before;
		};
		h.deps.sessionCache.clear();
		// The session lookup (one query joining the session, user, role and organization), then the page.
		expect(await trips()).toBe(2);
		expect(await trips()).toBe(1);
	});
});
