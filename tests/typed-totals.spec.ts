import { expect, test, type Locator, type Page } from '@playwright/test';
import { uuidv7 } from 'uuidv7';
import {
	chooseTradePoint,
	emptyOrganization,
	NO_SERVICE_WORKER,
	serverState,
	unique,
	waitForSynced
} from './helpers';

// About screens and the server, not offline work (see NO_SERVICE_WORKER).
test.use(NO_SERVICE_WORKER);

/**
 * Every total follows every keystroke in a quantity box, and what the send button says is what
 * the server receives. Typing 10.5 kg used to leave the line at 1 kg and the button at its old
 * total until the box lost focus, and the order then sent the new quantity under the old figure.
 *
 * Each test signs up its own organization, so no demo price or promotion can move its figures.
 */
// Each test builds an organization and sends a document through sync: more than the default
// budget on a loaded machine. The waits themselves are on state, never on time.
test.describe.configure({ timeout: 120_000 });

const WALNUTS = { sku: 'WAL-KG', name: 'Walnuts', price: 3_200_000 }; // UZS 32,000 a kg
const JARS = { sku: 'JAR-1', name: 'Honey jar', price: 1_500_000 }; // UZS 15,000 each

async function ownOrganization(page: Page) {
	const walnuts = uuidv7();
	const jars = uuidv7();
	const org = await emptyOrganization(page.request, {
		name: unique('Typed totals '),
		adminName: 'Typist',
		login: unique('typist'),
		password: 'typing every key'
	});
	await org.push([
		{
			name: 'product.upsert',
			args: { id: walnuts, sku: WALNUTS.sku, name: WALNUTS.name, unit: 'kg' }
		},
		{ name: 'price.set', args: { productId: walnuts, price: WALNUTS.price } },
		{ name: 'product.upsert', args: { id: jars, sku: JARS.sku, name: JARS.name, unit: 'pcs' } },
		{ name: 'price.set', args: { productId: jars, price: JARS.price } },
		{ name: 'tradePoint.upsert', args: { id: uuidv7(), name: 'Corner shop' } },
		{ name: 'warehouse.upsert', args: { id: uuidv7(), name: 'Main store', kind: 'main' } }
	]);
	// The app learns who is signed in on its first screen; later screens open from that.
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

/** Types into a quantity box key by key, as a person does, from empty. */
async function typeQty(box: Locator, keys: string) {
	await box.fill('');
	await box.pressSequentially(keys);
}

const lineOf = (page: Page, name: string) =>
	page.getByRole('listitem').filter({ has: page.getByText(name, { exact: true }) });

test('an order: the line, the total and the Send button follow each typed key; the server gets that figure', async ({
	page
}) => {
	await ownOrganization(page);
	await page.goto('/orders/new');
	await chooseTradePoint(page, 'Trade point', 'Corner shop');
	await pick(page, WALNUTS.sku);
	const line = lineOf(page, WALNUTS.name);
	const box = page.getByLabel(`Quantity of ${WALNUTS.name}`);
	const send = page.getByRole('button', { name: /Send order/ });
	await expect(send).toHaveText(/32,000(?![.,\d])/);

	await box.fill('');
	await box.pressSequentially('1');
	await expect(line.getByTestId('line-total')).toHaveText(/32,000(?![.,\d])/);
	await box.pressSequentially('0');
	await expect(line.getByTestId('line-total')).toHaveText(/320,000(?![.,\d])/);
	await expect(page.getByTestId('total')).toHaveText(/320,000(?![.,\d])/);
	await expect(send).toHaveText(/320,000(?![.,\d])/);
	await expect(send).toBeEnabled();

	// "10." is half typed: shown as such, nothing to send, no stale figure on the button.
	await box.pressSequentially('.');
	await expect(line.getByText('Enter a number')).toBeVisible();
	await expect(line.getByTestId('line-total')).toHaveText('—');
	await expect(page.getByTestId('total')).toHaveText('—');
	await expect(send).toHaveText('Send order · —');
	await expect(send).toBeDisabled();

	await box.pressSequentially('5');
	await expect(line.getByTestId('line-total')).toHaveText(/336,000(?![.,\d])/);
	await expect(send).toHaveText(/336,000(?![.,\d])/);

	// An empty box is not "one" or "the last number": it says so and blocks sending.
	await typeQty(box, '');
	await expect(line.getByText('Enter a quantity')).toBeVisible();
	await expect(send).toBeDisabled();

	// A comma reads as a decimal point; the second line adds to the same total.
	await typeQty(box, '10,5');
	await pick(page, JARS.sku);
	await typeQty(page.getByLabel(`Quantity of ${JARS.name}`), '3');
	// 10.5 × 32,000 + 3 × 15,000 = 381,000.
	await expect(send).toHaveText(/381,000(?![.,\d])/);
	const label = await send.textContent();
	// Clicking moves the focus out of the box first: the click must not change the figure.
	await send.click();
	await expect(page).toHaveURL(/\/orders$/);
	await waitForSynced(page);

	const orders = [...((await serverState(page.request)).get('orders')?.values() ?? [])];
	expect(orders).toHaveLength(1);
	const order = orders[0] as { total: number; lines: { qty: number }[] };
	expect(order.total).toBe(38_100_000);
	expect(label).toContain('381,000');
	expect(order.lines.map((l) => l.qty).sort()).toEqual([10.5, 3]);
});

test('a sale: the till follows each typed key, and the receipt is what the button said', async ({
	page
}) => {
	await ownOrganization(page);
	await page.goto('/sell');
	await pick(page, WALNUTS.sku);
	const box = page.getByLabel(`Quantity of ${WALNUTS.name}`);
	const complete = page.getByRole('button', { name: /Complete sale/ });
	await typeQty(box, '2');
	await expect(complete).toHaveText(/64,000(?![.,\d])/);
	await box.pressSequentially('.');
	await expect(complete).toBeDisabled();
	await expect(complete).toHaveText('Complete sale · —');
	await box.pressSequentially('25');
	await expect(lineOf(page, WALNUTS.name).getByTestId('line-total')).toHaveText(/72,000(?![.,\d])/);
	await expect(page.getByTestId('total')).toHaveText(/72,000(?![.,\d])/);
	await expect(complete).toHaveText(/72,000(?![.,\d])/);

	// A fraction of a counted unit is refused as it is typed, not on sending.
	await pick(page, JARS.sku);
	const jars = page.getByLabel(`Quantity of ${JARS.name}`);
	await typeQty(jars, '1.5');
	await expect(lineOf(page, JARS.name).getByText('Whole numbers only for this unit')).toBeVisible();
	await expect(complete).toBeDisabled();
	await typeQty(jars, '2');
	// 2.25 × 32,000 + 2 × 15,000 = 102,000; the cash field follows too.
	await expect(complete).toHaveText(/102,000(?![.,\d])/);
	await page.getByLabel('Cash received').fill('110000');
	await expect(page.getByText('Change: ')).toContainText('8,000');
	await complete.click();

	await expect(page.getByTestId('receipt-total')).toHaveText(/102,000(?![.,\d])/);
	await waitForSynced(page);
	const receipts = [...((await serverState(page.request)).get('receipts')?.values() ?? [])];
	expect(receipts).toHaveLength(1);
	expect(receipts[0]).toMatchObject({ total: 10_200_000 });
});

test('a return: the refund on the button follows each typed key; more than was sold says so', async ({
	page
}) => {
	await ownOrganization(page);
	await page.goto('/sell');
	await pick(page, JARS.sku);
	await typeQty(page.getByLabel(`Quantity of ${JARS.name}`), '4');
	await page.getByRole('button', { name: /Complete sale/ }).click();
	await expect(page.getByTestId('receipt-total')).toHaveText(/60,000(?![.,\d])/);
	await waitForSynced(page);

	await page.getByRole('button', { name: 'Return goods' }).click();
	const back = page.getByLabel(new RegExp(`${JARS.name}: how many back`));
	const confirm = page.getByRole('button', { name: /Take the goods back/ });
	await expect(confirm).toBeDisabled();
	await back.pressSequentially('5');
	await expect(page.getByText('More than is left to return.')).toBeVisible();
	await expect(confirm).toBeDisabled();
	await typeQty(back, '3');
	await expect(confirm).toHaveText(/45,000(?![.,\d])/);
	await typeQty(back, '1');
	await expect(confirm).toHaveText(/15,000(?![.,\d])/);
	await confirm.click();
	await expect(page.getByRole('heading', { name: 'Returns' })).toBeVisible();
	await waitForSynced(page);
	const receipts = [...((await serverState(page.request)).get('receipts')?.values() ?? [])] as {
		kind: string;
		total: number;
	}[];
	expect(receipts.find((r) => r.kind === 'return')).toMatchObject({ total: 1_500_000 });
});
