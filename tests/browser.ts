import { existsSync } from 'node:fs';

/**
 * The browser the tests drive and its flags, shared by playwright.config.ts and the tests that
 * launch a browser of their own (the fake camera's flags go to those only).
 */
const systemChromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) =>
	existsSync(p)
);
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
