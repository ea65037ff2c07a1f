import { expect, test, type Page } from '@playwright/test';
import { uuidv7 } from 'uuidv7';
import {
	chooseTradePoint,
	newOrganization,
	screenshot,
	serverState,
	signIn,
	waitForServiceWorker,
	waitForSynced
} from './helpers';

// The manager sets the Retail channel's assortment in an organization of this test's own; the
// rep takes orders from it at Yunusobod Mini-market (a retail shop) on a phone, offline.

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

/** A product photo as a phone or a laptop would have it: a JPEG made in the browser. */
async function productJpeg(page: Page): Promise<Buffer> {
	const base64 = await page.evaluate(async () => {
		const canvas = new OffscreenCanvas(900, 600);
		const ctx = canvas.getContext('2d')!;
		ctx.fillStyle = '#2e7d32';
		ctx.fillRect(0, 0, 900, 600);
		ctx.fillStyle = '#fff3cd';
		ctx.fillRect(300, 100, 300, 400);
		const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
		const bytes = new Uint8Array(await blob.arrayBuffer());
		let text = '';
		for (let i = 0; i < bytes.length; i += 0x8000)
			text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
		return btoa(text);
	});
	return Buffer.from(base64, 'base64');
}

/** Whether a line's thumbnail is drawn from a picture (not the placeholder), read back decoded. */
const thumbDrawn = (page: Page, name: string) =>
	line(page, name)
		.getByTestId('product-thumb')
		.locator('img')
		.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)
		.catch(() => false);

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
	await screenshot(manager, `manager-assortment-1440.png`, { fullPage: true });
	await manager.getByRole('button', { name: 'Save assortment' }).click();
	await expect(manager.getByText('Assortment saved')).toBeVisible();
	await waitForSynced(manager);
	// A trade point of that channel without a list of its own gets the channel's.
	await manager.getByRole('radio', { name: 'A trade point' }).click();
	await chooseTradePoint(manager, 'Trade point', 'Yunusobod Mini-market');
	await expect(manager.getByText(/gets the Retail channel’s \(5 products\)/)).toBeVisible();
	await manager.setViewportSize(PHONE);
	await screenshot(manager, `manager-assortment-390.png`, { fullPage: true });

	// The manager gives the green tea a photo and its pack (cases of 10), on the product dialog.
	await manager.setViewportSize(LAPTOP);
	await manager.goto('/catalog');
	await manager.getByRole('button', { name: 'Edit: Green tea 100 g' }).click();
	const dialog = manager.getByRole('dialog', { name: 'Edit product' });
	await expect(dialog.getByTestId('product-thumb-none')).toBeVisible();
	await dialog.getByLabel('Units in a pack').fill('10');
	await dialog.getByTestId('product-photo-input').setInputFiles({
		name: 'tea.jpg',
		mimeType: 'image/jpeg',
		buffer: await productJpeg(manager)
	});
	// Compressed on the device and drawn from its own thumbnail before it is sent.
	await expect(dialog.getByRole('button', { name: 'Remove photo' })).toBeVisible();
	await expect
		.poll(() =>
			dialog
				.getByTestId('product-thumb')
				.locator('img')
				.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)
		)
		.toBe(true);
	for (const [size, name] of [
		[PHONE, '390'],
		[{ width: 1024, height: 768 }, '1024'],
		[LAPTOP, '1440']
	] as const) {
		await manager.setViewportSize(size);
		await screenshot(dialog, `product-dialog-photo-${name}.png`);
	}
	await dialog.getByRole('button', { name: 'Save' }).click();
	await expect(dialog).toBeHidden();
	await waitForSynced(manager);
	// The photo goes by its own queue: the server has its thumbnail before the rep starts.
	const tea = [...(await serverState(manager.request)).get('products')!.values()].find(
		(p) => p.sku === 'TEA-100'
	)!;
	expect(tea).toMatchObject({ packSize: 10, photoId: expect.any(String) });
	await expect
		.poll(
			async () =>
				(await manager.request.get(`/api/photos/${String(tea.photoId)}/thumbnail`)).status(),
			{
				timeout: 60_000
			}
		)
		.toBe(200);
	await screenshot(manager, `catalog-thumbs-1440.png`);

	// The rep, on a phone, offline.
	await page.setViewportSize(PHONE);
	await signIn(page, org.rep);
	await waitForServiceWorker(page);
	// The device keeps the products' thumbnails after its download, before it ever shows them.
	await expect
		.poll(
			() =>
				page.evaluate(
					async () => (await (await caches.open('optio-photo-thumbnails')).keys()).length
				),
			{ timeout: 60_000 }
		)
		.toBe(1);
	await context.setOffline(true);
	await page.getByRole('link', { name: 'Orders' }).first().click();
	await page.getByRole('link', { name: 'Take an order' }).click();
	await chooseTradePoint(page, 'Trade point', 'Yunusobod Mini-market');
	await expect(page.getByText('The Retail channel’s assortment')).toBeVisible();
	await expect(page.getByTestId('assortment-line')).toHaveCount(5);
	await expect(line(page, 'Green tea 100 g').getByText('Must sell')).toBeVisible();
	// The van's stock beside each line.
	await expect(line(page, 'Green tea 100 g').getByText(/In stock: \d+ pcs/)).toBeVisible();
	await expect(page.getByText('Must-sell not added: Green tea 100 g')).toBeVisible();
	// Offline, the tea's photo is drawn from the device's cache; the others have the placeholder.
	await expect.poll(() => thumbDrawn(page, 'Green tea 100 g')).toBe(true);
	await expect(line(page, 'Sugar').getByTestId('product-thumb-none')).toBeVisible();
	await screenshot(page, `rep-order-assortment-390.png`, { fullPage: true });
	await screenshot(page, `rep-order-thumbs-390.png`);

	// Category chips: Beverages shows the tea and the cola only.
	await page.getByRole('button', { name: 'Beverages' }).click();
	await expect(page.getByTestId('assortment-line')).toHaveCount(2);
	await page.getByRole('button', { name: 'All' }).click();

	// Six taps for five lines: tea twice, each other product once. The tea comes in cases of 10:
	// + and − step a whole case (one unit where a product has no pack size).
	const plus = (name: string) => line(page, name).getByRole('button', { name: `One more ${name}` });
	await plus('Green tea 100 g').click();
	await plus('Green tea 100 g').click();
	await expect(line(page, 'Green tea 100 g').getByRole('textbox')).toHaveValue('20');
	await line(page, 'Green tea 100 g')
		.getByRole('button', { name: 'One less Green tea 100 g' })
		.click();
	await expect(line(page, 'Green tea 100 g').getByRole('textbox')).toHaveValue('10');
	await plus('Green tea 100 g').click();
	await plus('Sugar').click();
	await plus('Cola 1 l').click();
	await plus('Pasta 400 g').click();
	// The quantity typed works as well: two kilograms of salt... counted in pieces, so 3.
	await line(page, 'Salt 1 kg').getByRole('textbox').fill('3');
	await expect(page.getByText(/Must-sell not added/)).toHaveCount(0);
	await expect(line(page, 'Green tea 100 g').getByRole('textbox')).toHaveValue('20');
	await expect(line(page, 'Sugar').getByRole('textbox')).toHaveValue('1');
	const total = (await page.getByTestId('total').textContent())!.trim();
	expect(total).not.toBe('—');
	await screenshot(page, `rep-order-filled-390.png`, { fullPage: true });
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
	await chooseTradePoint(page, 'Trade point', 'Yunusobod Mini-market');
	await page.getByRole('button', { name: 'Repeat last order' }).click();
	await expect(line(page, 'Green tea 100 g').getByRole('textbox')).toHaveValue('20');
	await expect(line(page, 'Salt 1 kg').getByRole('textbox')).toHaveValue('3');
	await expect(page.getByTestId('total')).toHaveText(total);
	// The history now suggests quantities: one visit, so exactly its lines, the tea in whole
	// cases of 10.
	await expect(line(page, 'Sugar').getByText('Suggested 1 kg')).toBeVisible();
	await expect(line(page, 'Green tea 100 g').getByText('Suggested 20 pcs')).toBeVisible();
	await context.setOffline(false);
	await office.close();
});

test("a rep sells from a trade point's own assortment; a line beyond the van's stock is marked, not hidden", async ({
	page,
	request
}) => {
	test.setTimeout(180_000);
	const org = await newOrganization(request);
	// The admin sets Yunusobod Mini-market's own list through the API, as an integration would.
	const login = await request.post('/api/auth/login', {
		data: { login: org.admin, password: org.password }
	});
	expect(login.status()).toBe(200);
	const state = await serverState(request);
	const products = [...state.get('products')!.values()] as { id: string; sku: string }[];
	const points = [...state.get('tradePoints')!.values()] as { id: string; name: string }[];
	const id = (sku: string) => products.find((p) => p.sku === sku)!.id;
	const shop = points.find((p) => p.name === 'Yunusobod Mini-market')!.id;
	const push = await request.post('/api/sync/push', {
		data: {
			clientId: `e2e-${uuidv7()}`,
			mutations: [
				{
					id: uuidv7(),
					name: 'assortment.set',
					createdAt: Date.now(),
					args: {
						id: uuidv7(),
						scope: 'tradePoint',
						tradePointId: shop,
						lines: [
							{ productId: id('TEA-100'), mustSell: true },
							{ productId: id('SUG-001'), mustSell: false },
							{ productId: id('WAT-150'), mustSell: false }
						]
					}
				}
			]
		}
	});
	expect((await push.json()).results[0].status).toBe('applied');

	await page.setViewportSize(PHONE);
	await signIn(page, org.rep);
	// At the visit, the must-sell tea is due until it is sold.
	await page.goto(`/visit?tradePoint=${shop}`);
	await page.getByRole('button', { name: 'Check in here' }).click();
	// No location allowed on this browser: the rep checks in without one.
	await page.getByRole('button', { name: 'Check in without location' }).click();
	await expect(page.getByTestId('visit-must-sell')).toHaveText(
		/Must-sell missing: 1\s*Green tea 100 g/
	);
	await page
		.getByRole('navigation', { name: 'At this visit' })
		.getByRole('link', { name: 'Sell' })
		.click();
	await expect(page.getByText('This trade point’s own assortment')).toBeVisible();
	await expect(page.getByTestId('assortment-line')).toHaveCount(3);
	// The van's stock beside each line; Sugar is not in the van: the rep may still sell it (the
	// policy flags it), and is told so.
	await expect(line(page, 'Green tea 100 g').getByText(/In stock: \d+ pcs/)).toBeVisible();
	await expect(line(page, 'Sugar').getByText('Out of stock')).toBeVisible();
	await line(page, 'Sugar').getByRole('button', { name: 'One more Sugar' }).click();
	await line(page, 'Green tea 100 g')
		.getByRole('button', { name: 'One more Green tea 100 g' })
		.click();
	await expect(page.getByText('the sale goes through and is flagged')).toBeVisible();
	await expect(line(page, 'Sugar').getByRole('textbox')).toHaveAttribute('aria-invalid', 'true');
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
	await screenshot(page, `rep-sell-assortment-390.png`, { fullPage: true });
	await page.setViewportSize({ width: 1024, height: 768 });
	await screenshot(page, `rep-sell-assortment-1024.png`, { fullPage: true });
	await page.setViewportSize(LAPTOP);
	await screenshot(page, `rep-sell-assortment-1440.png`, { fullPage: true });
	await page.setViewportSize(PHONE);
	await page.getByRole('button', { name: /Complete sale/ }).click();
	// Back in the visit: the tea is sold, nothing must-sell is missing any more.
	await expect(page).toHaveURL(/\/visit\?tradePoint=/);
	await expect(page.getByTestId('visit-due')).toBeVisible();
	await expect(page.getByTestId('visit-must-sell')).toHaveCount(0);
	await waitForSynced(page);
	const receipts = [...(await serverState(request)).get('receipts')!.values()] as {
		tradePointId: string;
		lines: { productId: string; qty: number }[];
	}[];
	expect(receipts.find((r) => r.tradePointId === shop)?.lines).toEqual([
		expect.objectContaining({ productId: id('SUG-001'), qty: 1 }),
		expect.objectContaining({ productId: id('TEA-100'), qty: 1 })
	]);
});
