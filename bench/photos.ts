/**
 * Photos, two measurements:
 * - compressing a 12-megapixel camera shot (4000×3000) on the device: the app's own
 *   src/lib/client/photos/compress.ts (browser-image-compression, bundled here with esbuild) in
 *   headless Chromium, in milliseconds, with the output's size and long side; against a raw
 *   baseline in the same page: one canvas draw at 1600 px and one JPEG encode, no size search;
 * - 100 sales pushed one push each (as a device flushes after each sale), alone and while 100
 *   photos of the compressed size upload beside them: one at a time (one device's photo queue,
 *   which sends one photo at a time) and four at a time (four devices' queues at once). The goal:
 *   the sales take no more than 1.2× as long with photos in flight.
 */
import { build } from 'esbuild';
import { uuidv7 } from 'uuidv7';
import { launchChromium } from './app-browser';
import { mutation, percentile, pushAll, round2 } from './push-client';
import type { Section } from './section';

const SHOTS = 3;
const SALES = 100;
const PHOTOS = 100;

async function compressBench() {
	const bundle = await build({
		entryPoints: ['src/lib/client/photos/compress.ts'],
		bundle: true,
		format: 'iife',
		globalName: 'optioPhotos',
		write: false,
		logLevel: 'silent'
	});
	const browser = await launchChromium();
	try {
		const page = await browser.newPage();
		await page.setContent('<!doctype html><title>compress</title>');
		await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
		// tsx (esbuild's keepNames) wraps named functions below in `__name`, which the page lacks.
		await page.evaluate('window.__name = (f) => f');
		return await page.evaluate(async (shots) => {
			// A camera-like shot: a gradient under 120,000 small coloured boxes (detail JPEG keeps).
			const canvas = new OffscreenCanvas(4000, 3000);
			const ctx = canvas.getContext('2d')!;
			const g = ctx.createLinearGradient(0, 0, 4000, 3000);
			g.addColorStop(0, '#c84');
			g.addColorStop(1, '#236');
			ctx.fillStyle = g;
			ctx.fillRect(0, 0, 4000, 3000);
			let x = 42;
			const rnd = () => ((x = (x * 1103515245 + 12345) >>> 0) >>> 8) / 16777216;
			for (let i = 0; i < 120_000; i++) {
				ctx.fillStyle = `hsl(${rnd() * 360}, 60%, ${30 + rnd() * 50}%)`;
				ctx.fillRect(rnd() * 4000, rnd() * 3000, 4 + rnd() * 30, 4 + rnd() * 30);
			}
			const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.92 });
			const file = new File([blob], 'shot.jpg', { type: 'image/jpeg' });
			const w = window as unknown as {
				optioPhotos: {
					preparePhoto(
						f: File,
						keep: boolean
					): Promise<{ photo: Blob; thumb: Blob; width: number; height: number }>;
				};
			};
			const app: number[] = [];
			let out = { size: 0, thumb: 0, side: 0 };
			for (let i = 0; i < shots; i++) {
				const t = performance.now();
				const made = await w.optioPhotos.preparePhoto(file, false);
				app.push(performance.now() - t);
				out = {
					size: made.photo.size,
					thumb: made.thumb.size,
					side: Math.max(made.width, made.height)
				};
			}
			const raw: number[] = [];
			for (let i = 0; i < shots; i++) {
				const t = performance.now();
				const bitmap = await createImageBitmap(file);
				const c = new OffscreenCanvas(1600, 1200);
				c.getContext('2d')!.drawImage(bitmap, 0, 0, 1600, 1200);
				await c.convertToBlob({ type: 'image/jpeg', quality: 0.85 });
				bitmap.close();
				raw.push(performance.now() - t);
			}
			return { inputBytes: file.size, app, raw, out };
		}, SHOTS);
	} finally {
		await browser.close();
	}
}

/** A JPEG's first bytes, then noise: what the server stores does not depend on the pixels. */
function photoBytes(size: number, seed: number): Uint8Array {
	const bytes = new Uint8Array(size);
	let x = seed;
	for (let i = 0; i < size; i++) bytes[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
	bytes.set([0xff, 0xd8, 0xff, 0xe0]);
	return bytes;
}

async function pushWithPhotos(baseURL: string, token: string, photoSize: number, streams: number) {
	const auth = { authorization: `Bearer ${token}` };
	const warehouse = uuidv7();
	const product = uuidv7();
	const receipt = uuidv7();
	await pushAll(baseURL, token, [
		mutation('warehouse.upsert', { id: warehouse, name: 'Photo bench', kind: 'branch' }),
		mutation('product.upsert', {
			id: product,
			sku: `PB-${product.slice(-12)}`,
			name: 'Tea',
			unit: 'pcs'
		}),
		mutation('price.set', { productId: product, price: 1_000 }),
		mutation('document.save', {
			id: receipt,
			type: 'receipt',
			warehouseId: warehouse,
			lines: [{ productId: product, qty: 1_000_000 }]
		}),
		mutation('document.post', { id: receipt })
	]);
	const sales = async () => {
		const each: number[] = [];
		const t0 = performance.now();
		for (let i = 0; i < SALES; i++) {
			const t = performance.now();
			await pushAll(baseURL, token, [
				mutation('sale.create', {
					id: uuidv7(),
					warehouseId: warehouse,
					lines: [{ productId: product, qty: 1 }],
					payments: [{ method: 'cash', amount: 1_000 }]
				})
			]);
			each.push(performance.now() - t);
		}
		return { totalMs: performance.now() - t0, each };
	};
	await sales(); // warm-up: the same path once, so both runs below meet a warm server
	const alone = await sales();
	let next = 0;
	let uploaded = 0;
	let photosDoneMs = 0;
	const t0 = performance.now();
	const uploads = Array.from({ length: streams }, async () => {
		for (let i = next++; i < PHOTOS; i = next++) {
			const bytes = photoBytes(photoSize, i + 1);
			const res = await fetch(`${baseURL}/api/photos/${uuidv7()}`, {
				method: 'PUT',
				headers: { ...auth, 'content-type': 'image/jpeg' },
				body: bytes as Uint8Array<ArrayBuffer>
			});
			if (res.status !== 201) throw new Error(`photo upload answered ${res.status}`);
			uploaded++;
		}
	});
	const withPhotos = await sales();
	await Promise.all(uploads);
	photosDoneMs = performance.now() - t0;
	return { alone, withPhotos, uploaded, photosDoneMs };
}

export const photosBench: Section = {
	name: 'photos',
	description: 'photo compression on the device; 100 sales pushed while 100 photos upload',
	async run({ baseURL, token }) {
		const compress = await compressBench();
		const photoSize = compress.out.size || 250_000;
		const one = await pushWithPhotos(baseURL, token, photoSize, 1);
		const four = await pushWithPhotos(baseURL, token, photoSize, 4);
		const ratio = (p: typeof one) => round2(p.withPhotos.totalMs / p.alone.totalMs);
		return {
			measurements: [],
			summary: {
				compressInputBytes: compress.inputBytes,
				compressMsMedian: round2(percentile(compress.app, 50)),
				compressMsMax: round2(Math.max(...compress.app)),
				compressOutputBytes: compress.out.size,
				compressOutputLongSide: compress.out.side,
				thumbnailBytes: compress.out.thumb,
				rawDrawAndEncodeMsMedian: round2(percentile(compress.raw, 50)),
				salesAloneMs: round2(one.alone.totalMs),
				salesWithOneQueueMs: round2(one.withPhotos.totalMs),
				photosOneQueueUploadMs: round2(one.photosDoneMs),
				ratioOneQueue: ratio(one),
				goalOneQueueAtMost1_2x: ratio(one) <= 1.2,
				salesAlone2Ms: round2(four.alone.totalMs),
				salesWithFourQueuesMs: round2(four.withPhotos.totalMs),
				photosFourQueuesUploadMs: round2(four.photosDoneMs),
				ratioFourQueues: ratio(four),
				goalFourQueuesAtMost1_2x: ratio(four) <= 1.2
			}
		};
	}
};
