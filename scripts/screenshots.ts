/**
 * Screenshots of every screen at phone (390×844) and laptop (1440×900) sizes, for looking at
 * what we built: `npx tsx scripts/screenshots.ts [baseURL] [outDir]` against a running app.
 */
import { chromium, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { ADMIN_SCREENS } from '../tests/helpers';

const base = process.argv[2] ?? 'http://localhost:4173';
const out = process.argv[3] ?? 'test-results/screens';
mkdirSync(out, { recursive: true });

const SCREENS: { login: string | null; paths: string[] }[] = [
	{ login: null, paths: ['/login', '/signup'] },
	{ login: 'admin', paths: ADMIN_SCREENS },
	{
		login: 'rep',
		paths: [
			'/',
			'/catalog',
			'/trade-points',
			'/stock',
			'/stock/documents/new?type=stocktake',
			'/orders',
			'/visits',
			'/map'
		]
	},
	{ login: 'cashier', paths: ['/sell', '/sales', '/support'] },
	{ login: 'support', paths: ['/support'] }
];

async function signIn(page: Page, login: string) {
	await page.goto(`${base}/login`);
	await page.getByLabel('Login').fill(login);
	await page.getByLabel('Password').fill('optio-demo');
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.waitForURL(`${base}/`);
}

const browser = await chromium.launch({
	executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
	args: ['--no-sandbox', '--disable-gpu', '--use-angle=swiftshader', '--enable-unsafe-swiftshader']
});
for (const [size, viewport] of Object.entries({
	phone: { width: 390, height: 844 },
	laptop: { width: 1440, height: 900 }
})) {
	for (const group of SCREENS) {
		const page = await browser.newPage({ viewport });
		if (group.login) await signIn(page, group.login);
		for (const path of group.paths) {
			await page.goto(`${base}${path}`);
			await page.waitForLoadState('networkidle');
			// A map screen is looked at once the map has drawn.
			if (await page.locator('[data-map-state]').count()) {
				await page
					.locator('[data-map-state="drawn"]')
					.first()
					.waitFor({ timeout: 20_000 })
					.catch(() => console.log(path, 'map not drawn'));
			}
			const name = `${size}-${group.login ?? 'public'}${path.replaceAll('/', '_') || '_'}.png`;
			await page.screenshot({ path: `${out}/${name}`, fullPage: true });
			const wide = await page.evaluate(
				() => document.documentElement.scrollWidth - window.innerWidth
			);
			console.log(name, wide > 1 ? `SCROLLS SIDEWAYS by ${wide}px` : '');
		}
		await page.close();
	}
}
await browser.close();
