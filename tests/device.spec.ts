/**
 * The device's own data over its life: signing out with work that has not reached the server,
 * a push the server fails, and the first download on a new device, interrupted and resumed.
 */
import { readFile } from 'node:fs/promises';
import { expect, request, test } from '@playwright/test';
import { uuidv7 } from 'uuidv7';
import {
	emptyOrganization,
	addTradePoint,
	serverState,
	signIn,
	unique,
	waitForServiceWorker,
	waitForSynced
} from './helpers';

test('signing out with unsent work warns, saves it to a file, and keeps it for the next sign-in', async ({
	page,
	context
}) => {
	const name = unique('Unsent kiosk ');
	await signIn(page, 'manager');
	await waitForServiceWorker(page);
	await page.goto('/trade-points');
	await expect(page.getByRole('heading', { name: 'Trade points' })).toBeVisible();

	await context.setOffline(true);
	await addTradePoint(page, name);
	await expect(page.getByTestId('pending-count')).toHaveText('1');

	await page.getByRole('link', { name: 'Account' }).first().click();
	await page.getByRole('button', { name: 'Sign out', exact: true }).click();
	const warning = page.getByRole('dialog', { name: 'Sign out' });
	await expect(warning).toContainText('1');

	const download = page.waitForEvent('download');
	await warning.getByRole('button', { name: 'Save them to a file first' }).click();
	const saved = JSON.parse(await readFile(await (await download).path(), 'utf8')) as {
		entries: { name: string; args: { name?: string } }[];
	};
	expect(saved.entries.map((e) => [e.name, e.args.name])).toContainEqual([
		'tradePoint.upsert',
		name
	]);

	await warning.getByRole('button', { name: 'Sign out and keep them here' }).click();
	await expect(page).toHaveURL(/\/login$/);

	// Back online, the same person signs in again on this device: the work goes out once.
	await context.setOffline(false);
	await signIn(page, 'manager');
	await waitForSynced(page);
	await page.goto('/trade-points');
	await page.getByRole('searchbox').fill(name);
	await expect(page.getByRole('button', { name: `Edit: ${name}` })).toHaveCount(1);
	const points = (await serverState(page.request)).get('tradePoints')!;
	expect([...points.values()].filter((p) => p.name === name)).toHaveLength(1);
});

test('a push the server fails is retried on its own, and the Sync screen saves what waits', async ({
	page
}) => {
	const name = unique('Retried kiosk ');
	let failures = 0;
	let failing = true;
	await page.route('**/api/sync/push', async (route) => {
		if (!failing) return route.continue();
		failures++;
		await route.fulfill({
			status: 503,
			contentType: 'application/json',
			body: JSON.stringify({ error: { code: 'unavailable', message: 'Database unavailable' } })
		});
	});
	await signIn(page, 'manager');
	await page.goto('/trade-points');
	await addTradePoint(page, name);
	await expect.poll(() => failures).toBeGreaterThan(0);
	await expect(page.getByTestId('pending-count')).toHaveText('1');

	await page.goto('/sync');
	await expect(page.getByText('The server is not answering. Retrying on its own.')).toBeVisible();
	const download = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Save for support' }).click();
	const saved = JSON.parse(await readFile(await (await download).path(), 'utf8')) as {
		entries: { name: string; status: string; args: { name?: string } }[];
	};
	expect(saved.entries.filter((e) => e.args.name === name)).toMatchObject([
		{ name: 'tradePoint.upsert', status: 'pending' }
	]);

	// The server is back; nobody touches anything, and the work still goes out, once.
	failing = false;
	await waitForSynced(page);
	const points = (await serverState(page.request)).get('tradePoints')!;
	expect([...points.values()].filter((p) => p.name === name)).toHaveLength(1);
});

test('a first download cut off part way resumes where it stopped, with its progress shown', async ({
	browser,
	baseURL
}) => {
	// A new organization with 2,400 products: three pages of a thousand rows on a new device.
	const api = await request.newContext({ baseURL });
	const { login, password, push } = await emptyOrganization(api, {
		name: unique('Download Org '),
		adminName: 'Dilnoza',
		login: unique('dl'),
		password: 'first download test'
	});
	const lastSku = 'DL-2399';
	await push(
		Array.from({ length: 2400 }, (_, n) => ({
			name: 'product.upsert',
			args: { id: uuidv7(), sku: `DL-${n}`, name: `Download product ${n}`, unit: 'pcs' }
		}))
	);
	await api.dispose();

	const context = await browser.newContext();
	const page = await context.newPage();
	const cursors: string[] = [];
	let cut = true;
	await page.route('**/api/sync/pull**', async (route) => {
		const cursor = new URL(route.request().url()).searchParams.get('cursor') ?? '';
		cursors.push(cursor);
		// The network drops after the first page.
		if (cut && cursors.length > 1) await route.abort('internetdisconnected');
		else await route.continue();
	});
	await signIn(page, login, password);
	const progress = page.getByRole('status').filter({ hasText: 'Preparing this device' });
	await expect(progress).toContainText(/Downloading your data: 1,000 of 2,4\d\d/);

	// The user closes the app and opens it again with the network back.
	cut = false;
	const stoppedAt = cursors.length;
	await page.reload();
	await expect(progress).toBeHidden({ timeout: 30_000 });
	const resumedWith = cursors[stoppedAt];
	expect(resumedWith, 'the download picks up from the first page’s cursor').not.toBe('');
	expect(cursors.slice(stoppedAt)).not.toContain('');

	await page.goto('/catalog');
	await page.getByRole('searchbox').fill(lastSku);
	await expect(
		page.getByRole('cell', { name: `Download product 2399`, exact: true })
	).toBeVisible();
	await page.getByRole('searchbox').fill('DL-1');
	await expect(page.getByRole('cell', { name: 'Download product 1', exact: true })).toBeVisible();
	await context.close();
});
