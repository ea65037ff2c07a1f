/**
 * A device must never stall: work far larger than one upload may carry still goes out, in
 * pieces the server takes, and a sale made after it is not stuck behind it.
 */
import { readFile } from 'node:fs/promises';
import { expect, request, test } from '@playwright/test';
import { uuidv7 } from 'uuidv7';
import {
	emptyOrganization,
	scrollsSideways,
	serverState,
	signIn,
	unique,
	waitForServiceWorker,
	waitForSynced,
	screenshot
} from './helpers';

const LINES = 2000;
const SAVES = 15;

test('fifteen saves of a 2,000-line stocktake made offline, then a sale: online again, the sale reaches the server', async ({
	page,
	context,
	baseURL
}) => {
	// 30,000 counted lines pass through the real server: seconds, more on a loaded machine.
	test.setTimeout(90_000);

	// An organization of its own: 2,000 products, one of them priced, and a warehouse.
	const api = await request.newContext({ baseURL });
	const { login, password, push } = await emptyOrganization(api, {
		name: unique('Stocktake Org '),
		adminName: 'Farrukh',
		login: unique('count'),
		password: 'stocktake test password'
	});
	const products = Array.from({ length: LINES }, () => uuidv7());
	const warehouseId = uuidv7();
	await push([
		...products.map((id, i) => ({
			name: 'product.upsert',
			args: {
				id,
				sku: i === 0 ? 'SOLD-1' : `CNT-${i}`,
				name: i === 0 ? 'Sold tea' : `Counted ${i}`,
				unit: 'pcs'
			}
		})),
		{ name: 'price.set', args: { productId: products[0], price: 5_000 } },
		{ name: 'warehouse.upsert', args: { id: warehouseId, name: 'Main store', kind: 'branch' } }
	]);
	await api.dispose();

	await signIn(page, login, password);
	await waitForServiceWorker(page);
	// The first download has brought the catalog: the product to sell is found on the device.
	await page.getByRole('link', { name: 'Sell' }).first().click();
	const find = page.getByRole('combobox', { name: 'Find a product' });
	await find.fill('SOLD-1');
	await expect(page.getByRole('option', { name: /Sold tea/ })).toBeVisible({ timeout: 30_000 });

	// Offline, the storekeeper saves the count of all 2,000 products fifteen times as they go.
	// The saves go into the device's outbox exactly as the editor's "Save draft" queues them
	// (driving that editor with 2,000 lines fifteen times takes minutes here).
	await context.setOffline(true);
	const documentId = uuidv7();
	const ids = Array.from({ length: SAVES }, () => uuidv7());
	await page.evaluate(
		async ({ ids, products, documentId, warehouseId }) => {
			const open = indexedDB.open('optio');
			const idb = await new Promise<IDBDatabase>((resolve, reject) => {
				open.onsuccess = () => resolve(open.result);
				open.onerror = () => reject(open.error);
			});
			const tx = idb.transaction(['outbox', 'meta'], 'readwrite');
			const owner = tx.objectStore('meta').get('userId');
			owner.onsuccess = () => {
				const userId = (owner.result as { value: string }).value;
				ids.forEach((id, n) =>
					tx.objectStore('outbox').add({
						id,
						name: 'document.save',
						v: 1,
						createdAt: Date.now(),
						status: 'pending',
						attempts: 0,
						snapshots: [],
						userId,
						args: {
							id: documentId,
							type: 'stocktake',
							warehouseId,
							toWarehouseId: null,
							counterpartyId: null,
							reason: null,
							comment: null,
							// Save n has counted n products so far, one each.
							lines: products.map((productId, i) => ({
								productId,
								qty: i <= n ? 1 : 0,
								cost: null
							}))
						}
					})
				);
			};
			await new Promise((resolve, reject) => {
				tx.oncomplete = resolve;
				tx.onerror = () => reject(tx.error);
			});
			idb.close();
		},
		{ ids, products, documentId, warehouseId }
	);

	// Then sells, still offline.
	await find.press('Enter');
	await page.getByRole('button', { name: /Complete sale/ }).click();
	await expect(page.getByRole('heading', { name: 'Receipt' })).toBeVisible();
	await expect(page.getByTestId('pending-count')).toHaveText(String(SAVES + 1));

	// Together they are larger than the server takes in one push (2 MiB): online again, all goes.
	const pushes: number[] = [];
	page.on('response', (res) => {
		if (res.url().endsWith('/api/sync/push')) pushes.push(res.status());
	});
	await context.setOffline(false);
	await expect(page.getByTestId('pending-count')).toHaveCount(0, { timeout: 45_000 });
	await waitForSynced(page);
	await expect(page.getByTestId('receipt-number')).toHaveText(/SAL-/);
	expect(pushes.length).toBeGreaterThan(1);
	expect(pushes.every((s) => s === 200)).toBe(true);

	const state = await serverState(page.request);
	expect([...state.get('receipts')!.values()]).toHaveLength(1);
	const counted = state.get('stockDocuments')!.get(documentId) as {
		lines: { qty: number }[];
	};
	// The last save is the one that stands: fifteen products counted one each.
	expect(counted.lines.filter((l) => l.qty === 1)).toHaveLength(SAVES);
});

test('the Sync screen keeps a change too large to send with its reason, and says the storage may be cleared', async ({
	page
}) => {
	// A browser that did not grant persistent storage (Chrome decides by how the site is used).
	await page.addInitScript(() => {
		const no = () => Promise.resolve(false);
		Object.defineProperty(StorageManager.prototype, 'persist', { value: no });
		Object.defineProperty(StorageManager.prototype, 'persisted', { value: no });
	});
	await signIn(page, 'manager');
	await page.goto('/sync');
	const storage = page.getByTestId('device-storage');
	await expect(storage).toContainText('May be cleared by the browser');
	await expect(page.getByTestId('storage-at-risk')).toHaveCount(0);

	// The device records whose it is when sync starts, once the screen has drawn.
	await expect
		.poll(() =>
			page.evaluate(async () => {
				const open = indexedDB.open('optio');
				const idb = await new Promise<IDBDatabase>((resolve, reject) => {
					open.onsuccess = () => resolve(open.result);
					open.onerror = () => reject(open.error);
				});
				try {
					const read = idb.transaction('meta').objectStore('meta').get('userId');
					return !!(await new Promise((resolve, reject) => {
						read.onsuccess = () => resolve(read.result);
						read.onerror = () => reject(read.error);
					}));
				} finally {
					idb.close();
				}
			})
		)
		.toBe(true);
	// A change larger than any upload may be, as an older app could have queued it.
	const name = unique('Huge kiosk ');
	await page.evaluate(
		async ({ id, name }) => {
			const open = indexedDB.open('optio');
			const idb = await new Promise<IDBDatabase>((resolve, reject) => {
				open.onsuccess = () => resolve(open.result);
				open.onerror = () => reject(open.error);
			});
			const tx = idb.transaction(['outbox', 'meta'], 'readwrite');
			const owner = tx.objectStore('meta').get('userId');
			owner.onsuccess = () =>
				tx.objectStore('outbox').add({
					id,
					name: 'tradePoint.upsert',
					v: 1,
					createdAt: Date.now(),
					status: 'pending',
					attempts: 0,
					snapshots: [],
					userId: (owner.result as { value: string }).value,
					args: { id: crypto.randomUUID(), name, address: 'x'.repeat(2_200_000) }
				});
			await new Promise((resolve, reject) => {
				tx.oncomplete = resolve;
				tx.onerror = () => reject(tx.error);
				tx.onabort = () => reject(tx.error ?? new Error('aborted'));
			});
			idb.close();
		},
		{ id: uuidv7(), name }
	);
	await page.getByRole('button', { name: 'Sync now' }).click();

	const refused = page.getByTestId('rejected-entry').filter({ hasText: name });
	await expect(refused).toContainText('Too large to send: 2.1 MB');
	await expect(refused).toContainText('Not sent: set aside on this device');
	await expect(page.getByTestId('pending-entry')).toHaveCount(0);
	// Kept on this device only, in storage the browser may clear: said plainly, with what helps.
	const warning = page.getByTestId('storage-at-risk');
	await expect(warning).toContainText('Unsent changes: 1');
	await expect(warning).toContainText('Install the app');

	for (const size of [
		{ width: 390, height: 844 },
		{ width: 1440, height: 900 }
	]) {
		await page.setViewportSize(size);
		expect(await scrollsSideways(page)).toBe(false);
		await screenshot(page, `sync-${size.width}.png`, { fullPage: true });
	}

	const download = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Save for support' }).click();
	const saved = JSON.parse(await readFile(await (await download).path(), 'utf8')) as {
		entries: { status: string; args: { name?: string }; error?: { code: string } }[];
	};
	expect(saved.entries.filter((e) => e.args.name === name)).toMatchObject([
		{ status: 'rejected', error: { code: 'payload_too_large', onDevice: true } }
	]);
});
