/**
 * The rep's home on a device that holds a lot: the demo rep signed in and synced, then the home
 * opened (CPU slowed 4×, as Lighthouse's mobile preset slows it) and timed until its figures are
 * drawn; then 5,000 more trade points (not on the rep's routes) and 5,000 payments of a year ago
 * put in the device's database, as a big branch's pulls leave them, and the home timed again. The
 * baseline is the same home on the demo's small device, in the same run: the ratio says how much
 * the home slows as the device fills (issue 15: the home reads only the rows it draws).
 */
import { launchChromium, signInAs, startAppServer, waitForFirstDownload } from './app-browser';
import { percentile, round2 } from './push-client';
import type { Section } from './section';

const EXTRA = Number(process.env.BENCH_HOME_ROWS ?? 5000);
const OPENS = 5;
/** The home on the full device takes at most a fifth longer than on the demo's. */
export const HOME_SCALE_GOAL = 1.2;

export const homeScale: Section = {
	name: 'home-scale',
	description: `the rep's home drawn on the demo device and with ${EXTRA} more trade points and payments`,
	async run() {
		const app = await startAppServer(Number(process.env.BENCH_APP_PORT ?? 4391));
		const browser = await launchChromium();
		try {
			const context = await browser.newContext({
				serviceWorkers: 'block',
				viewport: { width: 390, height: 844 }
			});
			const page = await context.newPage();
			await signInAs(context, page, app.baseURL, 'rep', 'optio-demo');
			await page.goto(`${app.baseURL}/`);
			await waitForFirstDownload(page, 5);

			/** Milliseconds from navigation to the figures on screen, median of OPENS opens. */
			const openHome = async () => {
				const times: number[] = [];
				for (let i = 0; i < OPENS; i++) {
					const tab = await context.newPage();
					const cdp = await context.newCDPSession(tab);
					await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
					const t0 = Date.now();
					await tab.goto(`${app.baseURL}/`);
					await tab.getByTestId('home-stops').waitFor();
					times.push(Date.now() - t0);
					// The work the open started (sync's first round) ends before the next open.
					await tab.waitForTimeout(1500);
					await tab.close();
				}
				return percentile(times, 50);
			};

			const demoMs = await openHome();
			await page.evaluate(async (n) => {
				const open = indexedDB.open('optio');
				const idb = await new Promise<IDBDatabase>((resolve, reject) => {
					open.onsuccess = () => resolve(open.result);
					open.onerror = () => reject(open.error);
				});
				const tx = idb.transaction(['tradePoints', 'payments'], 'readwrite');
				const yearAgo = Date.now() - 365 * 86_400_000;
				for (let i = 0; i < n; i++) {
					const tail = String(i).padStart(12, '0');
					tx.objectStore('tradePoints').put({
						id: `00000000-0000-7000-8000-${tail}`,
						version: 1,
						branchId: null,
						name: `Shop ${i}`,
						address: `Street ${i % 300}, ${i}`,
						channel: 'retail',
						counterpartyId: null,
						lat: 41.3,
						lng: 69.2,
						archived: false
					});
					tx.objectStore('payments').put({
						id: `00000000-0000-7000-9000-${tail}`,
						version: 1,
						counterpartyId: `00000000-0000-7000-a000-${tail}`,
						receiptId: null,
						authorId: 'another-rep',
						method: 'cash',
						amount: 10_000,
						at: yearAgo + i * 60_000
					});
				}
				await new Promise((resolve, reject) => {
					tx.oncomplete = resolve;
					tx.onerror = () => reject(tx.error);
				});
				idb.close();
			}, EXTRA);
			const fullMs = await openHome();
			const ratio = fullMs / demoMs;
			return {
				measurements: [],
				summary: {
					extraRows: EXTRA,
					demoDeviceMs: demoMs,
					fullDeviceMs: fullMs,
					ratio: round2(ratio),
					goal: `≤ ${HOME_SCALE_GOAL}`,
					goalMet: ratio <= HOME_SCALE_GOAL
				}
			};
		} finally {
			await browser.close();
			app.stop();
		}
	}
};
