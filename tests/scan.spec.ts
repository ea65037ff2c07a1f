import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { uuidv7 } from 'uuidv7';
import { BROWSER_ARGS, executablePath } from './browser';
import { writeCodeVideo } from './fakes/camera-video';
import { emptyOrganization, signIn, screenshot } from './helpers';

// The camera is Chromium's fake capture device playing a file we write before each scan: the
// flags go to this file's browser only (test.use), never to the other tests'.
const camera = resolve(`data/fake-camera-${process.env.E2E_PORT ?? 4173}.y4m`);
mkdirSync('data', { recursive: true });
test.use({
	launchOptions: {
		executablePath,
		args: [
			...BROWSER_ARGS,
			'--use-fake-device-for-media-stream',
			'--use-fake-ui-for-media-stream',
			`--use-file-for-fake-video-capture=${camera}`
		]
	},
	permissions: ['camera'],
	viewport: { width: 390, height: 844 }
});

async function scanWithCamera(page: Page, bcid: string, text: string) {
	// The device opens the file anew each time the camera starts.
	await writeCodeVideo(camera, bcid, text);
	await page.getByRole('button', { name: 'Scan', exact: true }).click();
	await expect(page.getByRole('dialog', { name: 'Scan' })).toBeHidden({ timeout: 20_000 });
}

test('an EAN-13 and a GS1 DataMatrix read by the camera add the right products in the till', async ({
	page,
	request
}) => {
	const org = await emptyOrganization(request);
	const [store, water, marked] = [uuidv7(), uuidv7(), uuidv7()];
	await org.push([
		{
			name: 'warehouse.upsert',
			args: {
				id: store,
				name: 'Scan kiosk',
				kind: 'branch',
				branchId: org.user.branchId
			}
		},
		{
			name: 'product.upsert',
			args: {
				id: water,
				sku: 'SCN-EAN',
				name: 'Still water 0.5 l',
				unit: 'pcs',
				barcodes: ['4780000012345']
			}
		},
		{ name: 'price.set', args: { productId: water, price: 400_000 } },
		{
			name: 'product.upsert',
			args: {
				id: marked,
				sku: 'SCN-DMX',
				name: 'Marked sparkling water 1 l',
				unit: 'pcs',
				barcodes: [],
				gtin: '04780000054321'
			}
		},
		{ name: 'price.set', args: { productId: marked, price: 700_000 } }
	]);
	await signIn(page, org.login, org.password);
	await page.goto('/sell');
	await expect(page.getByText('Selling from Scan kiosk')).toBeVisible();

	await scanWithCamera(page, 'ean13', '4780000012345');
	const cart = page.getByRole('region', { name: 'Cart' });
	await expect(cart.getByText('Still water 0.5 l')).toBeVisible();
	await expect(cart.getByText('Marked sparkling water 1 l')).toHaveCount(0);

	// One unit's marking code: GTIN (01), serial (21) of 13 for water, GS, check (93).
	await scanWithCamera(page, 'gs1datamatrix', '(01)04780000054321(21)Wt7Kq2Lm9Xz4B(93)dGh5');
	await expect(cart.getByText('Marked sparkling water 1 l')).toBeVisible();
	await expect(page.getByTestId('total')).toHaveText(/11,000/);
	await screenshot(page, 'till-scanned-390.png', { fullPage: true });
});
