/**
 * Screens on a device that holds a lot: the demo rep signed in and synced, then the home and one
 * of the rep's receipts opened (CPU slowed 4×, as Lighthouse's mobile preset slows it) and timed
 * until their figures and lines are drawn; then 5,000 more trade points (not on the rep's routes),
 * 5,000 payments of a year ago and 20,000 more products put in the device's database, as a big
 * branch's pulls leave them, and both timed again. The baseline is the same screen on the demo's
 * small device, in the same run: the ratio says how much a screen slows as the device fills
 * (issue 15: a screen reads only the rows it draws).
 */
import type { Page } from '@playwright/test';
import { launchChromium, signInAs, startAppServer, waitForFirstDownload } from './app-browser';
import { percentile, round2 } from './push-client';
import type { Section } from './section';

const EXTRA = Number(process.env.BENCH_DEVICE_ROWS ?? 5000);
const EXTRA_PRODUCTS = 4 * EXTRA;
const OPENS = 5;
/** A screen on the full device takes at most a fifth longer than on the demo's. */
export const DEVICE_SCALE_GOAL = 1.2;

/**
 * One cash sale of the first product in the rep's van, pushed from the signed-in page as the app
 * pushes (same origin, the session's cookie); the receipt's id.
 */
async function sellOne(page: Page): Promise<string> {
	return page.evaluate(async () => {
		const open = indexedDB.open('optio');
		const idb = await new Promise<IDBDatabase>((resolve, reject) => {
			open.onsuccess = () => resolve(open.result);
			open.onerror = () => reject(open.error);
		});
		// No named function in here: the bench's loader would wrap it in a helper the page lacks.
		const [warehouses, balances, prices] = await Promise.all(
			['warehouses', 'balances', 'prices'].map(
				(store) =>
					new Promise<unknown[]>((resolve) => {
						const req = idb.transaction(store).objectStore(store).getAll();
						req.onsuccess = () => resolve(req.result);
					})
			)
		);
		const me = (
			JSON.parse(localStorage.getItem('optio.session') ?? '{}') as { user?: { id: string } }
		).user?.id;
		const van = (warehouses as { id: string; ownerId: string | null }[]).find(
			(w) => w.ownerId === me
		);
		const stocked = (balances as { warehouseId: string; productId: string; qty: number }[]).find(
			(b) => b.warehouseId === van?.id && b.qty >= 1
		);
		const price = (prices as { productId: string; price: number }[]).find(
			(p) => p.productId === stocked?.productId
		);
		idb.close();
		if (!van || !stocked || !price) throw new Error('the demo rep has no priced stock in a van');
		const id = crypto.randomUUID();
		const res = await fetch('/api/sync/push', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({
				clientId: 'bench',
				mutations: [
					{
						id: crypto.randomUUID(),
						name: 'sale.create',
						args: {
							id,
							warehouseId: van.id,
							lines: [{ productId: stocked.productId, qty: 1 }],
							payments: [{ method: 'cash', amount: price.price }]
						},
						createdAt: Date.now()
					}
				]
			})
		});
		const answer = (await res.json()) as { results?: { status: string }[] };
		if (answer.results?.[0]?.status !== 'applied') {
			throw new Error(`the sale was not applied: ${JSON.stringify(answer)}`);
		}
		return id;
	});
}

export const deviceScale: Section = {
	name: 'device-scale',
	description: `the rep's home and a receipt on the demo device and with ${EXTRA} more trade points and payments and ${EXTRA_PRODUCTS} more products`,
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

			/** Milliseconds from navigation until `drawn` holds in the page, median of OPENS opens. */
			const open = async (path: string, drawn: () => boolean) => {
				const times: number[] = [];
				for (let i = 0; i < OPENS; i++) {
					const tab = await context.newPage();
					const cdp = await context.newCDPSession(tab);
					await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
					const t0 = Date.now();
					await tab.goto(`${app.baseURL}${path}`);
					await tab.waitForFunction(drawn, undefined, { polling: 'raf' });
					times.push(Date.now() - t0);
					// The work the open started (sync's first round) ends before the next open.
					await tab.waitForTimeout(1500);
					await tab.close();
				}
				return percentile(times, 50);
			};
			const receiptId = await sellOne(page);
			// The sale comes back to the device with the next pull, as the rep's own would.
			await page.goto(`${app.baseURL}/`);
			await page.waitForFunction(
				async (id) =>
					new Promise<boolean>((resolve) => {
						const open = indexedDB.open('optio');
						open.onsuccess = () => {
							const get = open.result.transaction('receipts').objectStore('receipts').get(id);
							get.onsuccess = () => {
								open.result.close();
								resolve(!!get.result);
							};
						};
					}),
				receiptId,
				{ polling: 500, timeout: 60_000 }
			);
			const screens = {
				home: () => open('/', () => !!document.querySelector('[data-testid="home-stops"]')),
				// Its first line named: the product read.
				receipt: () =>
					open(`/sales/${receiptId}`, () => {
						const name = document.querySelector('td.name')?.textContent?.trim();
						return !!name && name !== '—';
					})
			};

			const demo = { home: await screens.home(), receipt: await screens.receipt() };
			await page.evaluate(
				async ({ n, products }) => {
					const open = indexedDB.open('optio');
					const idb = await new Promise<IDBDatabase>((resolve, reject) => {
						open.onsuccess = () => resolve(open.result);
						open.onerror = () => reject(open.error);
					});
					const tx = idb.transaction(['tradePoints', 'payments', 'products'], 'readwrite');
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
					for (let i = 0; i < products; i++) {
						tx.objectStore('products').put({
							id: `00000000-0000-7000-b000-${String(i).padStart(12, '0')}`,
							version: 1,
							sku: `X-${i}`,
							name: `Product ${i}`,
							unit: 'pcs',
							barcodes: [`478${String(i).padStart(10, '0')}`],
							categoryId: null,
							active: true,
							photoId: null
						});
					}
					await new Promise((resolve, reject) => {
						tx.oncomplete = resolve;
						tx.onerror = () => reject(tx.error);
					});
					idb.close();
				},
				{ n: EXTRA, products: EXTRA_PRODUCTS }
			);
			const full = { home: await screens.home(), receipt: await screens.receipt() };
			const ratio = { home: full.home / demo.home, receipt: full.receipt / demo.receipt };
			return {
				measurements: [],
				summary: {
					extraTradePoints: EXTRA,
					extraPayments: EXTRA,
					extraProducts: EXTRA_PRODUCTS,
					homeDemoMs: demo.home,
					homeFullMs: full.home,
					homeRatio: round2(ratio.home),
					receiptDemoMs: demo.receipt,
					receiptFullMs: full.receipt,
					receiptRatio: round2(ratio.receipt),
					goal: `≤ ${DEVICE_SCALE_GOAL}`,
					goalMet: ratio.home <= DEVICE_SCALE_GOAL && ratio.receipt <= DEVICE_SCALE_GOAL
				}
			};
		} finally {
			await browser.close();
			app.stop();
		}
	}
};
