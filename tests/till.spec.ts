import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { uuidv7 } from 'uuidv7';
import {
	emptyOrganization,
	type SetupMutation,
	scrollsSideways,
	smallTargets,
	unique,
	waitForServiceWorker,
	screenshot
} from './helpers';

/**
 * The tablet till (issue 15 item 5): the cart and the pay button stay in view however long the
 * cart, quick-cash buttons fill the cash received, the receipt shows the cash received and the
 * change, a favourites grid is one tap per product, and the receipt becomes a PDF on the device.
 */
test.describe.configure({ timeout: 120_000 });

const PRODUCTS = Array.from({ length: 9 }, (_, i) => ({
	id: uuidv7(),
	sku: `TILL-${i + 1}`,
	name: `Till product ${i + 1}`,
	// UZS 15,000, 16,000, … : whole sums, written without ".00" for UZS.
	price: 1_500_000 + i * 100_000
}));

async function ownTill(page: Page, extra: SetupMutation[] = []) {
	const org = await emptyOrganization(page.request, {
		name: unique('Till '),
		adminName: 'Cashier',
		login: unique('cashier'),
		password: 'ringing up sales'
	});
	await org.push([
		...PRODUCTS.flatMap((p) => [
			{ name: 'product.upsert', args: { id: p.id, sku: p.sku, name: p.name, unit: 'pcs' } },
			{ name: 'price.set', args: { productId: p.id, price: p.price } }
		]),
		{ name: 'warehouse.upsert', args: { id: uuidv7(), name: 'Shop floor', kind: 'store' } },
		...extra
	]);
	await page.goto('/');
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Hello', {
		timeout: 30_000
	});
}

async function pick(page: Page, sku: string) {
	const input = page.getByRole('combobox', { name: 'Find a product' });
	await input.fill(sku);
	await input.press('Enter');
}

for (const viewport of [
	{ width: 1024, height: 768 },
	{ width: 768, height: 1024 }
]) {
	test(`a tablet till at ${viewport.width}×${viewport.height}: the pay button stays in view, quick cash gives the change, the receipt says it`, async ({
		page
	}) => {
		await page.setViewportSize(viewport);
		await ownTill(page);
		await page.goto('/sell');
		for (const p of PRODUCTS) await pick(page, p.sku);
		// Nine lines: more than the screen holds, and still the button to take payment is in view.
		const complete = page.getByRole('button', { name: /Complete sale/ });
		// 15,000 + 16,000 + … + 23,000 = 171,000, written as the currency is used: no ".00".
		await expect(complete).toHaveText(/UZS\s171,000$/);
		await expect(complete).toBeInViewport();
		expect(await scrollsSideways(page)).toBe(false);

		const quick = page.getByRole('group', { name: 'Quick cash' });
		await expect(quick.getByRole('button')).toHaveText([
			'Exact',
			/UZS\s172,000$/,
			/UZS\s175,000$/,
			/UZS\s180,000$/
		]);
		await quick.getByRole('button', { name: /175,000/ }).click();
		await expect(page.getByLabel('Cash received')).toHaveValue('175000');
		await expect(page.getByText('Change: ')).toContainText(/UZS\s4,000$/);
		await expect(complete).toBeInViewport();
		await complete.click();

		await expect(page.getByTestId('receipt-total')).toHaveText(/UZS\s171,000$/);
		await expect(page.getByTestId('receipt-received')).toHaveText(/UZS\s175,000$/);
		await expect(page.getByTestId('receipt-change')).toHaveText(/UZS\s4,000$/);
	});
}

test('the favourites grid: best sellers first, then the cashier’s own pins, one tap to add; the receipt as a PDF', async ({
	page
}) => {
	await page.setViewportSize({ width: 1024, height: 768 });
	await ownTill(page);
	await page.goto('/sell');
	// A new till has sold nothing and nobody pinned anything: no grid, only search.
	await expect(page.getByRole('heading', { name: 'Best sellers' })).toHaveCount(0);
	await pick(page, PRODUCTS[2]!.sku);
	await pick(page, PRODUCTS[4]!.sku);
	await page
		.getByRole('group', { name: 'Quick cash' })
		.getByRole('button', { name: 'Exact' })
		.click();
	await page.getByRole('button', { name: /Complete sale/ }).click();
	await expect(page.getByTestId('receipt-total')).toHaveText(/UZS\s36,000$/);

	// The receipt as a PDF, made on the device with no network: pdfmake and its fonts come from
	// the service worker's cache.
	await waitForServiceWorker(page);
	await page.context().setOffline(true);
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('button', { name: 'PDF', exact: true }).click()
	]);
	expect(download.suggestedFilename()).toMatch(/^SAL-[A-Z0-9-]+\.pdf$/);
	const pdf = await readFile((await download.path())!);
	expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
	expect(pdf.length).toBeGreaterThan(5_000);
	await page.context().setOffline(false);

	await page.goto('/sell');
	const grid = page.getByRole('region', { name: 'Best sellers' });
	await expect(grid.getByRole('button')).toHaveText([
		new RegExp(PRODUCTS[2]!.name),
		new RegExp(PRODUCTS[4]!.name)
	]);
	// One tap adds one; a second tap, a second.
	const tile = grid.getByRole('button', { name: `Add one ${PRODUCTS[4]!.name}` });
	await tile.click();
	await tile.click();
	await expect(page.getByLabel(`Quantity of ${PRODUCTS[4]!.name}`)).toHaveValue('2');

	// Pinning makes the grid the cashier's own: pins first, then best sellers.
	await pick(page, PRODUCTS[7]!.sku);
	await page.getByRole('button', { name: `Keep ${PRODUCTS[7]!.name} in favourites` }).click();
	const favourites = page.getByRole('region', { name: 'Favourites' });
	await expect(favourites.getByRole('button')).toHaveText([
		new RegExp(PRODUCTS[7]!.name),
		new RegExp(PRODUCTS[2]!.name),
		new RegExp(PRODUCTS[4]!.name)
	]);
	// Kept on this device across a reload.
	await page.reload();
	await expect(
		page.getByRole('region', { name: 'Favourites' }).getByRole('button').first()
	).toHaveText(new RegExp(PRODUCTS[7]!.name));

	// The till on a phone, with a cart and the grid: every control a finger's 44×44 (item 8).
	await page.setViewportSize({ width: 390, height: 844 });
	await pick(page, PRODUCTS[1]!.sku);
	await expect(page.getByLabel(`Quantity of ${PRODUCTS[1]!.name}`)).toHaveValue('1');
	expect(await smallTargets(page), 'touch targets under 44×44 px').toEqual([]);
	await screenshot(page, 'till-390.png', { fullPage: true });
	// The search's matches, as a finger sees them.
	await page.getByLabel('Find a product').fill(PRODUCTS[1]!.name.slice(0, 3));
	await expect(page.getByRole('listbox', { name: 'Find a product' })).toBeVisible();
	await screenshot(page, 'till-matches-390.png');
});

test('a payment beyond the debt asks before it becomes an advance, and has its own receipt', async ({
	page
}) => {
	const customer = uuidv7();
	await ownTill(page, [
		{ name: 'counterparty.upsert', args: { id: customer, name: 'Baraka Market' } }
	]);
	await page.goto(`/counterparties/${customer}`);
	await expect(page.getByTestId('customer-debt')).toHaveText('Owes nothing');
	await page.getByLabel('Amount, UZS').fill('50000');
	await page.getByRole('button', { name: /^Collect/ }).click();
	// Nothing is owed: the whole sum would be an advance, so it asks first and takes nothing yet.
	const ask = page.getByRole('alert').filter({ hasText: 'kept as an advance' });
	await expect(ask).toContainText('UZS 50,000');
	await ask.getByRole('button', { name: 'Change the amount' }).click();
	await expect(ask).toHaveCount(0);
	await page.getByRole('button', { name: /^Collect/ }).click();
	await page.getByRole('button', { name: 'Yes, take UZS 50,000' }).click();
	await expect(page.getByTestId('customer-debt')).toContainText('UZS 50,000');
	await expect(page.getByTestId('customer-debt')).toContainText('Paid in advance');

	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('button', { name: 'Payment receipt PDF' }).click()
	]);
	expect(download.suggestedFilename()).toMatch(/^PAY-[A-Z0-9]+\.pdf$/);
	const pdf = await readFile((await download.path())!);
	expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
});
