import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import {
	newOrganization,
	scrollsSideways,
	signIn,
	waitForServiceWorker,
	waitForSynced,
	screenshot
} from './helpers';

// Each test works in an organization of its own: the targets it sets and the sales it makes
// move no figure another test reads.

const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1440, height: 900 };

async function scan(page: Page, code: string) {
	const input = page.getByRole('combobox', { name: 'Find a product' });
	await input.fill(code);
	await input.press('Enter');
}

/** Signs in once and draws the home (or `path`) at both sizes, checking nothing spills sideways. */
async function shoot(browser: Browser, login: string, name: string, path = '/') {
	const context = await browser.newContext({ viewport: PHONE });
	const page = await context.newPage();
	await signIn(page, login);
	if (path !== '/') await page.goto(path);
	await shots(page, name);
	await context.close();
}

async function shots(page: Page, name: string) {
	for (const [size, viewport] of [
		['390', PHONE],
		['1440', LAPTOP]
	] as const) {
		await page.setViewportSize(viewport);
		await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
		// A chart follows a new width on its own resize observer, a frame or more later.
		await expect
			.poll(() => scrollsSideways(page), { message: `${name} at ${size} scrolls sideways` })
			.toBe(false);
		await screenshot(page, `${name}-${size}.png`, { fullPage: true });
		if (size === '390') {
			const { violations } = await new AxeBuilder({ page }).include('#main').analyze();
			expect(violations.map((v) => `${v.id}: ${v.nodes[0]?.target}`)).toEqual([]);
		}
	}
}

test('a manager sets a target; the rep’s home shows today offline and follows a sale without a reload', async ({
	browser,
	request
}) => {
	// Three people sign in, and each screen is drawn at two sizes: a busy machine takes its time.
	test.setTimeout(180_000);
	const org = await newOrganization(request, ['manager']);

	const office = await browser.newContext({ viewport: LAPTOP });
	const manager = await office.newPage();
	await signIn(manager, org.manager);
	await expect(manager.getByRole('heading', { name: 'Reps on the day' })).toBeVisible();
	await manager.getByRole('link', { name: 'Set targets' }).click();
	await manager.getByLabel('Sales amount for Jasur Toshmatov').fill('4800000');
	await manager.getByLabel('Visits for Jasur Toshmatov').fill('100');
	await manager.getByRole('button', { name: 'Save targets' }).click();
	await expect(manager.getByRole('status').filter({ hasText: 'Targets saved' })).toBeVisible();
	await waitForSynced(manager);
	await office.close();

	const phone = await browser.newContext({ viewport: PHONE });
	const page = await phone.newPage();
	await signIn(page, org.rep);
	await waitForServiceWorker(page);
	// The day's route: four stops, none done; nothing sold yet against the target.
	await expect(page.getByTestId('home-stops')).toHaveText('0 of 4');
	await expect(page.getByRole('link', { name: /Open the visit/ })).toBeVisible();
	await expect(page.getByTestId('home-sold')).toHaveText(/UZS\s0(?![.,\d])/);
	// The day's share of the month's UZS 4,800,000 is a whole sum, as UZS is written.
	await expect(page.getByText(/of UZS\s\d{1,3}(,\d{3})* for the day/)).toBeVisible();
	await expect(page.getByTestId('home-month-sold')).toHaveText(
		/UZS\s0 of UZS\s4,800,000(?![.,\d])/
	);
	await expect(page.getByTestId('home-month')).toContainText('0% of target');
	await expect(page.getByTestId('home-van')).not.toHaveText(/UZS\s0(?![.,\d])/);
	const van = await page.getByTestId('home-van').textContent();

	await phone.setOffline(true);
	await page.getByRole('link', { name: 'Sell' }).first().click();
	await scan(page, 'COF-095');
	await page.getByRole('button', { name: /Complete sale/ }).click();
	await expect(page.getByRole('heading', { name: 'Receipt' })).toBeVisible();
	await page.getByRole('link', { name: 'Home' }).first().click();

	// Offline, from the device's own rows: the sale, its cash, one change waiting, less stock.
	await expect(page.getByTestId('home-sales')).toHaveText(/UZS\s48,000(?![.,\d])/);
	await expect(page.getByTestId('home-sold')).toHaveText(/UZS\s48,000(?![.,\d])/);
	await expect(page.getByTestId('home-cash')).toHaveText(/UZS\s48,000(?![.,\d])/);
	await expect(page.getByTestId('home-unsent')).toHaveText('1');
	await expect(page.getByTestId('home-month')).toContainText('1% of target');
	await expect(page.getByTestId('home-van')).not.toHaveText(van!);
	await screenshot(page, `rep-home-offline-390.png`, { fullPage: true });
	// The screen's own content fits the phone. (Offline with a change waiting, the top bar's
	// badge and language menu are wider than 390 px: the shell's, not this screen's.)
	expect(
		await page.evaluate(() =>
			[...document.querySelectorAll('main *')].every(
				(e) => e.getBoundingClientRect().right <= window.innerWidth + 1
			)
		)
	).toBe(true);

	// Back online the sale is sent: the count on the same screen falls to zero, no reload.
	const url = page.url();
	await phone.setOffline(false);
	await expect(page.getByTestId('home-unsent')).toHaveText('0', { timeout: 20_000 });
	expect(page.url()).toBe(url);
	await shots(page, 'rep-home');
	await phone.close();

	// The manager's dashboard has the sale against the target.
	const back = await browser.newContext({ viewport: LAPTOP });
	const desk = await back.newPage();
	await signIn(desk, org.manager);
	const month = desk.getByTestId('dash-month').getByRole('row', { name: /Jasur Toshmatov/ });
	await expect(month).toContainText('UZS 48,000 / UZS 4,800,000 · 1%');
	const day = desk.getByTestId('dash-day').getByRole('row', { name: /Jasur Toshmatov/ });
	await expect(day).toContainText('0 / 4');
	await expect(desk.locator('figure canvas').first()).toBeVisible();
	expect(await scrollsSideways(desk)).toBe(false);
	await shots(desk, 'dashboard');
	await desk.getByRole('link', { name: 'Set targets' }).click();
	await expect(desk.getByLabel('Sales amount for Jasur Toshmatov')).toHaveValue('4800000.00');
	await shots(desk, 'targets');
	await back.close();
});

test('the storekeeper’s and the cashier’s homes show their waiting work and their day', async ({
	browser,
	request
}) => {
	test.setTimeout(120_000);
	const org = await newOrganization(request, ['storekeeper']);
	await shoot(browser, org.storekeeper, 'storekeeper-home');
	await shoot(browser, org.cashier, 'cashier-home');
	const context = await browser.newContext({ viewport: PHONE });
	const page = await context.newPage();
	await signIn(page, org.cashier);
	await expect(page.getByRole('link', { name: 'New sale' })).toBeVisible();
	await expect(page.getByText('Receipts today')).toBeVisible();
	await context.close();
});
