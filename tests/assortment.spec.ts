import { expect, test, type Page } from '@playwright/test';
import { newOrganization, signIn, waitForServiceWorker, waitForSynced } from './helpers';

// The manager sets the Retail channel's assortment in an organization of this test's own; the
// rep takes orders from it at Yunusobod Mini-market (a retail shop) on a phone, offline.

const SHOTS = '/tmp/h13-assort';
const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1440, height: 900 };

/** Five products of the demo catalog, by SKU (the picker takes an exact code with Enter). */
const LINES = ['TEA-100', 'SUG-001', 'COL-100', 'PAS-400', 'SAL-001'];

async function pick(page: Page, label: string, code: string) {
	const input = page.getByRole('combobox', { name: label });
	await input.fill(code);
	await input.press('Enter');
}

const line = (page: Page, name: string) =>
	page.getByTestId('assortment-line').filter({ hasText: name });

test("a rep takes an order from the channel's assortment offline; the manager sees its total, and it repeats", async ({
	page,
	browser,
	context,
	request
}) => {
	// Two people, two devices, a new organization and a full first download each, on a busy
	// 2-core machine.
	test.setTimeout(180_000);
	const org = await newOrganization(request, ['manager']);

	// The manager, at a laptop: Retail's list, green tea must-sell.
	const office = await browser.newContext({ viewport: LAPTOP });
	const manager = await office.newPage();
	await signIn(manager, org.manager);
	await manager.goto('/catalog/assortment');
	await expect(manager.getByRole('heading', { name: 'Assortment', level: 1 })).toBeVisible();
	await expect(manager.getByText('No products in this list yet')).toBeVisible();
	await expect(manager.getByLabel('Channel')).toHaveValue('retail');
	// Until the manager's first download has the catalog the picker finds nothing: pick again.
	for (const code of LINES) {
		await expect(async () => {
			await pick(manager, 'Add a product', code);
			await expect(manager.getByRole('cell', { name: code, exact: true })).toBeVisible({
				timeout: 1000
			});
		}).toPass({ timeout: 60_000 });
	}
	await manager.getByRole('checkbox', { name: 'Must sell: Green tea 100 g' }).check();
	await expect(manager.getByText('5 products, 1 must sell')).toBeVisible();
	await manager.screenshot({ path: `${SHOTS}/manager-assortment-1440.png`, fullPage: true });
	await manager.getByRole('button', { name: 'Save assortment' }).click();
	await expect(manager.getByText('Assortment saved')).toBeVisible();
	await waitForSynced(manager);
	// A trade point of that channel without a list of its own gets the channel's.
	await manager.getByRole('radio', { name: 'A trade point' }).click();
	await manager.getByLabel('Trade point').selectOption({ label: 'Yunusobod Mini-market' });
	await expect(manager.getByText(/gets the Retail channel’s \(5 products\)/)).toBeVisible();
	await manager.setViewportSize(PHONE);
	await manager.screenshot({ path: `${SHOTS}/manager-assortment-390.png`, fullPage: true });

	// The rep, on a phone, offline.
	await page.setViewportSize(PHONE);
	await signIn(page, org.rep);
	await waitForServiceWorker(page);
	await context.setOffline(true);
	await page.getByRole('link', { name: 'Orders' }).first().click();
	await page.getByRole('link', { name: 'Take an order' }).click();
	await page.getByLabel('Trade point').selectOption({ label: 'Yunusobod Mini-market' });
	await expect(page.getByText('The Retail channel’s assortment')).toBeVisible();
	await expect(page.getByTestId('assortment-line')).toHaveCount(5);
	await expect(line(page, 'Green tea 100 g').getByText('Must sell')).toBeVisible();
	// The van's stock beside each line.
	await expect(line(page, 'Green tea 100 g').getByText(/In stock: \d+ pcs/)).toBeVisible();
	await expect(page.getByText('Must-sell not added: Green tea 100 g')).toBeVisible();
	await page.screenshot({ path: `${SHOTS}/rep-order-assortment-390.png`, fullPage: true });

	// Category chips: Beverages shows the tea and the cola only.
	await page.getByRole('button', { name: 'Beverages' }).click();
	await expect(page.getByTestId('assortment-line')).toHaveCount(2);
	await page.getByRole('button', { name: 'All' }).click();

	// Six taps for five lines: tea twice, each other product once.
	const plus = (name: string) => line(page, name).getByRole('button', { name: `One more ${name}` });
	await plus('Green tea 100 g').click();
	await plus('Green tea 100 g').click();
	await plus('Sugar').click();
	await plus('Cola 1 l').click();
	await plus('Pasta 400 g').click();
	// The quantity typed works as well: two kilograms of salt... counted in pieces, so 3.
	await line(page, 'Salt 1 kg').getByRole('textbox').fill('3');
	await expect(page.getByText(/Must-sell not added/)).toHaveCount(0);
	await expect(line(page, 'Green tea 100 g').getByRole('textbox')).toHaveValue('2');
	const total = (await page.getByTestId('total').textContent())!.trim();
	expect(total).not.toBe('—');
	await page.screenshot({ path: `${SHOTS}/rep-order-filled-390.png`, fullPage: true });
	await page.getByRole('button', { name: /Send order/ }).click();
	await expect(page.getByRole('heading', { name: 'Orders' })).toBeVisible();
	await context.setOffline(false);
	await waitForSynced(page);

	// What the manager sees on the order is the total the rep was shown.
	await manager.setViewportSize(LAPTOP);
	await manager.goto('/orders');
	const order = manager.getByRole('row', { name: /Yunusobod Mini-market/ });
	await expect(order).toContainText(total.replace(/^UZS\s*/, ''));

	// Repeat the last order refills the same lines, offline.
	await context.setOffline(true);
	await page.getByRole('link', { name: 'Take an order' }).click();
	await page.getByLabel('Trade point').selectOption({ label: 'Yunusobod Mini-market' });
	await page.getByRole('button', { name: 'Repeat last order' }).click();
	await expect(line(page, 'Green tea 100 g').getByRole('textbox')).toHaveValue('2');
	await expect(line(page, 'Salt 1 kg').getByRole('textbox')).toHaveValue('3');
	await expect(page.getByTestId('total')).toHaveText(total);
	// The history now suggests quantities: one visit, so exactly its lines.
	await expect(line(page, 'Sugar').getByText('Suggested 1 kg')).toBeVisible();
	await context.setOffline(false);
	await office.close();
});
