/**
 * The balances screen on a device: 20,000 products in 10 warehouses (200,000 balances) pulled
 * into IndexedDB by the real app in Chromium, then the screen opened and switched between
 * warehouses, timed until the rows are painted; against a raw baseline in the same page: the
 * same Dexie reads and a plain table of the same rows.
 */
import { uuidv7 } from 'uuidv7';
import { launchChromium, signInAs, startAppServer, waitForFirstDownload } from './app-browser';
import { mutation, percentile, pushAll, round2 } from './push-client';
import type { Section } from './section';

const PRODUCTS = Number(process.env.BENCH_RENDER_PRODUCTS ?? 20_000);
const WAREHOUSES = 10;
const LINES = 2000;
const SWITCHES = 10;

async function seed(baseURL: string) {
	const login = `render-${Date.now().toString(36)}`;
	const res = await fetch(`${baseURL}/api/auth/signup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({
			organizationName: 'Render Bench',
			name: 'Render Admin',
			login,
			password: 'bench-password'
		})
	});
	const { token } = (await res.json()) as { token: string };
	const warehouses = Array.from({ length: WAREHOUSES }, () => uuidv7());
	const products = Array.from({ length: PRODUCTS }, () => uuidv7());
	await pushAll(baseURL, token, [
		...warehouses.map((id, i) =>
			mutation('warehouse.upsert', { id, name: `Warehouse ${i}`, kind: 'branch' })
		),
		...products.map((id, i) =>
			mutation('product.upsert', {
				id,
				sku: `SR-${i}`,
				name: `Render product ${i}`,
				unit: 'pcs'
			})
		)
	]);
	for (const [w, warehouseId] of warehouses.entries()) {
		for (let i = 0; i < PRODUCTS; i += LINES) {
			const id = uuidv7();
			await pushAll(baseURL, token, [
				mutation('document.save', {
					id,
					type: 'receipt',
					warehouseId,
					// Each warehouse's first product holds w + 1: how a switch is seen to be done.
					lines: products
						.slice(i, i + LINES)
						.map((productId, j) => ({ productId, qty: w + 1 + 10 * (i + j) }))
				}),
				mutation('document.post', { id })
			]);
		}
	}
	return { login, warehouses };
}

export const stockRender: Section = {
	name: 'stock-render',
	description: 'balances screen for 20,000 products × 10 warehouses in Chromium',
	async run() {
		const app = await startAppServer(Number(process.env.BENCH_APP_PORT ?? 4393));
		const browser = await launchChromium();
		try {
			const { login, warehouses } = await seed(app.baseURL);
			const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
			const page = await context.newPage();
			await signInAs(context, page, app.baseURL, login, 'bench-password');
			const t0 = Date.now();
			await page.goto(`${app.baseURL}/`);
			await waitForFirstDownload(page, 20);
			const downloadSeconds = (Date.now() - t0) / 1000;

			const count = page.getByTestId('balances-count');
			const openMs: number[] = [];
			for (const w of warehouses.slice(0, 3)) {
				const start = Date.now();
				await page.goto(`${app.baseURL}/stock?warehouse=${w}`);
				await count.waitFor({ timeout: 60_000 });
				openMs.push(Date.now() - start);
			}

			// Switching warehouse on the open screen: select, then wait for the new rows' paint.
			const switchMs: number[] = [];
			for (let i = 0; i < SWITCHES; i++) {
				const index = (i + 1) % WAREHOUSES;
				switchMs.push(
					await page.getByLabel('Warehouse').evaluate(
						async (el, { w, expected }) => {
							const select = el as HTMLSelectElement;
							const t = performance.now();
							select.value = w;
							select.dispatchEvent(new Event('change', { bubbles: true }));
							// Done when the new warehouse's first row is on screen and painted.
							for (;;) {
								await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
								const first = document.querySelector('table.balances tbody td.qty');
								if (first?.textContent?.trim() === expected) break;
								if (performance.now() - t > 30_000) {
									throw new Error(`still "${first?.textContent}", not "${expected}"`);
								}
							}
							return performance.now() - t;
						},
						{ w: warehouses[index]!, expected: `${index + 1} pcs` }
					)
				);
			}

			// Raw: the same reads and a plain table of the first 200 rows, in the same page.
			await page.addScriptTag({ path: 'node_modules/dexie/dist/dexie.js' });
			const rawMs: number[] = [];
			for (let i = 0; i < SWITCHES; i++) {
				rawMs.push(
					await page.evaluate(
						async (w) => {
							const D = (window as unknown as { Dexie: typeof import('dexie').Dexie }).Dexie;
							const db = new D('optio');
							await db.open();
							const t = performance.now();
							const [balances, products] = await Promise.all([
								db.table('balances').where('warehouseId').equals(w).toArray(),
								db.table('products').toArray()
							]);
							const name = new Map(
								products.map((p: { id: string; name: string }) => [p.id, p.name])
							);
							const rows = balances
								.slice(0, 200)
								.map(
									(b: { productId: string; qty: number }) =>
										`<tr><td>${name.get(b.productId)}</td><td>${b.qty}</td></tr>`
								)
								.join('');
							const table = document.createElement('table');
							table.innerHTML = `<tbody>${rows}</tbody>`;
							document.body.append(table);
							await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
							const ms = performance.now() - t;
							table.remove();
							db.close();
							return ms;
						},
						warehouses[i % WAREHOUSES]!
					)
				);
			}
			const median = (xs: number[]) => percentile(xs, 50);
			return {
				measurements: [],
				summary: {
					balances: PRODUCTS * WAREHOUSES,
					firstDownloadSeconds: round2(downloadSeconds),
					openScreenMsMedian: round2(median(openMs)),
					switchWarehouseMsMedian: round2(median(switchMs)),
					switchWarehouseMsMax: round2(Math.max(...switchMs)),
					rawReadAndTableMsMedian: round2(median(rawMs)),
					ratio: round2(median(rawMs) / median(switchMs))
				}
			};
		} finally {
			await browser.close();
			app.stop();
		}
	}
};
