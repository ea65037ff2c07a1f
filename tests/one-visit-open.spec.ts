import { expect, request, test, type APIRequestContext } from '@playwright/test';
import { uuidv7 } from 'uuidv7';
import {
	DEMO_PASSWORD,
	serverState,
	signIn,
	unique,
	waitForSynced,
	screenshot,
	NO_SERVICE_WORKER
} from './helpers';

// About screens and the server, not offline work (see NO_SERVICE_WORKER).
test.use(NO_SERVICE_WORKER);

/** Pushes mutations as the API context's user; each must be applied. */
async function push(api: APIRequestContext, mutations: { name: string; args: unknown }[]) {
	const res = await api.post('/api/sync/push', {
		data: {
			clientId: `e2e-${uuidv7()}`,
			mutations: mutations.map((m) => ({ id: uuidv7(), ...m, createdAt: Date.now() }))
		}
	});
	const body = await res.json();
	for (const r of body.results) expect(r.status, JSON.stringify(r)).toBe('applied');
	return body;
}

async function signedIn(baseURL: string, login: string) {
	const api = await request.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL } });
	const res = await api.post('/api/auth/login', { data: { login, password: DEMO_PASSWORD } });
	expect(res.status()).toBe(200);
	return api;
}

// Its own organization, so no other test's rep has a visit open (or sees this one's).
test('a rep checked in at one stop who checks in at another is asked to check out of the first', async ({
	browser,
	baseURL
}) => {
	// Three sessions and a first download each: longer than one screen's journey on a busy machine.
	test.setTimeout(150_000);
	const adminLogin = unique('oneopen-');
	const admin = await request.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL! } });
	const signup = await admin.post('/api/auth/signup', {
		data: {
			organizationName: 'One Visit LLC',
			name: 'Dilnoza Manager',
			login: adminLogin,
			password: DEMO_PASSWORD
		}
	});
	expect(signup.status()).toBe(201);
	const branchId = (await (await admin.get('/api/branches')).json()).items[0].id as string;
	const repLogin = unique('walker-');
	const employee = await admin.post('/api/employees', {
		data: { name: 'Walker Rep', login: repLogin, password: DEMO_PASSWORD, role: 'rep', branchId }
	});
	expect(employee.status()).toBe(201);
	const repId = (await employee.json()).employee.id as string;
	const bazaar = uuidv7();
	const pharmacy = uuidv7();
	await push(admin, [
		{
			name: 'tradePoint.upsert',
			args: {
				id: bazaar,
				name: 'Alay Bazaar',
				location: { lat: 41.3211, lng: 69.2797, source: 'manual' }
			}
		},
		{
			name: 'tradePoint.upsert',
			args: {
				id: pharmacy,
				name: 'Pharmacy 36',
				location: { lat: 41.3111, lng: 69.2797, source: 'manual' }
			}
		},
		{
			name: 'route.upsert',
			args: {
				id: uuidv7(),
				name: 'Every day',
				repId,
				weekdays: [1, 2, 3, 4, 5, 6, 7],
				stops: [bazaar, pharmacy]
			}
		}
	]);

	// The rep, on a phone, stands at the bazaar.
	const phone = await browser.newContext({
		viewport: { width: 390, height: 844 },
		geolocation: { latitude: 41.3211, longitude: 69.2797, accuracy: 10 },
		permissions: ['geolocation']
	});
	const page = await phone.newPage();
	await signIn(page, repLogin);
	const openVisit = async (name: string) => {
		await page.goto('/visits');
		await page
			.getByRole('link', { name: new RegExp(name) })
			.first()
			.click();
		await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
	};
	await openVisit('Alay Bazaar');
	await page.getByRole('button', { name: 'Check in here' }).click();
	await expect(page.getByTestId('visit-place')).toHaveText(/0 m from the trade point/);

	// At the pharmacy without checking out of the bazaar: asked to check out there first.
	await openVisit('Pharmacy 36');
	await page.getByRole('button', { name: 'Check in here' }).click();
	const dialog = page.getByRole('dialog', { name: 'You are still checked in at Alay Bazaar' });
	await expect(dialog).toBeVisible();
	await expect(dialog.getByRole('button', { name: 'Check out of Alay Bazaar' })).toBeVisible();
	await screenshot(page, 'dialog-390.png');
	await page.setViewportSize({ width: 1440, height: 900 });
	await screenshot(page, 'dialog-1440.png');
	await page.setViewportSize({ width: 390, height: 844 });

	// Cancel: nothing changes, still not checked in here.
	await dialog.getByRole('button', { name: 'Cancel' }).click();
	await expect(dialog).toBeHidden();
	await expect(page.getByRole('button', { name: 'Check in here' })).toBeVisible();

	// Check out of the bazaar (nothing was made there: the reason is asked), and so check in here.
	await page.getByRole('button', { name: 'Check in here' }).click();
	await dialog.getByRole('button', { name: 'Check out of Alay Bazaar' }).click();
	await expect(dialog.getByRole('radiogroup', { name: 'Why no sale' })).toHaveAttribute(
		'aria-invalid',
		'true'
	);
	await dialog.getByRole('radio', { name: 'Owner absent' }).check();
	await dialog.getByRole('button', { name: 'Check out of Alay Bazaar' }).click();
	await expect(dialog).toBeHidden();
	await expect(page.getByTestId('visit-place')).toHaveText(/1\.1 km from the trade point/);
	await waitForSynced(page);

	const visits = [...(await serverState(admin)).get('visits')!.values()];
	expect(visits.find((v) => v.tradePointId === bazaar)).toMatchObject({
		outcome: 'no_sale',
		reason: 'owner_absent'
	});
	expect(visits.find((v) => v.tradePointId === bazaar)!.checkOutAt).not.toBeNull();
	expect(visits.find((v) => v.tradePointId === pharmacy)).toMatchObject({
		checkOutAt: null,
		outcome: null
	});

	// An older phone of the same rep, which never heard of the pharmacy visit, checks in at the
	// bazaar: the server closes the pharmacy visit as not checked out rather than keep two open.
	const olderPhone = await signedIn(baseURL!, repLogin);
	await push(olderPhone, [
		{ name: 'visit.checkIn', args: { id: uuidv7(), tradePointId: bazaar, at: Date.now() } }
	]);

	// The manager's plan against fact says so, and does not count it as visited.
	const laptop = await browser.newContext({ viewport: { width: 1440, height: 900 } });
	const manager = await laptop.newPage();
	await signIn(manager, adminLogin);
	await manager.goto('/routes/plan');
	const rep = manager.getByRole('region', { name: 'Walker Rep' });
	const pharmacyStop = rep.getByRole('listitem').filter({ hasText: 'Pharmacy 36' });
	await expect(pharmacyStop).toContainText('Not checked out');
	await expect(pharmacyStop).not.toContainText('Visited');
	await expect(rep.getByRole('listitem').filter({ hasText: 'Alay Bazaar' })).toContainText(
		'Visited'
	);
	await expect(rep).toContainText('Planned 2 · visited 1');
	await expect(rep).toContainText('Not checked out: 1');
	await screenshot(manager, 'plan-1440.png');
	await manager.setViewportSize({ width: 390, height: 844 });
	await screenshot(manager, 'plan-390.png', { fullPage: true });

	await Promise.all([phone.close(), laptop.close(), admin.dispose(), olderPhone.dispose()]);
});
