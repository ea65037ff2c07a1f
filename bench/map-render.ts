/**
 * The trade points map on a device: 5,000 trade points around Tashkent pulled into IndexedDB by
 * the real app in Chromium, then the map screen opened and timed until MapLibre has drawn the
 * built-in world map with every point clustered (its `idle` event). The raw baseline in the same
 * page reads the same rows from Dexie and draws each point as a dot on a plain 2D canvas.
 */
import { uuidv7 } from 'uuidv7';
import { launchChromium, signInAs, startAppServer, waitForFirstDownload } from './app-browser';
import { mutation, percentile, pushAll, round2 } from './push-client';
import type { Section } from './section';

const POINTS = Number(process.env.BENCH_MAP_POINTS ?? 5_000);
const OPENS = 5;

async function seed(baseURL: string) {
	const login = `map-${Date.now().toString(36)}`;
	const res = await fetch(`${baseURL}/api/auth/signup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({
			organizationName: 'Map Bench',
			name: 'Map Admin',
			login,
			password: 'bench-password'
		})
	});
	const { token } = (await res.json()) as { token: string };
	// A fixed pseudo-random spread over the city, so every run draws the same map.
	let s = 42;
	const next = () => ((s = (s * 16807) % 2147483647) / 2147483647) as number;
	await pushAll(
		baseURL,
		token,
		Array.from({ length: POINTS }, (_, i) =>
			mutation('tradePoint.upsert', {
				id: uuidv7(),
				name: `Map point ${i}`,
				location: { lat: 41.15 + next() * 0.35, lng: 69.05 + next() * 0.45, source: 'manual' }
			})
		)
	);
	return login;
}

export const mapRender: Section = {
	name: 'map-render',
	description: 'trade points map with 5,000 points: first render in headless Chromium',
	async run() {
		const app = await startAppServer(Number(process.env.BENCH_APP_PORT ?? 4394));
		const browser = await launchChromium();
		try {
			const login = await seed(app.baseURL);
			const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
			const page = await context.newPage();
			await signInAs(context, page, app.baseURL, login, 'bench-password');
			await page.goto(`${app.baseURL}/`);
			await waitForFirstDownload(page, 10);

			const map = page.getByRole('region', { name: 'Trade points on the map' });
			const openMs: number[] = [];
			for (let i = 0; i < OPENS; i++) {
				const start = Date.now();
				await page.goto(`${app.baseURL}/map`);
				await map.and(page.locator(`[data-points="${POINTS}"][data-map-state="drawn"]`)).waitFor({
					timeout: 120_000
				});
				openMs.push(Date.now() - start);
			}

			// Raw: the same rows from Dexie, each a dot on a plain canvas, painted.
			await page.addScriptTag({ path: 'node_modules/dexie/dist/dexie.js' });
			const rawMs: number[] = [];
			for (let i = 0; i < OPENS; i++) {
				rawMs.push(
					await page.evaluate(async () => {
						const D = (window as unknown as { Dexie: typeof import('dexie').Dexie }).Dexie;
						const db = new D('optio');
						await db.open();
						const t = performance.now();
						const points = (await db.table('tradePoints').toArray()) as {
							lat: number;
							lng: number;
						}[];
						const canvas = document.createElement('canvas');
						canvas.width = 1400;
						canvas.height = 700;
						document.body.append(canvas);
						const ctx = canvas.getContext('2d')!;
						ctx.fillStyle = '#cfe3f0';
						ctx.fillRect(0, 0, canvas.width, canvas.height);
						ctx.fillStyle = '#d9480f';
						for (const p of points) {
							ctx.beginPath();
							ctx.arc((p.lng - 69) * 3000, (41.6 - p.lat) * 1900, 3, 0, Math.PI * 2);
							ctx.fill();
						}
						await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
						const ms = performance.now() - t;
						canvas.remove();
						db.close();
						return ms;
					})
				);
			}
			const median = (xs: number[]) => percentile(xs, 50);
			return {
				measurements: [],
				summary: {
					points: POINTS,
					firstOpenMs: round2(openMs[0]!),
					openMsMedian: round2(median(openMs)),
					openMsMax: round2(Math.max(...openMs)),
					rawDexieAndCanvasMsMedian: round2(median(rawMs)),
					ratio: round2(median(rawMs) / median(openMs))
				}
			};
		} finally {
			await browser.close();
			app.stop();
		}
	}
};
