import { expect, test } from '@playwright/test';
import { signIn, waitForServiceWorker } from './helpers';

test('the trade points map draws the built-in world map with no network at all', async ({
	page,
	context,
	baseURL
}) => {
	await signIn(page, 'manager');
	await waitForServiceWorker(page);
	const elsewhere: string[] = [];
	page.on('request', (r) => {
		if (!r.url().startsWith(baseURL!) && !r.url().startsWith('blob:')) elsewhere.push(r.url());
	});
	await context.setOffline(true);
	await page.getByRole('link', { name: 'Map' }).first().click();
	await expect(page.getByRole('heading', { name: 'Map of trade points' })).toBeVisible();
	const map = page.getByRole('region', { name: 'Trade points on the map' });
	await expect(map).toHaveAttribute('data-map-state', 'drawn', { timeout: 30_000 });
	await expect(map).toHaveAttribute('data-map-base', 'offline');
	await expect(map.locator('canvas')).toBeVisible();
	await expect(page.getByText(/\d+ of \d+ trade points have coordinates/)).toBeVisible();
	// A filter narrows the map to one trade point.
	await page.getByLabel('Channel').selectOption('pharmacy');
	await expect(map).toHaveAttribute('data-points', '1');
	expect(elsewhere).toEqual([]);
});

test('a rep sees today’s route on the map with its numbered stops', async ({ page }) => {
	await signIn(page, 'rep');
	await page.getByRole('link', { name: 'Visits' }).first().click();
	await page.getByRole('button', { name: 'Show on the map' }).click();
	const map = page.getByRole('region', { name: 'Today’s route on the map' });
	await expect(map).toHaveAttribute('data-map-state', 'drawn', { timeout: 30_000 });
	await expect(map.getByRole('img', { name: /^1\. Dorixona No. 7/ })).toBeVisible();
	await expect(map.getByRole('img', { name: /^4\. Cafe Navruz/ })).toBeVisible();
});

test('a manager picks a trade point’s place on the map; no location is read', async ({ page }) => {
	await page.addInitScript(() => {
		// The map must never ask where the user is: count any attempt.
		const w = window as unknown as { geoCalls: number };
		w.geoCalls = 0;
		const count = () => {
			w.geoCalls++;
		};
		Object.defineProperty(navigator, 'geolocation', {
			value: { getCurrentPosition: count, watchPosition: count, clearWatch: () => {} }
		});
	});
	await signIn(page, 'manager');
	await page.goto('/trade-points');
	await page.getByRole('button', { name: 'Edit: Sergeli Wholesale' }).click();
	const dialog = page.getByRole('dialog');
	await dialog.getByRole('button', { name: 'Pick on the map' }).click();
	const map = dialog.getByRole('region', { name: 'Pick on the map' });
	await expect(map).toHaveAttribute('data-map-state', 'drawn', { timeout: 30_000 });
	const lat = dialog.getByLabel('Latitude');
	const before = await lat.inputValue();
	await map.scrollIntoViewIfNeeded();
	const box = (await map.boundingBox())!;
	await map
		.locator('canvas')
		.click({ position: { x: box.width / 2 + 40, y: box.height / 2 + 30 } });
	await expect(lat).not.toHaveValue(before);
	await expect(lat).toHaveValue(/^4[01]\.\d{6}$/);
	await expect(map.getByRole('img', { name: 'The place you picked' })).toBeVisible();
	expect(await page.evaluate(() => (window as unknown as { geoCalls: number }).geoCalls)).toBe(0);
});
