import { expect, request, test } from '@playwright/test';
import { uuidv7 } from 'uuidv7';
import {
	emptyOrganization,
	addTradePoint,
	DEMO_PASSWORD,
	newOrganization,
	serverState,
	signIn,
	unique,
	waitForServiceWorker,
	waitForSynced
} from './helpers';

test('a manager works offline, reloads, and the server gets each change exactly once', async ({
	page,
	context,
	request
}) => {
	// Its own organization: it re-prices the green tea other tests sell at 12,000.
	const org = await newOrganization(request, ['manager']);
	const name = unique('Offline kiosk ');
	await signIn(page, org.manager);
	await waitForServiceWorker(page);
	await page.goto('/catalog');
	await expect(page.getByRole('cell', { name: 'Green tea 100 g', exact: true })).toBeVisible();

	await context.setOffline(true);
	await page.getByRole('button', { name: 'Edit: Green tea 100 g' }).click();
	await page.getByRole('dialog').getByLabel('Price, UZS').fill('13750.50');
	await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
	await expect(page.getByRole('row', { name: /Green tea 100 g/ })).toContainText('13,750.50');

	await page.goto('/trade-points');
	await addTradePoint(page, name);
	await expect(page.getByTestId('pending-count')).toHaveText('2');

	// Still offline: a reload keeps the data and the outbox.
	await page.reload();
	await expect(page.getByText(name)).toBeVisible();
	await expect(page.getByTestId('pending-count')).toHaveText('2');

	await context.setOffline(false);
	await waitForSynced(page);

	const state = await serverState(page.request);
	const points = [...state.get('tradePoints')!.values()].filter((p) => p.name === name);
	expect(points).toHaveLength(1);
	expect(points[0]).toMatchObject({ lat: 41.3111, lng: 69.2797, locationSource: 'manual' });
	const tea = [...state.get('products')!.values()].find((p) => p.sku === 'TEA-100')!;
	const price = [...state.get('prices')!.values()].find((p) => p.productId === tea.id);
	expect(price?.price).toBe(1_375_050);
});

test('the same outbox flushed from two tabs at once makes one record', async ({
	page,
	context
}) => {
	const name = unique('Two tabs shop ');
	await signIn(page, 'manager');
	await waitForServiceWorker(page);
	await page.goto('/trade-points');
	const second = await context.newPage();
	await second.goto('/trade-points');
	await expect(second.getByRole('heading', { name: 'Trade points' })).toBeVisible();

	await context.setOffline(true);
	await addTradePoint(page, name);
	await expect(second.getByText(name)).toBeVisible();
	// Both tabs see the network come back and flush at the same moment.
	await context.setOffline(false);
	await waitForSynced(page);
	await waitForSynced(second);

	const state = await serverState(page.request);
	expect([...state.get('tradePoints')!.values()].filter((p) => p.name === name)).toHaveLength(1);
});

test('a refused change shows its reason on the Sync screen and can be discarded', async ({
	page,
	context,
	baseURL
}) => {
	const sku = unique('CLASH-');
	await signIn(page, 'manager');
	await waitForServiceWorker(page);
	await page.goto('/catalog');
	await expect(page.getByRole('cell', { name: 'Green tea 100 g', exact: true })).toBeVisible();
	await page.getByRole('button', { name: 'Add product' }).click();
	const dialog = page.getByRole('dialog');
	// A SKU the device already knows is caught before anything is written.
	await dialog.getByLabel('Name').fill('Copy of green tea');
	await dialog.getByLabel('SKU').fill('TEA-100');
	await dialog.getByRole('button', { name: 'Save' }).click();
	await expect(dialog).toContainText('Another product already has this SKU');

	// One the device cannot know about: an admin takes it on the server while this one is offline.
	await context.setOffline(true);
	await dialog.getByLabel('SKU').fill(sku);
	await dialog.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByRole('cell', { name: 'Copy of green tea', exact: true })).toBeVisible();
	const other = await request.newContext({ baseURL });
	await other.post('/api/auth/login', { data: { login: 'admin', password: DEMO_PASSWORD } });
	const taken = await other.post('/api/sync/push', {
		headers: { origin: baseURL! },
		data: {
			clientId: 'e2e-other-device',
			mutations: [
				{
					id: uuidv7(),
					name: 'product.upsert',
					args: { id: uuidv7(), sku, name: 'Taken first', unit: 'pcs' },
					createdAt: Date.now()
				}
			]
		}
	});
	const takenBody = await taken.json();
	expect(takenBody.results?.[0]?.status, JSON.stringify(takenBody)).toBe('applied');
	await other.dispose();
	await context.setOffline(false);

	await page.getByTestId('sync-status').click();
	const entry = page.getByTestId('rejected-entry');
	await expect(entry).toContainText('Product saved · Copy of green tea');
	await expect(entry).toContainText('It clashes with existing data');
	await expect(entry).toContainText('sku');
	// The refused product is no longer shown as if it existed.
	await page.goto('/catalog');
	await expect(page.getByRole('cell', { name: 'Copy of green tea', exact: true })).toHaveCount(0);

	await page.goto('/sync');
	page.once('dialog', (d) => void d.accept());
	await page.getByTestId('rejected-entry').getByRole('button', { name: 'Discard' }).click();
	await expect(page.getByTestId('rejected-entry')).toHaveCount(0);
	await expect(page.getByRole('status').filter({ hasText: 'Change discarded.' })).toBeVisible();

	const admin = await request.newContext({ baseURL });
	await admin.post('/api/auth/login', { data: { login: 'admin', password: DEMO_PASSWORD } });
	const audit = await (await admin.get('/api/audit?action=sync.discarded')).json();
	expect(audit.items.some((e: { actorName: string }) => e.actorName === 'Rustam Aliyev')).toBe(
		true
	);
	await admin.dispose();
});

test('the catalog shows fifty matches at a time, loads more, and a new search starts over', async ({
	page,
	baseURL
}) => {
	const api = await request.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL! } });
	const { login, push } = await emptyOrganization(api, {
		name: 'Big Catalog LLC',
		adminName: 'Big Admin',
		login: unique('cat-')
	});
	await push(
		Array.from({ length: 120 }, (_, i) => ({
			name: 'product.upsert',
			args: {
				id: uuidv7(),
				sku: `BIG-${String(i).padStart(3, '0')}`,
				name: `${i % 2 ? 'Soap' : 'Tea'} ${String(i).padStart(3, '0')}`,
				unit: 'pcs'
			}
		}))
	);

	await signIn(page, login);
	await page.goto('/catalog');
	const rows = page.locator('tbody tr');
	await expect(page.getByRole('status').filter({ hasText: '50 of 120' })).toBeVisible();
	await expect(rows).toHaveCount(50);
	await page.getByRole('button', { name: 'Load more' }).click();
	await expect(rows).toHaveCount(100);
	await page.getByRole('button', { name: 'Load more' }).click();
	await expect(rows).toHaveCount(120);
	await expect(page.getByRole('button', { name: 'Load more' })).toHaveCount(0);

	await page.getByRole('searchbox').fill('tea');
	await expect(page.getByRole('status').filter({ hasText: '50 of 60' })).toBeVisible();
	await expect(rows).toHaveCount(50);
	await expect(rows.first()).toContainText('Tea 000');
	await page.getByRole('button', { name: 'Load more' }).click();
	await expect(rows).toHaveCount(60);
	await api.dispose();
});
