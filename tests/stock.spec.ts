import { expect, test, type Page } from '@playwright/test';
import { newOrganization, signIn, unique, waitForServiceWorker, waitForSynced } from './helpers';

/** Picks a product in the document editor the way a scanner does: the code, then Enter. */
const picker = (page: Page) =>
	page.getByRole('combobox', { name: /Add a product|Scan or type what you count/ });

async function scan(page: Page, code: string) {
	const input = picker(page);
	await input.fill(code);
	await input.press('Enter');
}

function qtyCell(page: Page, product: string) {
	return page.getByRole('row', { name: new RegExp(product) }).locator('.qty');
}

// The tests that count stock each work in an organization of their own: no other test moves
// their numbers.
test('a storekeeper receives goods and loads a van; the rep, offline, sees the van stock', async ({
	page,
	browser,
	request
}) => {
	// Two people sign in and the rep's device installs the app for offline use: 13–17 s in CI, and
	// past 45 s (every step still moving) on a 2-core machine busy with another suite.
	test.setTimeout(120_000);
	const org = await newOrganization(request, ['storekeeper']);
	await signIn(page, org.storekeeper);
	await page.goto('/stock/documents/new?type=receipt');
	await page.getByLabel('Warehouse', { exact: true }).selectOption({ label: 'Tashkent warehouse' });
	await page
		.getByLabel('Supplier', { exact: true })
		.selectOption({ label: 'Tashkent Food Distribution LLC' });
	await scan(page, 'COF-095');
	const line = page.getByRole('listitem').filter({ hasText: 'Instant coffee 95 g' });
	// A fraction of a counted unit is refused on the device, naming the line.
	await line.getByLabel('Quantity').fill('2.5');
	await page.getByRole('button', { name: 'Post' }).click();
	await expect(line.getByText('Whole numbers only for this unit')).toBeVisible();
	await line.getByLabel('Quantity').fill('40');
	await page.getByRole('button', { name: 'Post' }).click();
	// Online, the server's number may already have replaced the device's note.
	await expect(page.getByText(/Posted on this device|Posted as RCV-/)).toBeVisible();
	await waitForSynced(page);
	await expect(page.getByText(/Posted as RCV-TAS-/)).toBeVisible();
	// The server numbered it: receipt, branch, year, sequence.
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(/RCV-TAS-\d{4}-\d{5}/);

	await page.goto('/stock/documents/new?type=transfer');
	await page.getByLabel('From warehouse').selectOption({ label: 'Tashkent warehouse' });
	await page.getByLabel('To warehouse').selectOption({ label: 'Van 01 A 123 BC' });
	await scan(page, 'COF-095');
	await page
		.getByRole('listitem')
		.filter({ hasText: 'Instant coffee 95 g' })
		.getByLabel('Quantity')
		.fill('5');
	await page.getByRole('button', { name: 'Post' }).click();
	await waitForSynced(page);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(/TRF-TAS-\d{4}-\d{5}/);

	const repContext = await browser.newContext();
	const rep = await repContext.newPage();
	await signIn(rep, org.rep);
	await waitForServiceWorker(rep);
	await repContext.setOffline(true);
	await rep.getByRole('link', { name: 'Stock' }).first().click();
	await expect(rep.getByRole('heading', { name: 'My van' })).toBeVisible();
	// Twelve loaded with the demo, five more now.
	await expect(qtyCell(rep, 'Instant coffee 95 g')).toHaveText('17 pcs');
	// The van holds nothing of what stayed in the warehouse.
	await expect(rep.getByRole('row', { name: /Hand soap 90 g/ })).toHaveCount(0);
	await repContext.close();
});

test('a rep unloads part of the van offline; the stock moves at once and reaches the server once', async ({
	page,
	context,
	request
}) => {
	const org = await newOrganization(request);
	await signIn(page, org.rep);
	await waitForServiceWorker(page);
	await page.goto('/stock');
	await expect(qtyCell(page, 'Mineral water 1.5 l')).toHaveText('12 pcs');
	await context.setOffline(true);
	await page.goto('/stock/documents/new?type=transfer');
	// A rep loads and unloads only their own van, within their branch.
	await page.getByLabel('From warehouse').selectOption({ label: 'Van 01 A 123 BC' });
	await page.getByLabel('To warehouse').selectOption({ label: 'Tashkent warehouse' });
	await expect(
		page.getByLabel('To warehouse').locator('option', { hasText: 'Samarkand' })
	).toHaveCount(0);
	await scan(page, 'WAT-150');
	await page
		.getByRole('listitem')
		.filter({ hasText: 'Mineral water 1.5 l' })
		.getByLabel('Quantity')
		.fill('4');
	await page.getByRole('button', { name: 'Post' }).click();
	await expect(page.getByText('Posted on this device')).toBeVisible();
	await expect(page.getByRole('heading', { level: 1 })).toContainText('provisional');
	await page.getByRole('link', { name: 'Documents' }).click();
	await page.getByRole('link', { name: 'Stock on hand' }).click();
	await expect(qtyCell(page, 'Mineral water 1.5 l')).toHaveText('8 pcs');
	await context.setOffline(false);
	await waitForSynced(page);

	const res = await page.request.get('/api/stock/balances');
	const body = (await res.json()) as { items: { productId: string; qty: number }[] };
	const products = await page.evaluate(async () => {
		const r = await fetch('/api/sync/pull?limit=5000');
		const j = (await r.json()) as {
			changes: { table: string; row: { sku: string; id: string } }[];
		};
		return j.changes.filter((c) => c.table === 'products').map((c) => c.row);
	});
	const water = products.find((p) => p.sku === 'WAT-150')!;
	// Posted exactly once: 12 − 4, not 12 − 8.
	expect(body.items.find((i) => i.productId === water.id)?.qty).toBe(8);
});

test('a stocktake on a phone posts its differences', async ({ browser, request }) => {
	const org = await newOrganization(request, ['storekeeper']);
	const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
	const page = await context.newPage();
	await signIn(page, org.storekeeper);
	await page.goto('/stock');
	// Switching warehouse shows that warehouse's stock.
	await page.getByLabel('Warehouse').selectOption({ label: 'Van 01 A 123 BC' });
	await expect(qtyCell(page, 'Apple juice 1 l')).toHaveText('12 pcs');
	await expect(page.getByRole('row', { name: /Salt 1 kg/ })).toHaveCount(0);
	await page.getByLabel('Warehouse').selectOption({ label: 'Tashkent warehouse' });
	await expect(qtyCell(page, 'Apple juice 1 l')).not.toHaveText('12 pcs');
	const before = await qtyCell(page, 'Salt 1 kg').textContent();
	expect(before).toBe('109 pcs');
	await page.getByRole('link', { name: 'Count stock' }).click();
	await expect(picker(page)).toBeFocused();
	// Scanning the same code twice counts two.
	await scan(page, '4780000000012');
	await scan(page, '4780000000012');
	const salt = page.getByRole('listitem').filter({ hasText: 'Salt 1 kg' });
	await expect(salt.getByLabel('Counted')).toHaveValue('2');
	await expect(salt).toContainText('expected 109 pcs');
	await salt.getByLabel('Counted').fill('100');
	await expect(salt).toContainText('difference -9 pcs');
	await salt.getByRole('button', { name: 'One more Salt 1 kg' }).click();
	await expect(salt.getByLabel('Counted')).toHaveValue('101');
	expect(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth + 1)).toBe(
		true
	);
	await page.getByRole('button', { name: 'Post' }).click();
	await waitForSynced(page);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(/STK-TAS-\d{4}-\d{5}/);
	await page.getByRole('link', { name: 'Documents' }).click();
	await page.getByRole('link', { name: 'Stock on hand' }).click();
	await page.getByLabel('Warehouse').selectOption({ label: 'Tashkent warehouse' });
	await expect(qtyCell(page, 'Salt 1 kg')).toHaveText('101 pcs');
	await context.close();
});

test('a manager previews a CSV, sees the broken row, and imports the fixed file all at once', async ({
	page
}) => {
	await signIn(page, 'manager');
	await page.goto('/stock');
	await page.getByRole('link', { name: 'Import / export' }).click();
	await page.getByLabel('Warehouse for opening balances').selectOption({
		label: 'Tashkent warehouse'
	});
	// New products under a SKU of its own: the demo's other numbers do not move.
	const sku = unique('IMP-');
	const file = (rows: string) => ({
		name: 'opening.csv',
		mimeType: 'text/csv',
		buffer: Buffer.from(`sku,name,unit,price,qty\n${rows}`)
	});
	await page
		.getByLabel('CSV file')
		.setInputFiles(
			file(`${sku}-1,Imported tea,pcs,12000,10\n${sku}-2,Imported rice,kg,9000,1.5.5`)
		);
	await expect(page.getByRole('button', { name: 'Import all' })).toBeDisabled();
	await expect(page.getByRole('row', { name: /Imported rice/ })).toContainText(
		/qty|quantity|number/i
	);

	await page
		.getByLabel('CSV file')
		.setInputFiles(file(`${sku}-1,Imported tea,pcs,12000,10\n${sku}-2,Imported rice,kg,9000,1.5`));
	await page.getByRole('button', { name: 'Import all' }).click();
	await expect(page.getByText(/Imported: 2 new products/)).toBeVisible();
	await page.goto('/stock');
	await page.getByLabel('Warehouse').selectOption({ label: 'Tashkent warehouse' });
	await page.getByLabel('Search').fill(sku);
	await expect(qtyCell(page, 'Imported rice')).toHaveText('1.5 kg');
	await expect(qtyCell(page, 'Imported tea')).toHaveText('10 pcs');
});
