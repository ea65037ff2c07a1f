import { expect, type APIRequestContext, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'optio-demo';

/** Signs in through the form and waits for the shell. */
export async function signIn(page: Page, login: string, password = DEMO_PASSWORD) {
	await page.goto('/login');
	await page.getByLabel('Login').fill(login);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Hello');
}

/** True when the page is wider than the viewport (horizontal scrolling). */
export async function scrollsSideways(page: Page): Promise<boolean> {
	return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
}

export const unique = (prefix: string) =>
	`${prefix}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** Every screen an admin reaches, for the checks that walk them all. */
export const ADMIN_SCREENS = [
	'/',
	'/sell',
	'/sales',
	'/orders',
	'/orders/new',
	'/reports',
	'/routes',
	'/routes/new',
	'/routes/plan',
	'/catalog',
	'/catalog/price-lists',
	'/promotions',
	'/trade-points',
	'/map',
	'/counterparties',
	'/stock',
	'/stock/documents',
	'/stock/documents/new?type=transfer',
	'/stock/import',
	'/warehouses',
	'/admin/employees',
	'/admin/branches',
	'/admin/settings',
	'/admin/integrations',
	'/admin/audit',
	'/admin/health',
	'/support',
	'/sync',
	'/account'
];

/** Waits until the service worker controls the page, so it keeps working offline. */
export async function waitForServiceWorker(page: Page) {
	await page.evaluate(async () => {
		await navigator.serviceWorker.ready;
	});
	await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
}

/** Waits until this device has nothing left to send. */
export async function waitForSynced(page: Page) {
	await expect(page.getByTestId('pending-count')).toHaveCount(0, { timeout: 20_000 });
}

interface Change {
	table: string;
	op: 'put' | 'delete';
	row?: Record<string, unknown> & { id: string };
	id?: string;
}

/** Everything the caller's session can pull, folded per table. */
export async function serverState(api: APIRequestContext) {
	const tables = new Map<string, Map<string, Record<string, unknown>>>();
	let cursor = '';
	for (;;) {
		const res = await api.get(`/api/sync/pull${cursor ? `?cursor=${cursor}` : ''}`);
		expect(res.status()).toBe(200);
		const body = (await res.json()) as { changes: Change[]; cursor: string; hasMore: boolean };
		for (const c of body.changes) {
			const t = tables.get(c.table) ?? new Map();
			tables.set(c.table, t);
			if (c.op === 'put') t.set(c.row!.id, c.row!);
			else t.delete(c.id!);
		}
		cursor = body.cursor;
		if (!body.hasMore) return tables;
	}
}

/** Adds a trade point at a Tashkent address through the Trade points screen's dialog. */
export async function addTradePoint(page: Page, name: string) {
	await page.getByRole('button', { name: 'Add trade point' }).click();
	const dialog = page.getByRole('dialog');
	await dialog.getByLabel('Name').fill(name);
	await dialog.getByLabel('Latitude').fill('41.3111');
	await dialog.getByLabel('Longitude').fill('69.2797');
	await dialog.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByText(name)).toBeVisible();
}
