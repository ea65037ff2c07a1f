/**
 * The device and the server run the same day-close plan: a rep who sells for cash and closes the
 * day offline sees on the device the close (its expected stock and cash, its differences) that
 * the server then keeps and sends back (times it stamps aside).
 */
import 'fake-indexeddb/auto';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dayOf } from '../../domain/time';
import { createHarness, employee, signupOrg, type Harness } from '../../server/testing/harness';
import { mutation, push as serverPush } from '../../server/sync/testing';
import { db } from './db';
import { flush, plans, pull } from './flush';
import { enqueue, type DeviceContext } from './outbox';

let h: Harness;
let ctx: DeviceContext;
const main = uuidv7();
const van = uuidv7();
const tea = uuidv7();
const rice = uuidv7();
const shop = uuidv7();
const TZ = 'Asia/Tashkent';

beforeAll(async () => {
	// The device's database is one per process, and files share a process (isolate: false): a
	// file before this one leaves its rows and its pull cursor, in another organization.
	await Promise.all(db.tables.map((t) => t.clear()));
	h = await createHarness();
	const admin = await signupOrg(h);
	const rep = await employee(h, admin.token, 'rep', admin.branchId);
	ctx = { userId: rep.id, branchId: admin.branchId, role: 'rep', timezone: TZ };
	vi.stubGlobal('fetch', async (input: string | URL | Request, init?: RequestInit) => {
		const url = new URL(String(input instanceof Request ? input.url : input), 'http://localhost');
		const headers = new Headers(init?.headers);
		headers.set('cookie', `optio_session=${rep.token}`);
		headers.set('sec-fetch-site', 'same-origin');
		return h.api.request(url.toString(), { ...init, headers, signal: undefined });
	});
	const load = uuidv7();
	const receipt = uuidv7();
	const res = await serverPush(h, admin.token, [
		mutation('warehouse.upsert', { id: main, name: 'Main', kind: 'branch' }),
		mutation('warehouse.upsert', { id: van, name: 'Van', kind: 'van', ownerId: rep.id }),
		mutation('product.upsert', { id: tea, sku: 'AG-TEA', name: 'Tea', unit: 'pcs' }),
		mutation('product.upsert', { id: rice, sku: 'AG-RICE', name: 'Rice', unit: 'kg' }),
		mutation('price.set', { productId: tea, price: 12_500 }),
		mutation('price.set', { productId: rice, price: 8_990 }),
		mutation('tradePoint.upsert', { id: shop, name: 'Shop' }),
		mutation('document.save', {
			id: receipt,
			type: 'receipt',
			warehouseId: main,
			lines: [
				{ productId: tea, qty: 50 },
				{ productId: rice, qty: 20 }
			]
		}),
		mutation('document.post', { id: receipt }),
		mutation('document.save', {
			id: load,
			type: 'transfer',
			warehouseId: main,
			toWarehouseId: van,
			lines: [
				{ productId: tea, qty: 12 },
				{ productId: rice, qty: 7.25 }
			]
		}),
		mutation('document.post', { id: load })
	]);
	expect(res.body.results.filter((r: { status: string }) => r.status !== 'applied')).toEqual([]);
	await pull(ctx);
});

afterAll(() => {
	vi.unstubAllGlobals();
	h.close();
});

const shown = async (id: string) => {
	const row = await db.dayCloses.get(id);
	if (!row) return null;
	// The server stamps its own times and version.
	return Object.fromEntries(
		Object.entries(row).filter(([k]) => !['version', 'updatedAt', 'submittedAt'].includes(k))
	);
};

// Loaded as the page loads them (engine.svelte.ts), when a round has work for them.
plans.load = () => import('./outbox');

describe('the day close on the device and the server', () => {
	it('what the rep sees offline is what the server records', async () => {
		const close = uuidv7();
		await enqueue(
			'sale.create',
			{
				id: uuidv7(),
				warehouseId: van,
				tradePointId: shop,
				lines: [
					{ productId: tea, qty: 3 },
					{ productId: rice, qty: 1.5 }
				],
				soldAt: Date.now(),
				payments: [{ method: 'cash', amount: 60_000 }]
			},
			ctx
		);
		await enqueue(
			'dayClose.submit',
			{
				id: close,
				warehouseId: van,
				date: dayOf(Date.now(), TZ).date,
				lines: [
					{ productId: tea, counted: 8, reason: 'lost' },
					{ productId: rice, counted: 5.75 }
				],
				cashCounted: 50_000,
				cashReason: 'change_error',
				comment: null
			},
			ctx
		);
		const predicted = await shown(close);
		expect(predicted).toMatchObject({
			status: 'submitted',
			lines: [
				{ productId: tea, expected: 9, counted: 8, reason: 'lost' },
				{ productId: rice, expected: 5.75, counted: 5.75, reason: null }
			],
			cashExpected: 12_500 * 3 + Math.round(8_990 * 1.5)
		});
		const report = await flush(ctx);
		expect(report.rejected).toEqual([]);
		expect(await shown(close)).toEqual(predicted);
	});
});
