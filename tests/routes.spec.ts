import { expect, test } from '@playwright/test';
import { newOrganization, signIn, unique, waitForSynced, NO_SERVICE_WORKER } from './helpers';

// About screens and the server, not offline work (see NO_SERVICE_WORKER).
test.use(NO_SERVICE_WORKER);

/** The organization's yesterday (the demo keeps time in Tashkent). */
const yesterday = () =>
	new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tashkent' }).format(Date.now() - 86_400_000);

test('a manager plans a route for yesterday, orders it by keyboard and drag, and plan-vs-fact shows the missed stops', async ({
	page,
	request
}) => {
	// Its own organization: another test's routes or visits of yesterday would change the fact.
	const org = await newOrganization(request, ['manager']);
	const name = unique('Check ');
	await signIn(page, org.manager);
	await page.getByRole('link', { name: 'Routes' }).first().click();
	await expect(page.getByRole('row', { name: /Tashkent daily round/ })).toContainText(
		'Jasur Toshmatov'
	);
	await page.getByRole('link', { name: 'New route' }).click();
	await page.getByLabel('Route name').fill(name);
	await page.getByLabel('Sales rep').selectOption({ label: 'Jasur Toshmatov' });
	await page.getByLabel('On one date').check();
	await page.getByLabel('Date', { exact: true }).fill(yesterday());
	for (const point of ['Oqtepa Supermarket', 'Sergeli Wholesale', 'Cafe Navruz']) {
		await page.getByLabel('Find a trade point to add').fill(point.split(' ')[0]!);
		await page.getByRole('button', { name: `+ Add ${point}` }).click();
	}
	const stops = page.getByRole('list', { name: 'Stops, in order' }).getByRole('listitem');
	await expect(stops).toHaveText([/Oqtepa/, /Sergeli/, /Cafe Navruz/]);
	// Keyboard: Sergeli up to first.
	await stops
		.nth(1)
		.getByRole('button', { name: 'Sergeli Wholesale', exact: true })
		.press('Alt+ArrowUp');
	await expect(stops).toHaveText([/Sergeli/, /Oqtepa/, /Cafe Navruz/]);
	await expect(page.getByText('Sergeli Wholesale is now stop 1.')).toBeAttached();
	// Drag: Cafe Navruz onto the second place.
	await stops.nth(2).dragTo(stops.nth(1));
	await expect(stops).toHaveText([/Sergeli/, /Cafe Navruz/, /Oqtepa/]);
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByRole('row', { name: new RegExp(name) })).toContainText('3');
	await waitForSynced(page);

	await page.getByRole('link', { name: 'Plan and fact' }).click();
	await page.getByLabel('Day').fill(yesterday());
	const rep = page.getByRole('region', { name: 'Jasur Toshmatov' });
	const sergeli = rep.getByRole('listitem').filter({ hasText: 'Sergeli Wholesale' });
	await expect(sergeli).toContainText('Missed');
	await expect(rep).toContainText(/missed [1-9]/);
});

test('the rep’s visits screen lists today’s route in its order', async ({ page }) => {
	await signIn(page, 'rep');
	await page.getByRole('link', { name: 'Visits' }).first().click();
	const route = page.getByRole('list', { name: 'Today’s route' }).getByRole('listitem');
	await expect(route).toHaveText([/Dorixona No. 7/, /Chorsu/, /Yunusobod/, /Cafe Navruz/]);
	await expect(route.first().getByLabel('Stop 1')).toHaveText('1');
	await expect(page.getByRole('heading', { name: 'Other trade points' })).toBeVisible();
});
