import { basename, join } from 'node:path';
import { expect, test, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { uuidv7 } from 'uuidv7';
import { DEMO_USERS, demoCatalog, demoStock } from '../src/lib/server/demo-data';

export const DEMO_PASSWORD = 'optio-demo';

/** Signs in through the form and waits for the shell. */
export async function signIn(page: Page, login: string, password = DEMO_PASSWORD) {
	await page.goto('/login');
	await page.getByLabel('Login').fill(login);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Hello');
}

/**
 * A screenshot for a person to look at, saved only when SCREENSHOTS names a folder
 * (`SCREENSHOTS=/tmp/shots npx playwright test tests/home.spec.ts`), as `<spec>-<name>`. The
 * suite itself takes none: a full-page screenshot costs a busy 2-core machine a second or more,
 * and in a suite run nobody looks at it.
 */
export async function screenshot(
	target: Page | Locator,
	path: string,
	options: { fullPage?: boolean } = {}
) {
	const dir = process.env.SCREENSHOTS;
	if (!dir) return;
	const spec = basename(test.info().file, '.spec.ts');
	await target.screenshot({ path: join(dir, `${spec}-${basename(path)}`), ...options });
}

/** True when the page is wider than the viewport (horizontal scrolling). */
export async function scrollsSideways(page: Page): Promise<boolean> {
	return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
}

export const unique = (prefix: string) =>
	`${prefix}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** Every screen an admin reaches, for the checks that walk them all. */
export const ADMIN_SCREENS = [
	'/',
	'/sell',
	'/sales',
	'/orders',
	'/orders/new',
	'/reports',
	'/routes',
	'/routes/new',
	'/routes/plan',
	'/catalog',
	'/catalog/price-lists',
	'/promotions',
	'/trade-points',
	'/map',
	'/counterparties',
	'/stock',
	'/stock/documents',
	'/stock/documents/new?type=transfer',
	'/stock/import',
	'/warehouses',
	'/admin/employees',
	'/admin/branches',
	'/admin/settings',
	'/admin/integrations',
	'/admin/audit',
	'/admin/health',
	'/support',
	'/sync',
	'/account'
];

/**
 * Opens a screen of the app the way a click on one of its links does: no page load, so a walk
 * over many screens pays for the app's start once. Waits for the screen itself (its heading,
 * nothing loading), not for time.
 */
export async function openInApp(page: Page, path: string) {
	const here = (url: URL) => url.pathname + url.search === path;
	const previous = here(new URL(page.url()))
		? null
		: await page.getByRole('heading', { level: 1 }).elementHandle();
	if (previous) {
		await page.evaluate((href) => {
			// The app's router takes every click on a same-origin link.
			const link = document.createElement('a');
			link.href = href;
			document.body.append(link);
			link.click();
			link.remove();
		}, path);
		await expect(page).toHaveURL(here);
		// The screen before has gone (the new one has its own heading).
		await previous.waitForElementState('hidden');
	}
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
	// A map draws in software on these machines (no GPU), frame after frame on the page's one
	// thread: what comes next (axe, the next screen) waits until it has drawn, not beside it.
	await expect(page.locator('[data-map-state="loading"], [data-map-state="ready"]')).toHaveCount(
		0,
		{ timeout: 30_000 }
	);
}

/**
 * Context options for tests about screens rather than offline work: no service worker, so each
 * new context does not precache the whole app (7 MB of assets) first. It was a quarter of the
 * admin screen walks' CPU on 2 cores (233 → 173 s, 2026-11-30). Offline tests keep the worker
 * (waitForServiceWorker), as does the shell's own offline test.
 */
export const NO_SERVICE_WORKER = { serviceWorkers: 'block' } as const;

/** Waits until the service worker controls the page, so it keeps working offline. */
export async function waitForServiceWorker(page: Page) {
	await page.evaluate(async () => {
		await navigator.serviceWorker.ready;
	});
	await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
}

/**
 * Waits until this device has nothing left to send. The outbox itself is read, not only the
 * badge: the badge follows it through a live query, so just after a write it can still show
 * nothing waiting (a return's screen drew before its badge did, and the test read the server
 * before the push).
 */
export async function waitForSynced(page: Page) {
	await expect.poll(() => page.evaluate(unsentOnDevice), { timeout: 20_000 }).toBe(0);
	await expect(page.getByTestId('pending-count')).toHaveCount(0, { timeout: 20_000 });
}

/** Outbox rows (waiting or refused) and photos not yet sent, read straight from IndexedDB. */
async function unsentOnDevice(): Promise<number> {
	// Opening a database that is not there would create an empty one under the app's name.
	if (!(await indexedDB.databases()).some((d) => d.name === 'optio')) return 0;
	return new Promise((resolve, reject) => {
		const open = indexedDB.open('optio');
		open.onerror = () => reject(open.error);
		open.onsuccess = () => {
			const idb = open.result;
			// Closed at once, so a newer schema version opening later is never held up by it.
			const stores = ['outbox', 'photos'].filter((s) => idb.objectStoreNames.contains(s));
			if (stores.length === 0) return (idb.close(), resolve(0));
			const tx = idb.transaction(stores, 'readonly');
			let unsent = 0;
			const outbox = stores.includes('outbox') ? tx.objectStore('outbox').count() : null;
			if (outbox) outbox.onsuccess = () => (unsent += outbox.result);
			if (stores.includes('photos')) {
				const photos = tx.objectStore('photos').getAll();
				photos.onsuccess = () =>
					(unsent += (photos.result as { status: string }[]).filter(
						(p) => p.status === 'pending' || p.status === 'refused'
					).length);
			}
			tx.oncomplete = () => (idb.close(), resolve(unsent));
			tx.onerror = () => (idb.close(), reject(tx.error));
		};
	});
}

interface Change {
	table: string;
	op: 'put' | 'delete';
	row?: Record<string, unknown> & { id: string };
	id?: string;
}

/** Everything the caller's session can pull, folded per table. */
export async function serverState(api: APIRequestContext) {
	const tables = new Map<string, Map<string, Record<string, unknown>>>();
	let cursor = '';
	for (;;) {
		const res = await api.get(`/api/sync/pull${cursor ? `?cursor=${cursor}` : ''}`);
		expect(res.status()).toBe(200);
		const body = (await res.json()) as { changes: Change[]; cursor: string; hasMore: boolean };
		for (const c of body.changes) {
			const t = tables.get(c.table) ?? new Map();
			tables.set(c.table, t);
			if (c.op === 'put') t.set(c.row!.id, c.row!);
			else t.delete(c.id!);
		}
		cursor = body.cursor;
		if (!body.hasMore) return tables;
	}
}

/** Adds a trade point at a Tashkent address through the Trade points screen's dialog. */
export async function addTradePoint(page: Page, name: string) {
	await page.getByRole('button', { name: 'Add trade point' }).click();
	const dialog = page.getByRole('dialog');
	await dialog.getByLabel('Name').fill(name);
	await dialog.getByLabel('Latitude').fill('41.3111');
	await dialog.getByLabel('Longitude').fill('69.2797');
	await dialog.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByText(name)).toBeVisible();
}

/** An organization of one test's own, a copy of the demo: its people's logins by role. */
export interface TestOrganization {
	name: string;
	password: string;
	admin: string;
	manager: string;
	rep: string;
	storekeeper: string;
	cashier: string;
}

/** A setup mutation: its name and args (the id and time are added when it is sent). */
export interface SetupMutation {
	name: string;
	args: unknown;
}

/**
 * Signs up an organization with nothing in it through the API (the admin's session cookie lands
 * in `api`'s context too). `push` sends setup mutations as that admin, 500 at a time, and
 * expects every one applied.
 * @example const org = await emptyOrganization(page.request); await org.push([{ name: 'product.upsert', args }]);
 */
export async function emptyOrganization(
	api: APIRequestContext,
	o: { name?: string; adminName?: string; login?: string; password?: string } = {}
) {
	const login = o.login ?? unique('admin-');
	const password = o.password ?? DEMO_PASSWORD;
	const signup = await api.post('/api/auth/signup', {
		data: {
			organizationName: o.name ?? unique('Test Org '),
			name: o.adminName ?? 'Test Admin',
			login,
			password
		}
	});
	expect(signup.status(), await signup.text()).toBe(201);
	const { token, user } = (await signup.json()) as {
		token: string;
		user: { id: string; branchId: string };
	};
	const headers = { authorization: `Bearer ${token}` };
	async function push(mutations: SetupMutation[]) {
		for (let i = 0; i < mutations.length; i += 500) {
			const res = await api.post('/api/sync/push', {
				headers,
				data: {
					clientId: `e2e-setup-${uuidv7()}`,
					mutations: mutations
						.slice(i, i + 500)
						.map((m) => ({ id: uuidv7(), ...m, createdAt: Date.now() }))
				}
			});
			expect(res.status(), await res.text()).toBe(200);
			const { results } = (await res.json()) as { results: { status: string }[] };
			expect(
				results.filter((r) => r.status !== 'applied'),
				'every setup mutation is applied'
			).toEqual([]);
		}
	}
	return { token, user, login, password, headers, push };
}

/**
 * Signs up a new organization and fills it with the demo's branches, catalog, stock and route
 * through the public API and sync push, as a customer would. A test that changes data (prices,
 * stock, settings, a user's choices) works here, so no other test sees the change and the suite
 * passes in any order, on any number of workers, repeated.
 *
 * People: the admin, the rep and the cashier (the van and the store need their owners), and the
 * other roles named in `also`. Each costs the server a password hash, so a test asks only for
 * whom it signs in as; the login of one not made fails to sign in.
 */
export async function newOrganization(
	api: APIRequestContext,
	also: ('manager' | 'storekeeper')[] = []
): Promise<TestOrganization> {
	const tag = unique('');
	const name = `Test Org ${tag}`;
	const admin = DEMO_USERS.find((u) => u.role === 'admin')!;
	const logins = Object.fromEntries(DEMO_USERS.map((u) => [u.role, `${u.login}-${tag}`]));
	const { user, headers, push } = await emptyOrganization(api, {
		name,
		adminName: admin.name,
		login: logins.admin
	});
	const call = async (method: 'post' | 'patch', path: string, data: unknown) => {
		const res = await api[method](path, { headers, data });
		expect(res.ok(), `${method} ${path}: ${await res.text()}`).toBe(true);
		return res.json();
	};
	await call('patch', `/api/branches/${user.branchId}`, {
		name: 'Tashkent',
		address: 'Amir Temur 1'
	});
	const samarkand = (
		await call('post', '/api/branches', { name: 'Samarkand', address: 'Registan 5' })
	).branch.id as string;
	const ids: Record<string, string> = {};
	for (const u of DEMO_USERS) {
		if (u.role !== 'rep' && u.role !== 'cashier' && !also.includes(u.role as 'manager')) continue;
		const { employee } = await call('post', '/api/employees', {
			name: u.name,
			login: logins[u.role],
			password: DEMO_PASSWORD,
			role: u.role,
			branchId: u.branch === 'samarkand' ? samarkand : user.branchId
		});
		ids[u.role] = employee.id;
	}
	const { mutations, ...catalog } = demoCatalog();
	const all = [
		...mutations,
		...demoStock(catalog, {
			tashkent: user.branchId,
			samarkand,
			repId: ids.rep!,
			cashierId: ids.cashier!
		})
	];
	await push(all);
	return {
		name,
		password: DEMO_PASSWORD,
		admin: logins.admin!,
		manager: logins.manager!,
		rep: logins.rep!,
		storekeeper: logins.storekeeper!,
		cashier: logins.cashier!
	};
}

/**
 * The interactive elements of the screen smaller than 44×44 CSS px (issue 15 item 8, WCAG 2.5.5's
 * size), as "what: W×H" lines; none is the goal. Measured is what a finger hits: a checkbox or
 * radio counts with its label, a visually hidden file input by the label that opens it. Left out,
 * as WCAG leaves them out: links inside a sentence (inline), and what is not drawn (hidden,
 * zero-sized, or off screen in a closed menu).
 */
export async function smallTargets(page: Page, min = 44): Promise<string[]> {
	return page.evaluate((min) => {
		const SELECTOR =
			'a[href], button, input:not([type="hidden"]), select, textarea, summary, [role="button"], [role="link"], [role="checkbox"], [role="radio"], [role="tab"], [tabindex]:not([tabindex="-1"])';
		const drawn = (e: Element) => {
			const style = getComputedStyle(e);
			if (style.visibility === 'hidden' || style.display === 'none') return false;
			const r = e.getBoundingClientRect();
			return r.width > 0 && r.height > 0 && !(e as HTMLElement).closest('[inert], [hidden]');
		};
		const out: string[] = [];
		for (const el of document.querySelectorAll(SELECTOR)) {
			let target: Element = el;
			if (el instanceof HTMLInputElement && ['checkbox', 'radio', 'file'].includes(el.type)) {
				target =
					el.closest('label') ??
					(el.id ? document.querySelector(`label[for="${el.id}"]`) : null) ??
					el;
			}
			if (target !== el && !drawn(target)) continue;
			if (target === el && !drawn(el)) continue;
			// A visually hidden control with no label to stand for it is not a target of its own.
			const r = target.getBoundingClientRect();
			if (r.width <= 1 && r.height <= 1) continue;
			// Inline: a link in a run of text.
			if (
				el.tagName === 'A' &&
				getComputedStyle(el).display === 'inline' &&
				el.closest('p, li > span')
			)
				continue;
			if (r.width + 0.5 < min || r.height + 0.5 < min) {
				const name =
					el.getAttribute('aria-label') ||
					(el as HTMLElement).innerText?.trim().slice(0, 30) ||
					el.getAttribute('name') ||
					el.id;
				out.push(
					`${el.tagName.toLowerCase()} "${name}": ${Math.round(r.width)}×${Math.round(r.height)}`
				);
			}
		}
		return out;
	}, min);
}

/** Chooses a trade point in a picker (TradePointPicker) by typing its name, as a rep would. */
export async function chooseTradePoint(page: Page, label: string, name: string) {
	await page.getByRole('combobox', { name: label }).fill(name);
	await page
		.getByRole('listbox', { name: label })
		.getByRole('option')
		.filter({ has: page.getByText(name, { exact: true }) })
		.click();
}
