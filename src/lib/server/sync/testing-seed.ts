/**
 * A seeded organization with a row in every synced table (for the pull's tests): both branches,
 * some rows a rep's own and some not, a tombstone, a stamped receipt and one not stamped, a
 * quantity in thousandths, coordinates with 17 significant digits, a whole REAL (a pack of 12).
 */
import { getTableName } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { expect } from 'vitest';
import { SIGNED_STAMP } from '../../domain/fiscal/testing';
import type { PullResponse } from '../../domain/sync/protocol';
import type { Change } from '../../domain/sync/rows';
import { dayOf } from '../../domain/time';
import { rawStatements } from '../db/raw';
import { employee, signupOrg, type Harness } from '../testing/harness';
import { S } from './pull';
import { mutation, push } from './testing';

export async function seedEveryTable(h: Harness) {
	/** Pushes as `token` and insists every mutation applied (the seed must be whole). */
	async function applied(token: string, mutations: ReturnType<typeof mutation>[]) {
		const res = await push(h, token, mutations);
		expect(res.status).toBe(200);
		for (const r of res.body.results)
			expect(r, JSON.stringify(r)).toMatchObject({ status: 'applied' });
	}

	const org = await signupOrg(h);
	const other = (await h.call('POST', '/api/branches', { name: 'Bukhara' }, { token: org.token }))
		.body.branch.id as string;
	const manager = await employee(h, org.token, 'manager', org.branchId);
	const rep = await employee(h, org.token, 'rep', org.branchId);
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
			// Coordinates a phone reports: 16–17 significant digits (SQLite prints 15).
			location: { lat: 41.31112345678901, lng: 69.27970000000001, source: 'manual' }
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
	const vanSale = uuidv7();
	await applied(rep.token, [
		mutation('sale.create', {
			id: vanSale,
			warehouseId: van,
			tradePointId: kiosk,
			lines: [
				{ productId: tea, qty: 3 },
				{ productId: rice, qty: 0.5 }
			],
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
				{ productId: rice, counted: 2 },
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
		mutation('price.set', { productId: rice, price: null }),
		// The van's sale stamped by the till (a receipt with `fiscal`; the other has none).
		mutation('receipt.fiscalize', {
			receiptId: vanSale,
			stamp: SIGNED_STAMP
		})
	]);
	return { org, manager, rep };
}

/**
 * A pull page's text (`body`) against the page as the pull built it before SQLite wrote its rows:
 * every row read back by `SELECT *`, mapped by drizzle's column mappings and its source's `toRow`,
 * and the whole response through `JSON.stringify`. Byte for byte: a key, its order, a number's
 * form, a boolean or a null that differs fails it.
 */
export async function expectPageAsToRow(h: Harness, orgId: string, body: string) {
	const page = JSON.parse(body) as PullResponse;
	const rows = new Map<string, unknown>();
	for (const s of Object.values(S)) {
		const name = getTableName(s.from);
		const read = await rawStatements(h.deps.db).execute({
			sql: `SELECT * FROM "${name}" WHERE organization_id = ?`,
			args: [orgId]
		});
		for (const raw of read.rows) {
			const row = s.fromStored(raw);
			rows.set(`${s.table}:${row.id}`, row);
		}
	}
	const before: PullResponse = {
		cursor: page.cursor,
		hasMore: page.hasMore,
		remaining: page.remaining,
		changes: page.changes.map((c) => {
			if (c.op === 'delete') return c;
			const row = rows.get(`${c.table}:${c.row.id}`);
			expect(row, `${c.table} ${c.row.id} is stored`).toBeDefined();
			return { table: c.table, op: 'put', row } as Change;
		}),
		...(page.reset ? { reset: true } : {})
	};
	expect(body).toBe(JSON.stringify(before));
	return page;
}
