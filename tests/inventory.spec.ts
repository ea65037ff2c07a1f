import { expect, test } from '@playwright/test';
import { newOrganization, signIn, unique, waitForSynced, NO_SERVICE_WORKER } from './helpers';

// About screens and the server, not offline work (see NO_SERVICE_WORKER).
test.use(NO_SERVICE_WORKER);

test('a manager adds a van for a rep, who then sees it among their warehouses', async ({
	page,
	browser,
	request
}) => {
	// Its own organization: a second van for the demo rep would change what other tests' rep sees.
	const org = await newOrganization(request, ['manager']);
	const van = unique('Van ');
	await signIn(page, org.manager);
	await page.goto('/warehouses');
	await expect(page.getByRole('cell', { name: 'Tashkent warehouse', exact: true })).toBeVisible();
	// The manager works in Tashkent: Samarkand's warehouse is not theirs to see.
	await expect(page.getByRole('cell', { name: 'Samarkand warehouse' })).toHaveCount(0);

	await page.getByRole('button', { name: 'Add warehouse' }).click();
	const dialog = page.getByRole('dialog');
	await dialog.getByLabel('Name').fill(van);
	await dialog.getByLabel('Kind').selectOption('van');
	// A van without its rep is refused on the device, naming the field.
	await dialog.getByRole('button', { name: 'Save' }).click();
	await expect(dialog.getByLabel('Sales rep')).toHaveAttribute('aria-invalid', 'true');
	await expect(dialog.getByText('Required')).toBeVisible();
	await dialog.getByLabel('Sales rep').selectOption({ label: 'Jasur Toshmatov' });
	await dialog.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByRole('cell', { name: van, exact: true })).toBeVisible();
	await waitForSynced(page);

	const repContext = await browser.newContext();
	const rep = await repContext.newPage();
	await signIn(rep, org.rep);
	await rep.goto('/warehouses');
	const row = rep.getByRole('row').filter({ hasText: van });
	await expect(row).toBeVisible();
	await expect(row).toContainText('Jasur Toshmatov');
	// A rep sees warehouses; only managers change them.
	await expect(rep.getByRole('button', { name: 'Add warehouse' })).toHaveCount(0);
	await repContext.close();
});
