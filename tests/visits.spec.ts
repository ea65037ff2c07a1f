import { expect, test } from '@playwright/test';
import { newOrganization, signIn, waitForServiceWorker, waitForSynced } from './helpers';

// Each test checks in with a rep of an organization of its own: a visit left open, the rep's
// "don't use my location" choice or a payment never reaches another test.

const POINT = 'Cafe Navruz';

async function openVisit(page: import('@playwright/test').Page, point = POINT) {
	await page.getByRole('link', { name: 'Visits' }).first().click();
	await page.getByRole('link', { name: new RegExp(point) }).click();
	await expect(page.getByRole('heading', { name: point })).toBeVisible();
}

test('with location allowed, a rep checks in offline and the visit carries the place and distance', async ({
	browser,
	request
}) => {
	const org = await newOrganization(request);
	const context = await browser.newContext({
		geolocation: { latitude: 41.2898, longitude: 69.2573, accuracy: 12 },
		permissions: ['geolocation']
	});
	const page = await context.newPage();
	await signIn(page, org.rep);
	await waitForServiceWorker(page);
	await context.setOffline(true);
	await openVisit(page);
	await page.getByRole('button', { name: 'Check in here' }).click();
	// Cafe Navruz is at 41.2889, 69.2573: the rep stands about 100 m north.
	await expect(page.getByTestId('visit-place')).toHaveText(/100 m from the trade point/);
	// Nothing sold, ordered or collected: the outcome is no sale, with the reason picked.
	await page.getByRole('radio', { name: 'Closed' }).check();
	await page.getByRole('button', { name: 'Check out' }).click();
	// On to the next stop of today's route (Cafe Navruz is the last; Dorixona No. 7 the first).
	await expect(page.getByRole('heading', { name: 'Dorixona No. 7' })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Check in here' })).toBeVisible();
	await context.setOffline(false);
	await waitForSynced(page);
	const visits = await page.evaluate(async () => {
		const r = await fetch('/api/sync/pull?limit=5000');
		const j = (await r.json()) as { changes: { table: string; row: Record<string, unknown> }[] };
		return j.changes.filter((c) => c.table === 'visits').map((c) => c.row);
	});
	expect(visits.at(-1)).toMatchObject({
		lat: 41.2898,
		lng: 69.2573,
		accuracy: 12,
		locationSource: 'gps',
		distance: 100,
		flagged: false,
		outcome: 'no_sale',
		reason: 'closed'
	});
	await context.close();
});

test('with location denied, a rep checks in with typed coordinates or without', async ({
	browser,
	request
}) => {
	const org = await newOrganization(request);
	const context = await browser.newContext({ permissions: [] });
	const page = await context.newPage();
	await signIn(page, org.rep);
	await openVisit(page);
	await page.getByRole('button', { name: 'Check in here' }).click();
	await expect(page.getByText('Location is not allowed on this device')).toBeVisible();
	await page.getByLabel('Latitude').fill('95');
	await page.getByLabel('Longitude').fill('69.2573');
	await page.getByRole('button', { name: 'Check in at these coordinates' }).click();
	await expect(page.getByLabel('Latitude')).toHaveAttribute('aria-invalid', 'true');
	await page.getByLabel('Latitude').fill('41,2889');
	await page.getByRole('button', { name: 'Check in at these coordinates' }).click();
	await expect(page.getByTestId('visit-place')).toHaveText(/0 m from the trade point/);
	await page.getByRole('radio', { name: 'No money' }).check();
	await page.getByRole('button', { name: 'Check out' }).click();
	// The next stop's screen asks the device again; still denied, so the rep goes on without.
	await expect(page.getByRole('heading', { name: 'Dorixona No. 7' })).toBeVisible();
	await page.getByRole('button', { name: 'Check in here' }).click();
	await page.getByRole('button', { name: 'Check in without location' }).click();
	await expect(page.getByTestId('visit-place')).toHaveText('Checked in without a location.');
	await page.getByRole('radio', { name: 'No money' }).check();
	await page.getByRole('button', { name: 'Check out' }).click();
	await context.close();
});

test("with “don't use my location” set, the page never asks for the location", async ({
	browser,
	request
}) => {
	const org = await newOrganization(request);
	const context = await browser.newContext({
		geolocation: { latitude: 41.2898, longitude: 69.2573 },
		permissions: ['geolocation']
	});
	// Count every call the page makes to the geolocation API.
	await context.addInitScript(() => {
		const w = window as unknown as { __geoCalls: number };
		w.__geoCalls = 0;
		const geo = navigator.geolocation;
		for (const name of ['getCurrentPosition', 'watchPosition'] as const) {
			const original = geo[name].bind(geo) as (...a: unknown[]) => unknown;
			(geo as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
				w.__geoCalls++;
				return original(...args);
			};
		}
	});
	const page = await context.newPage();
	await signIn(page, org.rep);
	await page.goto('/account');
	await page.getByLabel('Don’t use my location').check();
	await expect(page.getByLabel('Don’t use my location')).toBeChecked();
	await openVisit(page, 'Dorixona No. 7');
	await expect(page.getByText('You chose not to use your location')).toBeVisible();
	await expect(page.getByRole('button', { name: 'Check in here' })).toHaveCount(0);
	await page.getByRole('button', { name: 'Check in without location' }).click();
	await expect(page.getByTestId('visit-place')).toHaveText('Checked in without a location.');
	expect(await page.evaluate(() => (window as unknown as { __geoCalls: number }).__geoCalls)).toBe(
		0
	);
	await context.close();
});

test('a rep collects a payment at a visit offline; the office sees it once on the customer’s account', async ({
	browser,
	request
}) => {
	// Two people's first downloads and the rep's walk on to the next stop, on a busy machine.
	test.setTimeout(90_000);
	const org = await newOrganization(request, ['manager']);
	const amount = 100_000 + Math.floor(Math.random() * 90_000);
	const shown = new Intl.NumberFormat('en-US').format(amount);
	const context = await browser.newContext({ permissions: [] });
	const page = await context.newPage();
	await signIn(page, org.rep);
	await waitForServiceWorker(page);
	await openVisit(page, 'Sergeli Wholesale');
	await page.getByRole('button', { name: 'Check in here' }).click();
	await page.getByRole('button', { name: 'Check in without location' }).click();
	await context.setOffline(true);
	await page.getByRole('button', { name: 'Collect payment' }).click();
	await page.getByLabel('Amount, UZS').fill(String(amount));
	await page.getByRole('button', { name: new RegExp(`^Collect UZS\\s${shown}`) }).click();
	// More than the customer owes is asked about once before it becomes an advance.
	const collected = page.getByRole('status').filter({ hasText: 'collected' });
	const advance = page.getByRole('button', { name: new RegExp(`^Yes, take UZS\\s${shown}`) });
	await expect(collected.or(advance)).toBeVisible();
	if (await advance.isVisible()) await advance.click();
	await expect(collected).toBeVisible();
	// The payment is what the visit came to: listed, and the outcome, with nothing to pick.
	await expect(page.getByTestId('visit-documents')).toContainText('Payment collected');
	await expect(page.getByTestId('visit-outcome')).toHaveText('Outcome: Payment collected');
	await page.getByRole('button', { name: 'Check out' }).click();
	await expect(page.getByRole('heading', { name: 'Dorixona No. 7' })).toBeVisible();
	await context.setOffline(false);
	await waitForSynced(page);
	await context.close();

	const office = await browser.newContext();
	const manager = await office.newPage();
	await signIn(manager, org.manager);
	await manager.getByRole('link', { name: 'Customers' }).first().click();
	await manager.getByRole('link', { name: 'Sergeli Wholesale LLC' }).click();
	await expect(manager.getByRole('heading', { name: 'Sergeli Wholesale LLC' })).toBeVisible();
	await expect(
		manager
			.getByRole('listitem')
			.filter({ hasText: new RegExp(`UZS\\s${shown}`) })
			.filter({ hasText: 'Payment, Cash' })
	).toHaveCount(1);
	await office.close();
});
