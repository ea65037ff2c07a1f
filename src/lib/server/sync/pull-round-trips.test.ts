/**
 * The pull's round-trip budget: one page costs at most one database round trip, whatever the
 * caller's scope, counted where it matters — at a remote libSQL endpoint (the Hrana test server,
 * as Turso is in production), where every request is a network round trip. A query per source
 * (54 requests a page before this test existed) fails it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYNCED_TABLES } from '../../domain/sync/rows';
import { dayOf } from '../../domain/time';
import { validateSessionToken } from '../auth/session';
import { createHarness, employee, signupOrg, type Harness } from '../testing/harness';
import { startHranaServer, type HranaServer } from '../testing/hrana-server';
import { pullPage } from './pull';
import { mutation, push } from './testing';

let remote: HranaServer;
let h: Harness;
let org: Awaited<ReturnType<typeof signupOrg>>;
let manager: Awaited<ReturnType<typeof employee>>;
let rep: Awaited<ReturnType<typeof employee>>;

/** Pushes as `token` and insists every mutation applied (the seed must be whole). */
async function applied(token: string, mutations: ReturnType<typeof mutation>[]) {
	const res = await push(h, token, mutations);
	expect(res.status).toBe(200);
	for (const r of res.body.results)
		expect(r, JSON.stringify(r)).toMatchObject({ status: 'applied' });
}

beforeAll(async () => {
	remote = await startHranaServer({
		file: join(mkdtempSync(join(tmpdir(), 'optio-pull-trips-')), 'remote.db')
	});
	h = await createHarness({ databaseUrl: remote.url });
	org = await signupOrg(h);
	const other = (await h.call('POST', '/api/branches', { name: 'Bukhara' }, { token: org.token }))
		.body.branch.id as string;
	manager = await employee(h, org.token, 'manager', org.branchId);
	rep = await employee(h, org.token, 'rep', org.branchId);
	const res = await h.call(
		'PATCH',
		'/api/organization/settings',
		{ negativeStockPolicy: 'allow_and_flag' },
		{ token: org.token }
	);
	expect(res.status).toBe(200);

	// A row in every synced table, in both branches, some the rep's own and some not.
	const category = uuidv7();
	const tea = uuidv7();
	const rice = uuidv7();
	const customer = uuidv7();
	const kiosk = uuidv7();
	const far = uuidv7();
	const main = uuidv7();
	const van = uuidv7();
	const water = uuidv7();
	const otherStore = uuidv7();
	const template = uuidv7();
	const visit = uuidv7();
	await applied(org.token, [
		mutation('category.upsert', { id: category, name: 'Drinks' }),
		mutation('product.upsert', {
			id: tea,
			sku: 'TEA',
			name: 'Tea',
			unit: 'pcs',
			categoryId: category,
			barcodes: ['4780000000017']
		}),
		mutation('product.upsert', { id: rice, sku: 'RICE', name: 'Rice', unit: 'kg' }),
		// Marked water: receiving a unit records its marking code's state.
		mutation('product.upsert', {
			id: water,
			sku: 'WATER',
			name: 'Water',
			unit: 'pcs',
			gtin: '4780000012345',
			marking: 'water',
			packSize: 12,
			photoId: uuidv7()
		}),
		mutation('price.set', { productId: tea, price: 12_000 }),
		mutation('price.set', { productId: rice, price: 9_000 }),
		mutation('priceList.upsert', { id: uuidv7(), name: 'Kiosks', channels: ['kiosk'] }),
		mutation('counterparty.upsert', { id: customer, name: 'Kiosk 7 LLC', kind: 'customer' }),
		mutation('tradePoint.upsert', {
			id: kiosk,
			name: 'Kiosk 7',
			counterpartyId: customer,
			channel: 'kiosk',
			branchId: org.branchId,
			location: { lat: 41.3111, lng: 69.2797, source: 'manual' }
		}),
		mutation('tradePoint.upsert', { id: far, name: 'Far shop', branchId: other }),
		mutation('warehouse.upsert', { id: main, name: 'Main', kind: 'branch' }),
		mutation('warehouse.upsert', { id: van, name: 'Van', kind: 'van', ownerId: rep.id }),
		mutation('warehouse.upsert', {
			id: otherStore,
			name: 'Bukhara store',
			kind: 'branch',
			branchId: other
		}),
		mutation('promotion.upsert', {
			id: uuidv7(),
			name: 'Tea −10%',
			kind: 'percent',
			percent: 10,
			productIds: [tea]
		}),
		mutation('route.upsert', {
			id: uuidv7(),
			name: 'Monday',
			repId: rep.id,
			weekdays: [1],
			stops: [kiosk]
		}),
		mutation('assortment.set', {
			id: uuidv7(),
			scope: 'channel',
			channel: 'kiosk',
			lines: [{ productId: tea, mustSell: true }]
		}),
		mutation('target.set', { id: uuidv7(), repId: rep.id, month: '2026-11', visits: 40 }),
		mutation('taskTemplate.upsert', {
			id: template,
			name: 'Shelf check',
			questions: [{ id: 'clean', kind: 'yesno', label: 'Fridge clean?', required: true }],
			productIds: [tea],
			channels: ['kiosk'],
			tradePointIds: [],
			routeIds: [],
			period: 'visit',
			weight: 1,
			required: false
		})
	]);
	for (const [warehouseId, qty] of [
		[main, 40],
		[van, 10],
		[otherStore, 5]
	] as const) {
		const id = uuidv7();
		await applied(org.token, [
			mutation('document.save', {
				id,
				type: 'receipt',
				warehouseId,
				lines: [
					{ productId: tea, qty },
					{ productId: rice, qty: 2.5 },
					// (01) GTIN-14, (21) a 13-character serial, GS, (93) a check: one unit of water.
					{
						productId: water,
						qty: 1,
						marks: [`010478000001234521${warehouseId.replace(/-/g, '').slice(-13)}\x1d93AbC1`]
					}
				]
			}),
			mutation('document.post', { id })
		]);
	}
	// The rep sells from the van on credit, takes an order, collects a payment, visits, and
	// writes off more than the van holds (a shortage).
	const writeoff = uuidv7();
	await applied(rep.token, [
		mutation('sale.create', {
			id: uuidv7(),
			warehouseId: van,
			tradePointId: kiosk,
			lines: [{ productId: tea, qty: 3 }],
			payments: [{ method: 'cash', amount: 10_000 }]
		}),
		mutation('order.create', {
			id: uuidv7(),
			tradePointId: kiosk,
			lines: [{ productId: rice, qty: 4 }]
		}),
		mutation('payment.collect', {
			id: uuidv7(),
			counterpartyId: customer,
			method: 'cash',
			amount: 5_000
		}),
		mutation('visit.checkIn', { id: visit, tradePointId: kiosk, at: Date.now() }),
		mutation('visitTask.submit', {
			id: uuidv7(),
			visitId: visit,
			templateId: template,
			answers: { clean: true },
			products: [
				{
					productId: tea,
					present: true,
					facings: 3,
					shelfPrice: 13_000,
					expirySoon: false,
					competitor: null,
					competitorPrice: null
				}
			],
			at: Date.now()
		}),
		mutation('document.save', {
			id: writeoff,
			type: 'writeoff',
			warehouseId: van,
			reason: 'Broken in transit',
			lines: [{ productId: tea, qty: 20 }]
		}),
		mutation('document.post', { id: writeoff }),
		// …and closes the day: the van's 13 teas short counted as none, the cash whatever it is.
		mutation('dayClose.submit', {
			id: uuidv7(),
			warehouseId: van,
			date: dayOf(Date.now(), 'Asia/Tashkent').date,
			lines: [
				{ productId: tea, counted: 0, reason: 'count_error' },
				{ productId: rice, counted: 2.5 },
				{ productId: water, counted: 1 }
			],
			cashCounted: 0,
			cashReason: 'lost',
			comment: null
		})
	]);
	// A sale the rep does not see (another seller, another warehouse), and a tombstone.
	await applied(org.token, [
		mutation('sale.create', {
			id: uuidv7(),
			warehouseId: main,
			lines: [{ productId: rice, qty: 1 }],
			payments: [{ method: 'card', amount: 9_000 }]
		}),
		mutation('price.set', { productId: rice, price: null })
	]);
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
		const page = await pullPage(h.deps.db, auth, org.user.organizationId, cursor, limit);
		trips.push(remote.requests() - before);
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
