/**
 * A pull page whose rows SQLite wrote as JSON is the page the pull sent before (rows through
 * drizzle, `toRow` and `JSON.stringify`), byte for byte, for every source and every scope, on an
 * embedded database file (pull-round-trips.test.ts checks the same on a remote libSQL endpoint).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYNCED_TABLES } from '../../domain/sync/rows';
import { validateSessionToken } from '../auth/session';
import { createHarness, type Harness } from '../testing/harness';
import { pullPage } from './pull';
import { expectPageAsToRow, seedEveryTable } from './testing-seed';

let h: Harness;
let seeded: Awaited<ReturnType<typeof seedEveryTable>>;

beforeAll(async () => {
	h = await createHarness();
	seeded = await seedEveryTable(h);
}, 120_000);

afterAll(async () => {
	await h?.close();
});

/** Every page of a first download `limit` at a time, each checked against the old construction. */
async function download(token: string, limit: number) {
	const auth = (await validateSessionToken(h.deps.db, token))!;
	const bodies: string[] = [];
	const tables = new Set<string>();
	let cursor: string | undefined;
	for (;;) {
		const body = await pullPage(h.deps.db, auth, seeded.org.user.organizationId, cursor, limit);
		const page = await expectPageAsToRow(h, seeded.org.user.organizationId, body);
		bodies.push(body);
		for (const c of page.changes) tables.add(c.op === 'put' ? c.table : `${c.table}:delete`);
		cursor = page.cursor;
		if (!page.hasMore) return { text: bodies.join('\n'), tables };
	}
}

describe('a pull page written by SQLite', () => {
	it.each([
		['an administrator', () => seeded.org.token, [...SYNCED_TABLES], true],
		['a manager of a branch', () => seeded.manager.token, [...SYNCED_TABLES], true],
		[
			"a rep with their own van's stock",
			() => seeded.rep.token,
			SYNCED_TABLES.filter((t) => t !== 'shortages'),
			false
		]
	] as const)(
		'is the page toRow and JSON.stringify made, for %s',
		async (_, token, expected, all) => {
			for (const limit of [1000, 4]) {
				const { text, tables } = await download(token(), limit);
				// Every source was compared, and the forms SQLite would print otherwise are in it:
				expect([...tables].sort()).toEqual([...expected, 'prices:delete'].sort());
				for (const form of [
					/"lat":41\.31112345678901,/, // a REAL SQLite prints in 15 digits (41.311123456789)
					/"packSize":12,/, // a whole REAL: 12, not 12.0
					/"attributes":\{\}\}/, // a JSON column as JSON, not as text
					/"qty":0\.5\}/, // a quantity from thousandths
					/"qty":2\.5,/,
					/"active":true,/, // booleans
					/"isDefault":false,/,
					/"fiscal":\{"state":"fiscal"/, // a stamped receipt…
					// …and one without `fiscal` (another seller's, out of the rep's sight)
					...(all ? [/"soldAt":\d+\}\}/] : []),
					/"categoryId":null,/ // nulls
				])
					expect(form.test(text), `${form} in the pages`).toBe(true);
			}
		}
	);
});
