import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { uuidv7 } from 'uuidv7';
import {
	emptyOrganization,
	openInApp,
	screenshot,
	scrollsSideways,
	signIn,
	NO_SERVICE_WORKER
} from './helpers';

// About screens and the server, not offline work (see NO_SERVICE_WORKER).
test.use(NO_SERVICE_WORKER);

const sample = (name: string) =>
	readFileSync(
		new URL(`../src/lib/domain/integrations/commerceml/samples/${name}`, import.meta.url)
	);

/**
 * The Integrations screen's 1C section, where the point is the browser: what to paste into 1C,
 * the mapping of the warehouses 1C named, the exchanges' counts and a preview of a file by hand.
 */
test('an admin sets up the exchange with 1C, previews a file and enters the e-invoice operator’s details', async ({
	page
}) => {
	const org = await emptyOrganization(page.request);
	await org.push([
		{ name: 'warehouse.upsert', args: { id: uuidv7(), name: 'Главный склад', kind: 'main' } }
	]);
	for (const name of ['import.xml', 'offers.xml']) {
		const res = await page.request.post(`/api/integrations/1c/upload?filename=${name}`, {
			headers: { ...org.headers, 'content-type': 'application/octet-stream' },
			data: sample(name)
		});
		expect(res.status(), await res.text()).toBe(200);
	}
	const problems: string[] = [];
	page.on('pageerror', (e) => problems.push(e.message));
	await page.setViewportSize({ width: 1440, height: 900 });
	await signIn(page, org.login, org.password);
	await openInApp(page, '/admin/integrations').catch((e) => {
		throw new Error(`${e}\n${problems.join('\n')}`);
	});
	const section = page.getByRole('region', { name: 'Exchange with 1C' });
	await expect(section.getByTestId('onec-url')).toContainText('/api/1c/exchange');
	const exchanges = section.getByRole('table', { name: 'Last exchanges' });
	await expect(exchanges.getByRole('row')).toHaveCount(3);
	await expect(exchanges.getByRole('row').nth(2)).toContainText('24');
	// 1C named its warehouses in offers.xml: each gets a choice of Optio's.
	await section.getByLabel('1C warehouse Магазин "Обувь"').selectOption({ label: 'Главный склад' });
	await section.getByRole('button', { name: 'Save settings' }).click();
	await expect(section.getByRole('status')).toHaveText('Settings saved.');
	await section.getByLabel('CommerceML file (.xml or .zip)').setInputFiles({
		name: 'offers.xml',
		mimeType: 'application/xml',
		buffer: sample('offers.xml')
	});
	await section.getByRole('button', { name: 'Preview' }).click();
	// Stock of the newly mapped warehouse is what the file would change now.
	await expect(
		section.getByRole('listitem').filter({ hasText: 'offers.xml: 2 changes' })
	).toBeVisible();

	// The e-invoice operator's section on the same screen: the seller's details, checked field by
	// field, and Didox's key, never shown again once saved.
	const esf = page.getByRole('region', { name: 'E-invoices (Didox)' });
	await esf.getByLabel('TIN').fill('12345');
	await esf.getByLabel('Company name').fill('Optio Test MChJ');
	await esf.getByLabel('Partner token').fill('partner-token-123');
	await esf.getByRole('button', { name: 'Save e-invoice settings' }).click();
	await expect(esf.getByLabel('TIN')).toHaveAttribute('aria-invalid', 'true');
	await esf.getByLabel('TIN').fill('123456789');
	await esf.getByRole('button', { name: 'Save e-invoice settings' }).click();
	await expect(esf.getByRole('status')).toHaveText('E-invoice settings saved.');
	await expect(esf.getByLabel('Partner token')).toHaveValue('');
	const saved = await page.request.get('/api/einvoices/settings');
	expect((await saved.json()).settings).toMatchObject({
		seller: { tin: '123456789', name: 'Optio Test MChJ' },
		hasPartnerToken: true,
		hasUserKey: false
	});
	await page.reload();
	await expect(esf.getByLabel('TIN')).toHaveValue('123456789');
	await expect(esf.getByText('Saved. Leave blank to keep it')).toBeVisible();
	await screenshot(page, 'integrations-1440.png', { fullPage: true });

	await page.setViewportSize({ width: 390, height: 844 });
	expect(await scrollsSideways(page)).toBe(false);
	await screenshot(page, 'integrations-390.png', { fullPage: true });

	// 1C's properties of a good are the product's: on its line in the catalog, found by a value
	// typed in either script, and listed on its card.
	await openInApp(page, '/catalog');
	await page.getByRole('searchbox', { name: 'Search' }).fill('obuvnoy');
	const boots = page.getByRole('row').filter({ hasText: 'Женские ботфорты коричневые' });
	await expect(boots.getByTestId('product-properties')).toContainText(
		'Производитель: Обувной комбинат'
	);
	await expect(page.getByRole('row').filter({ hasText: 'Ботинки женские' })).toHaveCount(0);
	expect(await scrollsSideways(page)).toBe(false);
	await screenshot(page, 'catalog-properties-390.png', { fullPage: true });
	await boots.getByRole('button', { name: 'Edit: Женские ботфорты коричневые' }).click();
	const card = page.getByRole('dialog');
	await expect(card.getByRole('region', { name: 'Properties' })).toContainText('Обувной комбинат');
	await screenshot(page, 'product-properties-390.png');
	await page.setViewportSize({ width: 1440, height: 900 });
	await screenshot(page, 'product-properties-1440.png');
});
