import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { uuidv7 } from 'uuidv7';
import { emptyOrganization, openInApp, scrollsSideways, signIn } from './helpers';

const sample = (name: string) =>
	readFileSync(
		new URL(`../src/lib/domain/integrations/commerceml/samples/${name}`, import.meta.url)
	);

/**
 * The Integrations screen's 1C section, where the point is the browser: what to paste into 1C,
 * the mapping of the warehouses 1C named, the exchanges' counts and a preview of a file by hand.
 */
test('an admin sets up the exchange with 1C and previews a file', async ({ page }) => {
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
	await page.screenshot({ path: '/tmp/h1c/integrations-1440.png', fullPage: true });
	await page.setViewportSize({ width: 390, height: 844 });
	expect(await scrollsSideways(page)).toBe(false);
	await page.screenshot({ path: '/tmp/h1c/integrations-390.png', fullPage: true });
});
