import 'fake-indexeddb/auto';
import { uuidv7 } from 'uuidv7';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../domain/errors';
import { i18n } from '../../i18n/i18n.svelte';
import { en } from '../../i18n/messages/en';
import { ru } from '../../i18n/messages/ru';
import { uz } from '../../i18n/messages/uz';
import { errorMessage } from '../errors';
import type { ProductRow, TradePointRow } from '../../domain/sync/rows';
import { db, durableDb } from './db';
import { applyPage, plans } from './flush';
import { enqueue, pendingEntries, revert } from './outbox';

const ctx = { userId: 'u1', branchId: 'b1' };

function serverProduct(over: Partial<ProductRow> = {}): ProductRow {
	return {
		id: uuidv7(),
		version: 5,
		updatedAt: 1,
		sku: 'SKU-1',
		name: 'Tea 100 g',
		unit: 'pcs',
		barcodes: [],
		categoryId: null,
		active: true,
		ikpu: null,
		packageCode: null,
		vatRate: null,
		gtin: null,
		marking: null,
		...over
	};
}

beforeEach(async () => {
	await Promise.all(db.tables.map((t) => t.clear()));
});

afterEach(() => {
	vi.restoreAllMocks();
	i18n.locale = 'en';
});

// Loaded as the page loads them (engine.svelte.ts), when a round has work for them.
plans.load = () => import('./outbox');

describe('the outbox', () => {
	it('refuses bad args with the fields named and writes nothing', async () => {
		const attempt = enqueue('tradePoint.upsert', { id: 'not-a-uuid', name: '' }, ctx);
		await expect(attempt).rejects.toBeInstanceOf(AppError);
		await expect(attempt).rejects.toMatchObject({
			code: 'validation',
			fields: { id: { code: expect.any(String) }, name: { code: expect.any(String) } }
		});
		expect(await durableDb.outbox.count()).toBe(0);
		expect(await db.tradePoints.count()).toBe(0);
	});

	it('applies the local effect and queues the mutation together', async () => {
		const id = uuidv7();
		await enqueue(
			'tradePoint.upsert',
			{ id, name: 'Kiosk 7', location: { lat: 41.3, lng: 69.2, source: 'manual' } },
			ctx
		);
		const row = await db.tradePoints.get(id);
		expect(row).toMatchObject({
			name: 'Kiosk 7',
			branchId: 'b1',
			lat: 41.3,
			locationSource: 'manual',
			version: 0
		});
		const [entry] = await pendingEntries('u1');
		expect(entry).toMatchObject({ name: 'tradePoint.upsert', status: 'pending', userId: 'u1' });
		expect(await pendingEntries('someone-else')).toEqual([]);
	});

	it('keeps showing unsent work on top of pulled rows', async () => {
		const product = serverProduct();
		await applyPage([{ table: 'products', op: 'put', row: product }], 'c1', ctx);
		await enqueue(
			'product.upsert',
			{ id: product.id, sku: 'SKU-1', name: 'Green tea 100 g', unit: 'pcs' },
			ctx
		);
		// The server sends a newer version of the row before it has our mutation.
		await applyPage(
			[{ table: 'products', op: 'put', row: { ...product, version: 9, active: false } }],
			'c2',
			ctx
		);
		const row = await db.products.get(product.id);
		expect(row).toMatchObject({ name: 'Green tea 100 g', version: 9, active: false });
		expect((await db.meta.get('cursor'))?.value).toBe('c2');
	});

	it('undoes a refused mutation without touching later work', async () => {
		const existing = serverProduct({ name: 'Coffee' });
		await applyPage([{ table: 'products', op: 'put', row: existing }], 'c1', ctx);
		const renamed = await enqueue(
			'product.upsert',
			{ id: existing.id, sku: 'SKU-1', name: 'Bad name', unit: 'pcs' },
			ctx
		);
		const point = uuidv7();
		await enqueue('tradePoint.upsert', { id: point, name: 'Shop 1' }, ctx);
		await durableDb.outbox.update(renamed.id, { status: 'rejected' });
		await revert({ ...renamed, status: 'rejected' }, ctx);
		expect((await db.products.get(existing.id))?.name).toBe('Coffee');
		expect((await db.tradePoints.get(point))?.name).toBe('Shop 1');
	});

	it('undoes the creation of a new record by removing it', async () => {
		const id = uuidv7();
		const entry = await enqueue('tradePoint.upsert', { id, name: 'Never accepted' }, ctx);
		await revert(entry, ctx);
		expect(await db.tradePoints.get(id)).toBeUndefined();
	});

	it('drops rows of the old scope on a reset page but keeps the outbox', async () => {
		const old: TradePointRow = {
			id: uuidv7(),
			version: 3,
			updatedAt: 1,
			name: 'Old branch shop',
			address: null,
			counterpartyId: null,
			channel: null,
			branchId: 'b0',
			lat: null,
			lng: null,
			locationSource: null,
			archived: false
		};
		await applyPage([{ table: 'tradePoints', op: 'put', row: old }], 'c1', ctx);
		const mine = uuidv7();
		await enqueue('tradePoint.upsert', { id: mine, name: 'Mine' }, ctx);
		await applyPage([], 'c-new', ctx, true);
		expect(await db.tradePoints.get(old.id)).toBeUndefined();
		expect((await db.tradePoints.get(mine))?.name).toBe('Mine');
		expect(await durableDb.outbox.count()).toBe(1);
	});

	it('on a full disk, writes neither the change nor its effect, and says so in the user’s language', async () => {
		// The local effect is written first; the disk fills up as the outbox row is added.
		vi.spyOn(durableDb.outbox, 'add').mockRejectedValue(
			new DOMException('The quota has been exceeded.', 'QuotaExceededError')
		);
		const id = uuidv7();
		const attempt = enqueue('tradePoint.upsert', { id, name: 'No room for me' }, ctx);
		const error = await attempt.then(
			() => null,
			(e: unknown) => e
		);
		expect(error).not.toBeNull();
		expect(await db.tradePoints.get(id)).toBeUndefined();
		expect(await durableDb.outbox.count()).toBe(0);

		for (const [locale, catalog] of [
			['en', en],
			['ru', ru],
			['uz', uz]
		] as const) {
			i18n.locale = locale;
			expect(errorMessage(error)).toBe(catalog['sync.storageFull']);
		}
	});
});

describe('visits on the device', () => {
	it('a check-in while another visit is open closes it as not checked out, offline, in order', async () => {
		const a = uuidv7();
		const b = uuidv7();
		await enqueue('visit.checkIn', { id: a, tradePointId: uuidv7(), at: 1_000 }, ctx);
		const second = await enqueue(
			'visit.checkIn',
			{ id: b, tradePointId: uuidv7(), at: 5_000 },
			ctx
		);
		expect(await db.visits.get(a)).toMatchObject({ checkOutAt: 5_000, outcome: 'not_checked_out' });
		expect(await db.visits.get(b)).toMatchObject({ checkOutAt: null, outcome: null });
		expect((await pendingEntries('u1')).map((e) => e.name)).toEqual([
			'visit.checkIn',
			'visit.checkIn'
		]);
		// Refused by the server: undone, and the first visit is open again.
		await revert({ ...second, status: 'rejected' }, ctx);
		expect(await db.visits.get(b)).toBeUndefined();
		expect(await db.visits.get(a)).toMatchObject({ checkOutAt: null, outcome: null });
	});
});
