/**
 * The first screens as Lighthouse (12.2.3, its default mobile preset: a mid-range phone on a slow
 * 4G link, simulated) scores them, on the production Node server with its compressed assets:
 * the sign-in screen on a fresh browser, and the demo rep's home on a device that has signed in
 * and downloaded its data (IndexedDB and the session kept; the service worker and its caches
 * removed, so every script comes over the simulated network). Each is run RUNS times; the
 * median run is reported. Also counted: the JavaScript each screen fetches before it has drawn,
 * gzipped — the "first-load JavaScript".
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { launch, type LaunchedChrome } from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { launchChromium, signInAs, startAppServer, waitForFirstDownload } from './app-browser';
import { percentile, round2 } from './push-client';
import type { Section } from './section';

const RUNS = Number(process.env.BENCH_LIGHTHOUSE_RUNS ?? 3);

interface Run {
	score: number;
	tbtMs: number;
	lcpMs: number;
	fcpMs: number;
	cls: number;
}

async function startChrome(): Promise<{ chrome: LaunchedChrome; profile: string }> {
	const profile = mkdtempSync(join(tmpdir(), 'optio-lighthouse-'));
	const chrome = await launch({
		chromePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		userDataDir: profile,
		chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu']
	});
	return { chrome, profile };
}

async function audit(url: string, port: number, keepStorage: boolean): Promise<Run> {
	const result = await lighthouse(url, {
		port,
		output: 'json',
		logLevel: 'error',
		onlyCategories: ['performance'],
		disableStorageReset: keepStorage
	});
	if (!result) throw new Error(`lighthouse gave no result for ${url}`);
	const { lhr } = result;
	if (process.env.BENCH_LIGHTHOUSE_SAVE) {
		const { writeFileSync } = await import('node:fs');
		writeFileSync(
			`${process.env.BENCH_LIGHTHOUSE_SAVE}-${new URL(url).pathname.replace(/\W/g, '') || 'home'}.json`,
			JSON.stringify(lhr)
		);
		const trace = (result.artifacts as unknown as { Trace?: unknown }).Trace;
		if (trace)
			writeFileSync(
				`${process.env.BENCH_LIGHTHOUSE_SAVE}-${new URL(url).pathname.replace(/\W/g, '') || 'home'}.trace.json`,
				JSON.stringify(trace)
			);
	}
	if (lhr.runtimeError) throw new Error(`lighthouse: ${lhr.runtimeError.message}`);
	const value = (id: string) => lhr.audits[id]?.numericValue ?? NaN;
	return {
		score: Math.round((lhr.categories.performance?.score ?? 0) * 100),
		tbtMs: round2(value('total-blocking-time')),
		lcpMs: round2(value('largest-contentful-paint')),
		fcpMs: round2(value('first-contentful-paint')),
		cls: round2(value('cumulative-layout-shift'))
	};
}

/** The median run by score, and the worst figure of each kind across runs. */
function summarize(prefix: string, runs: Run[]) {
	const median = (pick: (r: Run) => number) => percentile(runs.map(pick), 50);
	return {
		[`${prefix}ScoreMedian`]: median((r) => r.score),
		[`${prefix}ScoreMin`]: Math.min(...runs.map((r) => r.score)),
		[`${prefix}TbtMsMedian`]: median((r) => r.tbtMs),
		[`${prefix}LcpMsMedian`]: median((r) => r.lcpMs),
		[`${prefix}FcpMsMedian`]: median((r) => r.fcpMs),
		[`${prefix}ClsMax`]: Math.max(...runs.map((r) => r.cls))
	};
}

/**
 * The scripts each screen asks for before it has drawn its heading, gzipped as the server sends
 * them (the build's precompressed .gz copies), in KiB: the sign-in screen on a fresh browser, the
 * rep's home once the rep has signed in and synced. What loads after (the sync code, once the
 * screen is up) is not counted. A browser of its own (no service worker), so nothing is cached.
 */
async function firstLoadScriptKiB(baseURL: string): Promise<{ login: number; home: number }> {
	const browser = await launchChromium();
	try {
		const context = await browser.newContext({ serviceWorkers: 'block' });
		// The moment the heading is put in the page, taken in the page itself: a script the page
		// asks for once it has drawn is not counted, however late the test's own wait notices it.
		await context.addInitScript(() => {
			new MutationObserver((_, observer) => {
				if (!document.querySelector('h1')) return;
				(window as unknown as { h1At: number }).h1At = performance.now();
				observer.disconnect();
			}).observe(document, { childList: true, subtree: true });
		});
		const measure = async (path: string) => {
			const page = await context.newPage();
			await page.goto(`${baseURL}${path}`);
			await page.locator('h1').first().waitFor();
			const drawn = await page.evaluate(() => {
				const h1At = (window as unknown as { h1At: number }).h1At;
				return [
					...new Set(
						performance
							.getEntriesByType('resource')
							.filter((e) => e.startTime < h1At)
							.map((e) => new URL(e.name).pathname)
							.filter((p) => p.endsWith('.js'))
					)
				];
			});
			await page.close();
			let bytes = 0;
			for (const script of drawn) bytes += statSync(join('build/client', `${script}.gz`)).size;
			return round2(bytes / 1024);
		};
		const login = await measure('/login');
		const page = await context.newPage();
		await signInAs(context, page, baseURL, 'rep', 'optio-demo');
		await page.goto(`${baseURL}/`);
		await waitForFirstDownload(page, 5);
		await page.close();
		// A second context with the same cookie and storage would share the cache: clear it.
		const cdp = await context.newCDPSession(await context.newPage());
		await cdp.send('Network.clearBrowserCache');
		return { login, home: await measure('/') };
	} finally {
		await browser.close();
	}
}

/** Signs the demo rep in on this Chrome and waits until its first download is done. */
async function signInRep(baseURL: string, port: number) {
	const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
	try {
		const context = browser.contexts()[0]!;
		const page = await context.newPage();
		await signInAs(context, page, baseURL, 'rep', 'optio-demo');
		await page.goto(`${baseURL}/`);
		await waitForFirstDownload(page, 2);
		await page.close();
	} finally {
		// Disconnects, leaving the browser running: Lighthouse drives it next.
		await browser.close().catch(() => {});
	}
}

/** Every script over the (simulated) network: no service worker, no cached copies. */
async function dropServiceWorker(baseURL: string, port: number) {
	const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
	try {
		const page = await browser.contexts()[0]!.newPage();
		const cdp = await page.context().newCDPSession(page);
		await cdp.send('Storage.clearDataForOrigin', {
			origin: new URL(baseURL).origin,
			storageTypes: 'service_workers,cache_storage'
		});
		await cdp.send('Network.clearBrowserCache');
		await page.close();
	} finally {
		await browser.close().catch(() => {});
	}
}

export const lighthouseSection: Section = {
	name: 'lighthouse',
	description: 'Lighthouse 12.2.3 mobile: /login (fresh) and the rep home (signed in, synced)',
	async run() {
		const app = await startAppServer(Number(process.env.BENCH_APP_PORT ?? 4395));
		try {
			const login: Run[] = [];
			for (let i = 0; i < RUNS; i++) {
				const { chrome, profile } = await startChrome();
				try {
					login.push(await audit(`${app.baseURL}/login`, chrome.port, false));
				} finally {
					chrome.kill();
					rmSync(profile, { recursive: true, force: true });
				}
			}
			const home: Run[] = [];
			const { chrome, profile } = await startChrome();
			try {
				await signInRep(app.baseURL, chrome.port);
				for (let i = 0; i < RUNS; i++) {
					await dropServiceWorker(app.baseURL, chrome.port);
					home.push(await audit(`${app.baseURL}/`, chrome.port, true));
				}
			} finally {
				chrome.kill();
				rmSync(profile, { recursive: true, force: true });
			}
			const scripts = await firstLoadScriptKiB(app.baseURL);
			return {
				measurements: [],
				summary: {
					runs: RUNS,
					...summarize('login', login),
					loginFirstLoadScriptKiB: scripts.login,
					...summarize('repHome', home),
					repHomeFirstLoadScriptKiB: scripts.home,
					goals: 'score ≥ 90, TBT < 200 ms, first-load JS ≤ 120 KiB, CLS 0'
				}
			};
		} finally {
			app.stop();
		}
	}
};
