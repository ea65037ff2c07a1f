import { expect, test, type Page } from '@playwright/test';
import { uuidv7 } from 'uuidv7';
import { startFakeMultikassa, type FakeMultikassa } from './fakes/multikassa-driver';
import { emptyOrganization, signIn, screenshot, NO_SERVICE_WORKER } from './helpers';

// About screens and the server, not offline work (see NO_SERVICE_WORKER).
test.use(NO_SERVICE_WORKER);

// The till at its laptop size; the register is the fake Multikassa driver (a test double).
test.use({ viewport: { width: 1024, height: 768 } });

let driver: FakeMultikassa;
test.beforeEach(async () => {
	driver = await startFakeMultikassa();
});
test.afterEach(async () => {
	await driver.close().catch(() => {});
});

const IKPU = '02201001001000000';

async function sellTwo(page: Page) {
	await page.goto('/sell');
	const find = page.getByRole('combobox', { name: 'Find a product' });
	await find.fill('FIS-WAT');
	await find.press('Enter');
	await find.fill('FIS-WAT');
	await find.press('Enter');
	await expect(page.getByTestId('total')).toHaveText(/9,000/);
	await page.getByRole('button', { name: /Complete sale/ }).click();
	await expect(page.getByRole('heading', { name: 'Receipt' })).toBeVisible();
}

test('a sale at the till is signed by the register, keeps its fiscal sign and prints the QR code; with the driver down the sale is kept and the receipt is not fiscal', async ({
	page,
	request
}) => {
	// A sale, a refund, a queued receipt and a sale with the driver down: longer than the default.
	test.setTimeout(120_000);
	const org = await emptyOrganization(request);
	const water = uuidv7();
	await org.push([
		{
			name: 'warehouse.upsert',
			args: { id: uuidv7(), name: 'Fiscal till', kind: 'branch', branchId: org.user.branchId }
		},
		{
			name: 'product.upsert',
			args: {
				id: water,
				sku: 'FIS-WAT',
				name: 'Still water 1 l',
				unit: 'pcs',
				barcodes: ['4780000012345'],
				ikpu: IKPU,
				packageCode: '1209779',
				vatRate: 12
			}
		},
		{ name: 'price.set', args: { productId: water, price: 450_000 } }
	]);
	await signIn(page, org.login, org.password);
	await page.goto('/sell');
	// The till is drawn once its warehouse has arrived on the device; opened before that, the
	// register's setting is drawn again, closed.
	await expect(page.getByText('Selling from Fiscal till')).toBeVisible({ timeout: 30_000 });
	await page.getByText('Cash register: None').click();
	await page.getByLabel('Cash register').selectOption('multikassa');
	await page.getByLabel('Register driver address').fill(driver.url);
	await page.getByRole('button', { name: 'Save for this till' }).click();
	await expect(page.getByText(`Cash register: Multikassa · ${driver.url}`)).toBeVisible();

	await sellTwo(page);
	const fiscal = page.getByTestId('fiscal');
	await expect(fiscal).toBeVisible();
	const answer = driver.receipts[0]!;
	await expect(page.getByTestId('fiscal-sign')).toHaveText(answer.FiscalSign);
	await expect(page.getByTestId('fiscal-url')).toHaveText(answer.QRCodeURL);
	const qr = page.getByRole('img', { name: /QR code/ });
	await expect(qr).toHaveAttribute('data-url', answer.QRCodeURL);
	await expect(qr).toHaveAttribute('src', /^data:image\/png;base64,/);
	await expect(page.getByTestId('nonfiscal')).toHaveCount(0);
	await screenshot(page, 'receipt-fiscal-1024.png', { fullPage: true });

	// The request, field by field, as the driver's API names them.
	expect(driver.operations).toHaveLength(1);
	const op = driver.operations[0]!;
	expect(op).toMatchObject({
		module_operation_type: '3',
		receipt_sum: 900_000,
		receipt_gnk_receivedcash: 900_000,
		receipt_gnk_receivedcard: 0
	});
	expect(op.receipt_gnk_time).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
	expect(op.items).toEqual([
		{
			classifier_class_code: IKPU,
			product_name: 'Still water 1 l',
			product_barcode: '4780000012345',
			product_price: 450_000,
			product_vat_percent: 12,
			product_vat: 96_429,
			product_package: '1209779',
			product_mark: false,
			product_label: '',
			product_discount: 0,
			count: 2
		}
	]);

	// The stamp reached the server with the receipt.
	await expect
		.poll(async () => {
			const r = await page.request.get('/api/sync/pull?limit=5000');
			const body = (await r.json()) as {
				changes: { table: string; row: Record<string, unknown> }[];
			};
			const receipt = body.changes.find((c) => c.table === 'receipts')?.row;
			return (receipt?.fiscal as { fiscalSign?: string } | undefined)?.fiscalSign;
		})
		.toBe(answer.FiscalSign);

	// A refund at the till: the register signs it as a refund citing the original receipt.
	await page.getByRole('button', { name: 'Return goods' }).click();
	await page.getByLabel(/Still water 1 l: how many back/).fill('1');
	await page.getByRole('button', { name: /Take the goods back/ }).click();
	await expect.poll(() => driver.operations.length).toBe(2);
	const refund = driver.operations[1]!;
	expect(refund).toMatchObject({
		module_operation_type: '4',
		receipt_sum: 450_000,
		RefundInfo: {
			TerminalID: answer.TerminalID,
			ReceiptSeq: answer.ReceiptSeq,
			// The original's time as the tax operator's refund info writes it: yyyyMMddHHmmss.
			DateTime: answer.DateTime.replace(/\D/g, ''),
			FiscalSign: answer.FiscalSign
		}
	});
	const refundSign = driver.receipts[1]!.FiscalSign;
	await expect(page.getByRole('region', { name: 'Returns' })).toContainText(
		`fiscal sign ${refundSign}`
	);

	// The register signs while it cannot reach the tax office: shown as not yet sent, then sent.
	driver.offline = true;
	await sellTwo(page);
	await expect(page.getByTestId('fiscal-sign')).toHaveText(driver.receipts[2]!.FiscalSign);
	const queued = page.getByText('Signed by the register; not yet sent to the tax office');
	await expect(queued).toBeVisible();
	await screenshot(page, 'receipt-queued-1024.png', { fullPage: true });
	driver.offline = false;
	await page.getByRole('button', { name: 'Ask the register to send its queue' }).click();
	await expect(queued).toHaveCount(0);
	await expect(page.getByTestId('fiscal-sign')).toHaveText(driver.receipts[2]!.FiscalSign);

	// The driver stops: the sale is kept, the cashier is told, nothing on it looks fiscal.
	await driver.close();
	await sellTwo(page);
	await expect(page.getByRole('alert')).toContainText('The cash register did not answer');
	await expect(page.getByTestId('receipt-total')).toHaveText(/9,000/);
	await expect(page.getByTestId('nonfiscal')).toHaveText(/Not a fiscal receipt/i);
	await expect(page.getByTestId('fiscal')).toHaveCount(0);
	await expect(page.getByRole('img', { name: /QR code/ })).toHaveCount(0);
	await expect(page.getByRole('button', { name: 'Send to the cash register' })).toBeVisible();
	await screenshot(page, 'receipt-driver-down-1024.png', { fullPage: true });
});
