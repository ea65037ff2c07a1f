import { existsSync } from 'node:fs';

/**
 * The browser the tests drive and its flags, shared by playwright.config.ts and the tests that
 * launch a browser of their own (the fake camera's flags go to those only).
 */
// Debian's headless shell first: the full browser's headless mode draws its own window chrome and
// runs its extensions and WebUI pages, unseen. On 2 cores the suite took 16.7 min with it and
// 12.3 min with the shell (the same 78 tests, 2026-11-30).
const systemChromium = [
	'/usr/bin/chromium-headless-shell',
	'/usr/bin/chromium',
	'/usr/bin/chromium-browser'
].find((p) => existsSync(p));
export const executablePath =
	process.env.CHROMIUM_PATH ?? (process.env.PW_BUNDLED ? undefined : systemChromium);

export const BROWSER_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run',
	'--use-angle=swiftshader',
	'--enable-unsafe-swiftshader'
];
