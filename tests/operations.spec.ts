import { expect, test } from '@playwright/test';
import { signIn, unique, NO_SERVICE_WORKER } from './helpers';

// About screens and the server, not offline work (see NO_SERVICE_WORKER).
test.use(NO_SERVICE_WORKER);

test('a rep reports a problem leaving the browser out; support answers from the queue', async ({
	page,
	browser
}) => {
	const subject = unique('Orders stuck ');
	await signIn(page, 'rep');
	await page.getByRole('button', { name: 'Report a problem' }).click();
	const dialog = page.getByRole('dialog', { name: 'Report a problem' });
	await dialog.getByLabel('What went wrong, in a few words').fill(subject);
	await dialog.getByLabel('What you did and what you saw').fill('The badge stays orange.');
	// Every part is shown with its value before it is sent.
	await expect(dialog.getByText('Changes waiting and refused')).toBeVisible();
	await dialog.getByRole('checkbox', { name: /^Browser/ }).uncheck();
	await dialog.getByRole('button', { name: 'Send to support' }).click();
	await expect(dialog).toBeHidden();

	const vendor = await browser.newContext();
	const support = await vendor.newPage();
	await signIn(support, 'support');
	await support.getByRole('link', { name: 'Support' }).first().click();
	await expect(support.getByRole('heading', { name: 'Support queue' })).toBeVisible();
	await support.getByRole('link', { name: subject }).click();
	await expect(support.getByText('appVersion')).toBeVisible();
	await expect(support.getByText('outbox')).toBeVisible();
	await expect(support.getByText('browser', { exact: true })).toHaveCount(0);
	await support.getByRole('button', { name: 'Take it' }).click();
	await support.getByLabel('Your answer').fill('Which order number?');
	await support.getByRole('button', { name: 'Send', exact: true }).click();
	await support.getByRole('button', { name: 'Set status: Waiting for you' }).click();
	await expect(support.getByText('Waiting for you').first()).toBeVisible();
	await vendor.close();

	await page.goto('/support');
	const row = page.getByRole('row', { name: new RegExp(subject) });
	await expect(row).toContainText('Waiting for you');
	await row.getByRole('link').click();
	await expect(page.getByText('Which order number?')).toBeVisible();
});

test('an admin makes an API token, sees it once, and it reads the catalog until revoked', async ({
	page
}) => {
	const name = unique('BI ');
	await signIn(page, 'admin');
	await page.goto('/admin/integrations');
	await page.getByRole('button', { name: 'New token' }).click();
	const dialog = page.getByRole('dialog');
	await dialog.getByLabel('Name (which system uses it)').fill(name);
	await dialog.getByRole('button', { name: 'Save' }).click();
	const token = (await page.getByTestId('new-token').textContent())!.trim();
	expect(token).toMatch(/^opt_/);
	const read = await page.request.get('/api/v1/products?limit=5', {
		headers: { authorization: `Bearer ${token}` }
	});
	expect(read.status()).toBe(200);
	expect((await read.json()).items.length).toBeGreaterThan(0);

	page.once('dialog', (d) => void d.accept());
	await page.getByRole('button', { name: `Revoke ${name}` }).click();
	await expect(page.getByRole('row', { name: new RegExp(name) })).toContainText('Revoked');
	const after = await page.request.get('/api/v1/products', {
		headers: { authorization: `Bearer ${token}` }
	});
	expect(after.status()).toBe(401);
});
