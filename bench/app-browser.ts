/**
 * What the browser sections share: the built app on its own port and database, Debian's
 * Chromium, a signed-in device, and waiting for its first download to finish.
 */
import { chromium, type BrowserContext, type Page } from '@playwright/test';

export function launchChromium() {
	return chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--no-first-run',
			// WebGL for the map screens, in software.
			'--use-angle=swiftshader',
			'--enable-unsafe-swiftshader'
		]
	});
}

/** Signs the context in and gives the shell the user, as the sign-in form would. */
export async function signInAs(
	context: BrowserContext,
	page: Page,
	baseURL: string,
	login: string,
	password: string
) {
	const res = await context.request.post(`${baseURL}/api/auth/login`, {
		data: { login, password }
	});
	if (!res.ok()) throw new Error(`login ${res.status()}`);
	const me = await (await context.request.get(`${baseURL}/api/me`)).json();
	await page.goto(`${baseURL}/login`);
	await page.evaluate(
		(m) =>
			localStorage.setItem(
				'optio.session',
				JSON.stringify({ user: m.user, organization: m.organization, branch: m.branch })
			),
		me
	);
}

/**
 * Polls the app's own database (closing each connection, never creating it) until the first
 * download is done.
 */
export async function waitForFirstDownload(page: Page, minutes = 10) {
	const done = () =>
		page.evaluate(async () => {
			if (!(await indexedDB.databases()).some((d) => d.name === 'optio')) return false;
			return new Promise<boolean>((resolve) => {
				const req = indexedDB.open('optio');
				req.onsuccess = () => {
					const idb = req.result;
					if (!idb.objectStoreNames.contains('meta')) {
						idb.close();
						return resolve(false);
					}
					const get = idb.transaction('meta').objectStore('meta').get('initialDone');
					get.onsuccess = () => {
						idb.close();
						resolve(get.result?.value === true);
					};
					get.onerror = () => {
						idb.close();
						resolve(false);
					};
				};
				req.onerror = () => resolve(false);
			});
		});
	for (let i = 0; !(await done()); i++) {
		if (i > minutes * 600)
			throw new Error(`the first download did not finish in ${minutes} minutes`);
		await new Promise((r) => setTimeout(r, 100));
	}
}

/** The built app on its own port and database, for the browser sections. */
export async function startAppServer(port: number) {
	const { spawn } = await import('node:child_process');
	const { mkdtempSync } = await import('node:fs');
	const { tmpdir } = await import('node:os');
	const { join } = await import('node:path');
	const dir = mkdtempSync(join(tmpdir(), 'optio-bench-app-'));
	const child = spawn('node', ['scripts/e2e-server.js'], {
		env: { ...process.env, PORT: String(port), E2E_DB: join(dir, 'app.db'), SEED_DEMO: 'false' },
		stdio: ['ignore', 'ignore', 'inherit'],
		detached: true
	});
	const baseURL = `http://localhost:${port}`;
	// The server builds first when the sources changed: minutes on a busy 2-core machine.
	for (let i = 0; ; i++) {
		try {
			if ((await fetch(`${baseURL}/api/health`)).ok) break;
		} catch {
			// not up yet
		}
		if (i > 1200) throw new Error(`the app server on ${baseURL} did not start in 10 minutes`);
		await new Promise((r) => setTimeout(r, 500));
	}
	return { baseURL, stop: () => process.kill(-child.pid!, 'SIGTERM') };
}
