import { expect, test } from '@playwright/test';
import { uuidv7 } from 'uuidv7';
import {
	emptyOrganization,
	NO_SERVICE_WORKER,
	screenshot,
	scrollsSideways,
	signIn
} from './helpers';

// About a list drawn from the device's rows, not offline work (see NO_SERVICE_WORKER).
test.use(NO_SERVICE_WORKER);

test('the orders list shows the newest hundred of a status and loads more on request', async ({
	page
}) => {
	const org = await emptyOrganization(page.request);
	const [product, shop] = [uuidv7(), uuidv7()];
	const orders = Array.from({ length: 105 }, () => uuidv7());
	await org.push([
		{ name: 'product.upsert', args: { id: product, sku: 'OL-1', name: 'Cola 1 l', unit: 'pcs' } },
		{ name: 'price.set', args: { productId: product, price: 9_000 } },
		{ name: 'tradePoint.upsert', args: { id: shop, name: 'Corner shop' } },
		...orders.map((id) => ({
			name: 'order.create',
			args: { id, tradePointId: shop, lines: [{ productId: product, qty: 1 }] }
		})),
		// The oldest order, cancelled: not among the open ones.
		{ name: 'order.setStatus', args: { id: orders[0], status: 'cancelled' } }
	]);
	await page.setViewportSize({ width: 390, height: 844 });
	await signIn(page, org.login, org.password);
	await page.goto('/orders');
	const rows = page.getByRole('table').locator('tbody tr');
	await expect(rows).toHaveCount(100);
	await page.getByRole('button', { name: 'Load more' }).click();
	await expect(rows).toHaveCount(104);
	await expect(page.getByRole('button', { name: 'Load more' })).toHaveCount(0);
	expect(await scrollsSideways(page)).toBe(false);
	await screenshot(page, 'orders-390.png');
	await page.setViewportSize({ width: 1440, height: 900 });
	await screenshot(page, 'orders-1440.png');

	await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Cancelled' });
	await expect(rows).toHaveCount(1);
	await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Delivered' });
	await expect(page.getByText('No orders with this status.')).toBeVisible();
});
