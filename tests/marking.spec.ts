import { expect, test } from '@playwright/test';
import { uuidv7 } from 'uuidv7';
import {
	emptyOrganization,
	scrollsSideways,
	signIn,
	unique,
	waitForSynced,
	screenshot,
	NO_SERVICE_WORKER
} from './helpers';

// About screens and the server, not offline work (see NO_SERVICE_WORKER).
test.use(NO_SERVICE_WORKER);

const GTIN = '04780000000014';
const code = (serial: string) => `01${GTIN}21${serial}\u001d93a1B2`;

// Its own organization: its codes and stock are this test's alone.
test('at the till a scanned marking code adds its unit, and a code already sold is refused at the scan', async ({
	page
}) => {
	test.setTimeout(120_000);
	await page.setViewportSize({ width: 390, height: 844 });
	const org = await emptyOrganization(page.request, { name: unique('Marking ') });
	const store = uuidv7();
	const water = uuidv7();
	const receipt = uuidv7();
	const packReceipt = uuidv7();
	const shop = uuidv7();
	const company = uuidv7();
	const order = uuidv7();
	await org.push([
		{ name: 'warehouse.upsert', args: { id: store, name: 'Store', kind: 'branch' } },
		{
			name: 'product.upsert',
			args: {
				id: water,
				sku: 'AQ-05',
				name: 'Aqua 0.5 l',
				unit: 'pcs',
				ikpu: '02202001001000000',
				packageCode: '1209779',
				vatRate: 12,
				gtin: GTIN,
				marking: 'water'
			}
		},
		{ name: 'price.set', args: { productId: water, price: 3_500 } },
		{
			name: 'document.save',
			args: {
				id: receipt,
				type: 'receipt',
				warehouseId: store,
				lines: [
					{
						productId: water,
						qty: 3,
						marks: [code('E2E0000000001'), code('E2E0000000002'), code('E2E0000000003')]
					}
				]
			}
		},
		{ name: 'document.post', args: { id: receipt } },
		// A supplier's delivery the manager opens to register a pallet's contents.
		{
			name: 'document.save',
			args: {
				id: packReceipt,
				type: 'receipt',
				warehouseId: store,
				lines: [{ productId: water, qty: 2 }]
			}
		},
		// An order of one bottle, shipped: its delivery takes the bottle's code.
		{
			name: 'counterparty.upsert',
			args: { id: company, name: 'OOO Corner Shop', kind: 'customer', taxId: '301234567' }
		},
		{ name: 'tradePoint.upsert', args: { id: shop, name: 'Corner shop', counterpartyId: company } },
		{
			name: 'order.create',
			args: { id: order, tradePointId: shop, lines: [{ productId: water, qty: 1 }] }
		},
		{ name: 'order.setStatus', args: { id: order, status: 'confirmed' } },
		{ name: 'order.setStatus', args: { id: order, status: 'shipped', warehouseId: store } }
	]);
	// The seller's details for e-invoices (the operator is not reached: the ESF is only prepared).
	const seller = await page.request.put('/api/einvoices/settings', {
		headers: org.headers,
		data: {
			seller: {
				tin: '305123456',
				name: 'OOO Toza Suv',
				vatRegCode: '326060012345',
				account: '20208000900123456001',
				bankId: '00873',
				address: 'Tashkent, Amir Temur 1'
			}
		}
	});
	expect(seller.status(), await seller.text()).toBe(200);
	await signIn(page, org.login, org.password);
	await page.goto('/sell');
	await waitForSynced(page);
	const scan = page.getByLabel('Scan a marking code');
	await scan.fill(code('E2E0000000001'));
	await scan.press('Enter');
	await expect(page.getByRole('status').filter({ hasText: 'added to Aqua 0.5 l' })).toBeVisible();
	await expect(page.getByText('Aqua 0.5 l: 1 of 1 scanned')).toBeVisible();
	// The same unit twice in one sale: refused at the scan, the cart unchanged.
	await scan.fill(`(01)${GTIN}(21)E2E0000000001(93)a1B2`);
	await scan.press('Enter');
	await expect(page.getByRole('alert')).toContainText(
		`Code 01${GTIN}21E2E0000000001 is already sold`
	);
	await expect(page.getByText('Aqua 0.5 l: 1 of 1 scanned')).toBeVisible();
	await scan.fill('');
	await screenshot(page, 'sell-phone.png', { fullPage: true });
	expect(await scrollsSideways(page)).toBe(false);
	await page.getByRole('button', { name: /Complete sale/ }).click();
	await expect(page).toHaveURL(/\/sales\//);

	// Sold: the device knows at once, before any sync, and says so at the scan.
	await page.goto('/sell');
	await page.getByLabel('Scan a marking code').fill(code('E2E0000000001'));
	await page.getByLabel('Scan a marking code').press('Enter');
	await expect(page.getByRole('alert')).toContainText('is already sold');
	await expect(page.getByText('Scan a barcode or find a product to start a sale.')).toBeVisible();

	await page.setViewportSize({ width: 1440, height: 900 });
	await page.getByLabel('Scan a marking code').fill(code('E2E0000000002'));
	await page.getByLabel('Scan a marking code').press('Enter');
	await expect(page.getByText('Aqua 0.5 l: 1 of 1 scanned')).toBeVisible();
	await screenshot(page, 'sell-laptop.png', { fullPage: true });

	// The product's tax and marking fields on the catalog screen.
	await page.goto('/catalog');
	await page.getByRole('button', { name: 'Edit: Aqua 0.5 l' }).click();
	await expect(page.getByLabel('IKPU (MXIK) code')).toHaveValue('02202001001000000');
	await screenshot(page, 'catalog-laptop.png', { fullPage: true });
	await page.setViewportSize({ width: 390, height: 844 });
	await page.getByRole('group', { name: 'Tax and marking' }).scrollIntoViewIfNeeded();
	await screenshot(page, 'catalog-phone.png');

	await page.goto('/admin/settings');
	await expect(page.getByLabel('Strict marking control')).not.toBeChecked();
	await page.getByLabel('Strict marking control').scrollIntoViewIfNeeded();
	await screenshot(page, 'settings-phone.png');
	await page.setViewportSize({ width: 1440, height: 900 });
	await screenshot(page, 'settings-laptop.png');

	// A pallet's contents registered on the receipt screen; a sold unit in the list is named.
	const pallet = '00047800000000000113';
	await page.goto(`/stock/documents/${packReceipt}`);
	await page.getByLabel('Pack code (group code or SSCC)').fill(pallet);
	await page
		.getByLabel('Codes in the pack, one a line')
		.fill([code('E2E0000000001'), code('E2E0000000011')].join('\n'));
	await page.getByRole('button', { name: 'Register the pack' }).click();
	await expect(
		page.getByRole('alert').filter({ hasText: 'The pack was not registered' })
	).toContainText(`Line 1: Code 01${GTIN}21E2E0000000001 is already sold`);
	await screenshot(page, 'pack-refused-laptop.png', { fullPage: true });
	await page
		.getByLabel('Codes in the pack, one a line')
		.fill([code('E2E0000000011'), code('E2E0000000012')].join('\n'));
	await page.getByRole('button', { name: 'Register the pack' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'registered' })).toHaveText(
		`Pack ${pallet} registered: 2 codes.`
	);
	await page.setViewportSize({ width: 390, height: 844 });
	await page.getByRole('heading', { name: 'Pack contents (marking)' }).scrollIntoViewIfNeeded();
	await screenshot(page, 'pack-phone.png', { fullPage: true });
	expect(await scrollsSideways(page)).toBe(false);

	// Delivering the order takes its bottle's code; a sold one is refused at the scan.
	await page.goto('/orders');
	await page.getByRole('button', { name: /^Delivered: / }).click();
	const dialog = page.getByRole('dialog', { name: 'Deliver: scan the marking codes' });
	const deliverScan = dialog.getByLabel('Scan a marking code');
	await deliverScan.fill(code('E2E0000000001'));
	await deliverScan.press('Enter');
	await expect(dialog.getByRole('alert')).toContainText('is already sold');
	await expect(dialog.getByRole('button', { name: 'Deliver' })).toBeDisabled();
	await deliverScan.fill(code('E2E0000000003'));
	await deliverScan.press('Enter');
	await expect(dialog.getByText('Aqua 0.5 l: 1 of 1 scanned')).toBeVisible();
	await screenshot(page, 'deliver-phone.png');
	expect(await scrollsSideways(page)).toBe(false);
	await page.setViewportSize({ width: 1440, height: 900 });
	await screenshot(page, 'deliver-laptop.png');
	await dialog.getByRole('button', { name: 'Deliver' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Order' })).toContainText('Delivered');
	// The refused pack registration stays on the Sync screen, so wait on the server's state.
	await expect
		.poll(async () => {
			const pulled = await page.request.get('/api/sync/pull?limit=5000', {
				headers: org.headers
			});
			const changes = (await pulled.json()).changes as {
				table: string;
				row?: { id: string; status: string; documentId: string };
			}[];
			const row = changes.find(
				(c) => c.table === 'marks' && c.row?.id === `01${GTIN}21E2E0000000003`
			)?.row;
			return row && `${row.status}:${row.documentId}`;
		})
		.toBe(`sold:${order}`);

	// The order's e-invoice lists the delivered bottle's code (delivered: no longer an open order).
	await page.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'All' });
	await page.getByRole('button', { name: /^E-invoice \(ESF\): / }).click();
	const esf = page.getByRole('dialog', { name: /^E-invoice \(ESF\)/ });
	await esf.getByRole('button', { name: 'Prepare the e-invoice' }).click();
	await expect(esf.getByTestId('esf-state')).toHaveText('Draft');
	await screenshot(page, 'order-esf-laptop.png');
	await page.setViewportSize({ width: 390, height: 844 });
	await screenshot(page, 'order-esf-phone.png');
	expect(await scrollsSideways(page)).toBe(false);
	const list = await page.request.get(`/api/einvoices?sourceId=${order}`, { headers: org.headers });
	const [made] = (await list.json()).items as { id: string }[];
	const doc = await page.request.get(`/api/einvoices/${made!.id}/document`, {
		headers: org.headers
	});
	expect(JSON.stringify(await doc.json())).toContain(`01${GTIN}21E2E0000000003`);
});
