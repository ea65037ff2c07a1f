import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import exifr from 'exifr';
import piexif from 'piexifjs';
import { uuidv7 } from 'uuidv7';
import {
	newOrganization,
	scrollsSideways,
	serverState,
	signIn,
	waitForServiceWorker,
	screenshot
} from './helpers';

// Photos at a stop, offline at a phone's size: a rep fills a shelf audit (issue 17) with product
// rows and two camera shots carrying GPS in their EXIF, compressed on the device and kept there; a
// sale made after them still reaches the server first, while the photo endpoint answers 503; then
// the photos arrive, without their location, and the manager's gallery shows them with the answers.

test.use({ viewport: { width: 390, height: 844 } });

/** A camera-sized JPEG (3000×2000, noisy so it does not compress to nothing), made in the browser. */
async function cameraJpeg(page: Page, seed: number): Promise<Buffer> {
	const base64 = await page.evaluate(async (seed) => {
		const canvas = new OffscreenCanvas(3000, 2000);
		const ctx = canvas.getContext('2d')!;
		const gradient = ctx.createLinearGradient(0, 0, 3000, 2000);
		gradient.addColorStop(0, `hsl(${seed * 90}, 70%, 55%)`);
		gradient.addColorStop(1, `hsl(${seed * 90 + 120}, 70%, 35%)`);
		ctx.fillStyle = gradient;
		ctx.fillRect(0, 0, 3000, 2000);
		// Shelf-like detail: many small boxes of colour, so the JPEG is large, like a real photo.
		let x = seed * 7919;
		const rnd = () => ((x = (x * 1103515245 + 12345) >>> 0) >>> 8) / 16777216;
		for (let i = 0; i < 40_000; i++) {
			ctx.fillStyle = `hsl(${rnd() * 360}, 60%, ${30 + rnd() * 50}%)`;
			ctx.fillRect(rnd() * 3000, rnd() * 2000, 4 + rnd() * 30, 4 + rnd() * 30);
		}
		const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.95 });
		const bytes = new Uint8Array(await blob.arrayBuffer());
		let text = '';
		for (let i = 0; i < bytes.length; i += 0x8000)
			text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
		return btoa(text);
	}, seed);
	// The phone's camera writes where the shot was taken (Tashkent) into the EXIF's GPS block.
	const gps = {
		[piexif.GPSIFD.GPSLatitudeRef]: 'N',
		[piexif.GPSIFD.GPSLatitude]: [
			[41, 1],
			[17, 1],
			[4848, 100]
		],
		[piexif.GPSIFD.GPSLongitudeRef]: 'E',
		[piexif.GPSIFD.GPSLongitude]: [
			[69, 1],
			[17, 1],
			[504, 100]
		]
	};
	const exif = piexif.dump({ '0th': { [piexif.ImageIFD.Make]: 'OptioTestCam' }, GPS: gps });
	const binary = Buffer.from(base64, 'base64').toString('binary');
	return Buffer.from(piexif.insert(exif, binary), 'binary');
}

/** Width and height from a JPEG's start-of-frame marker. */
function jpegSize(bytes: Buffer): { width: number; height: number } {
	let i = 2;
	while (i < bytes.length) {
		const marker = bytes[i + 1]!;
		const length = bytes.readUInt16BE(i + 2);
		if (marker >= 0xc0 && marker <= 0xc2) {
			return { height: bytes.readUInt16BE(i + 5), width: bytes.readUInt16BE(i + 7) };
		}
		i += 2 + length;
	}
	throw new Error('no SOF marker');
}

test('photos at a stop go by their own queue: the sale first, the photos after the server recovers, with no GPS', async ({
	browser,
	request
}) => {
	test.setTimeout(300_000);
	const org = await newOrganization(request);
	// The manager's shelf audit for pharmacies (set through the API, as the office's device would
	// send it): a required yes/no, two shelf photos, and rows for two teas.
	const login = await request.post('/api/auth/login', {
		data: { login: org.admin, password: org.password }
	});
	expect(login.status()).toBe(200);
	const { token } = (await login.json()) as { token: string };
	const catalog = [...((await serverState(request)).get('products')?.values() ?? [])];
	const sku = (s: string) => catalog.find((p) => p.sku === s)!.id as string;
	const audit = await request.post('/api/sync/push', {
		headers: { authorization: `Bearer ${token}` },
		data: {
			clientId: `e2e-${uuidv7()}`,
			mutations: [
				{
					id: uuidv7(),
					createdAt: Date.now(),
					name: 'taskTemplate.upsert',
					args: {
						id: uuidv7(),
						name: 'Shelf audit',
						questions: [
							{ id: 'poster', kind: 'yesno', label: 'Is the poster up?', required: true },
							{ id: 'shelf', kind: 'photo', label: 'Shelf photos', required: true, min: 2 }
						],
						productIds: [sku('TEA-100'), sku('TEA-250')],
						channels: ['pharmacy'],
						tradePointIds: [],
						routeIds: [],
						period: 'visit',
						weight: 1,
						required: true
					}
				}
			]
		}
	});
	expect((await audit.json()).results[0].status).toBe('applied');
	const context = await browser.newContext({
		viewport: { width: 390, height: 844 },
		geolocation: { latitude: 41.2968, longitude: 69.2847, accuracy: 10 },
		permissions: ['geolocation']
	});
	const page = await context.newPage();
	await signIn(page, org.rep);
	await waitForServiceWorker(page);

	const shots = [await cameraJpeg(page, 1), await cameraJpeg(page, 2)];
	for (const shot of shots) {
		// Bigger than the 300 KB the device keeps, so the compression has work to do.
		expect(shot.length).toBeGreaterThan(500_000);
		expect(await exifr.gps(shot)).toMatchObject({ latitude: expect.closeTo(41.2968, 3) });
	}

	// The photo endpoint fails until the test lets it through; the sale's push is left alone.
	let photosFail = true;
	const refusedPhotos: number[] = [];
	await context.route('**/api/photos/**', (route) => {
		if (!photosFail) return route.continue();
		refusedPhotos.push(Date.now());
		return route.fulfill({
			status: 503,
			contentType: 'application/json',
			body: JSON.stringify({ error: { code: 'unavailable', message: 'down for the test' } })
		});
	});

	await page.getByRole('link', { name: 'Visits' }).first().click();
	const route = page.getByRole('list', { name: 'Today’s route' }).getByRole('listitem');
	await expect(route).toHaveCount(4);
	await context.setOffline(true);
	await route.filter({ hasText: 'Dorixona No. 7' }).getByRole('link').click();
	await page.getByRole('button', { name: 'Check in here' }).click();
	await expect(page.getByTestId('visit-place')).toBeVisible();

	// The audit is due here and required: check-out waits for it.
	const task = page.getByTestId('visit-task').filter({ hasText: 'Shelf audit' });
	await expect(task).toContainText('To do');
	await page.getByRole('button', { name: 'Check out' }).click();
	await expect(page.getByTestId('visit-blocked')).toHaveText(
		'Finish the required tasks first: Shelf audit.'
	);
	await task.getByRole('button', { name: 'Fill in' }).click();
	const form = task.getByTestId('task-form');
	await form.getByRole('radio', { name: 'Yes' }).check();
	const rows = form.getByTestId('product-row');
	await rows.nth(0).getByRole('radio', { name: 'On the shelf', exact: true }).check();
	await rows.nth(0).getByLabel('Facings').fill('3');
	await rows.nth(0).getByLabel('Shelf price').fill('13000');
	await rows.nth(0).getByLabel('Competitor’s product').fill('Lipton');
	await rows.nth(0).getByLabel('Competitor’s price').fill('11000');
	// Sending without the photos and the second row: each is named, nothing is sent.
	await form.getByRole('button', { name: 'Send answers' }).click();
	await expect(form.getByRole('alert')).toHaveText('Some answers are missing or not valid.');
	await expect(rows.nth(1)).toContainText('Required');

	// Saved as the rep goes: a reload (offline) keeps the half-done audit.
	await page.reload();
	await expect(task).toContainText('Started');
	await task.getByRole('button', { name: 'Fill in' }).click();
	await expect(rows.nth(0).getByLabel('Facings')).toHaveValue('3');
	await expect(form.getByRole('radio', { name: 'Yes' })).toBeChecked();
	await rows.nth(1).getByRole('radio', { name: 'Not on the shelf' }).check();

	// Two shots from the camera input, for the audit's photo question; location is not kept
	// unless the rep ticks the box. What waits before the photos: the check-in.
	const before = Number((await page.getByTestId('pending-count').textContent()) ?? 0);
	await expect(
		form.getByRole('checkbox', { name: 'Keep where this photo was taken' })
	).not.toBeChecked();
	await form
		.getByTestId('photo-input')
		.setInputFiles(
			shots.map((buffer, i) => ({ name: `shelf-${i}.jpg`, mimeType: 'image/jpeg', buffer }))
		);
	const thumbs = form.getByTestId('photo');
	await expect(thumbs).toHaveCount(2, { timeout: 30_000 });
	await expect(thumbs.first()).toHaveAttribute('data-status', 'pending');
	// Unsent photos count in the sync indicator.
	await expect(page.getByTestId('pending-count')).toHaveText(String(before + 2));
	await screenshot(page, `visit-audit-390.png`, { fullPage: true });
	await page.setViewportSize({ width: 1440, height: 900 });
	await screenshot(page, `visit-audit-1440.png`, { fullPage: true });
	await page.setViewportSize({ width: 390, height: 844 });
	await form.getByRole('button', { name: 'Send answers' }).click();
	await expect(task).toContainText('Sent · 67%');
	// The visit's score, and the photos still to send, at check-out.
	await expect(page.getByTestId('visit-score')).toHaveText('Perfect-store score: 67%');
	await expect(page.getByTestId('visit-unsent-photos')).toContainText('still to send: 2');
	await screenshot(page, `visit-audit-sent-390.png`, { fullPage: true });
	await page.setViewportSize({ width: 1440, height: 900 });
	await screenshot(page, `visit-audit-sent-1440.png`, { fullPage: true });
	await page.setViewportSize({ width: 390, height: 844 });
	const photosCard = page.getByTestId('visit-photos');

	// A sale at the stop, still offline.
	await page
		.getByRole('navigation', { name: 'At this visit' })
		.getByRole('link', { name: 'Sell' })
		.click();
	const search = page.getByRole('combobox', { name: 'Find a product' });
	await search.fill('TEA-100');
	await search.press('Enter');
	await expect(page.getByTestId('total')).toHaveText(/\d/);
	await page.getByRole('button', { name: /Complete sale/ }).click();
	await expect(page.getByTestId('visit-documents')).toContainText('Sale');

	// Online, with photos failing: the sale reaches the server, the photos stay on the device.
	await context.setOffline(false);
	await expect
		.poll(
			async () => [...((await serverState(page.request)).get('receipts')?.values() ?? [])].length,
			{
				timeout: 30_000
			}
		)
		.toBe(1);
	await expect.poll(() => refusedPhotos.length, { timeout: 30_000 }).toBeGreaterThan(0);
	// The audit's answers went with the sale; the photos stay on the device.
	await expect
		.poll(async () => [...((await serverState(page.request)).get('visitTasks')?.values() ?? [])], {
			timeout: 30_000
		})
		.toEqual([expect.objectContaining({ score: 67 })]);
	await expect(page.getByTestId('pending-count')).toHaveText('2');

	// The Sync screen says how many photos wait.
	await page.getByTestId('sync-status').click();
	await expect(page.getByTestId('photos-unsent')).toHaveText('Photos waiting to send: 2');
	await screenshot(page, `sync-photos-390.png`, { fullPage: true });
	await page.setViewportSize({ width: 1440, height: 900 });
	await screenshot(page, `sync-photos-1440.png`, { fullPage: true });
	await page.setViewportSize({ width: 390, height: 844 });

	// The server recovers; the rep sends them now rather than waiting out the backoff.
	photosFail = false;
	await page.getByRole('button', { name: 'Send photos now' }).click();
	await expect(page.getByTestId('photos-unsent')).toHaveText('All photos sent', {
		timeout: 30_000
	});
	await expect(page.getByTestId('pending-count')).toHaveCount(0);

	// On the device: only the thumbnails stay.
	const kept = await page.evaluate(
		() =>
			new Promise<{ id: string; blob: unknown; thumb: number; status: string }[]>(
				(resolve, reject) => {
					const open = indexedDB.open('optio');
					open.onerror = () => reject(open.error);
					open.onsuccess = () => {
						const req = open.result.transaction('photos').objectStore('photos').getAll();
						req.onsuccess = () =>
							resolve(
								req.result.map(
									(p: { id: string; blob: Blob | null; thumb: Blob; status: string }) => ({
										id: p.id,
										blob: p.blob,
										thumb: p.thumb.size,
										status: p.status
									})
								)
							);
					};
				}
			)
	);
	expect(kept).toHaveLength(2);
	for (const p of kept) {
		expect(p).toMatchObject({ blob: null, status: 'sent' });
		expect(p.thumb).toBeGreaterThan(0);
		expect(p.thumb).toBeLessThanOrEqual(24 * 1024);
	}

	// On the server: small enough, no bigger than 1600 px, and no GPS (nor any EXIF) left.
	for (const { id } of kept) {
		const res = await page.request.get(`/api/photos/${id}`);
		expect(res.status()).toBe(200);
		expect(res.headers()['content-type']).toBe('image/jpeg');
		const bytes = await res.body();
		expect(bytes.length).toBeLessThanOrEqual(300 * 1024);
		const { width, height } = jpegSize(bytes);
		expect(Math.max(width, height)).toBe(1600);
		expect(await exifr.gps(bytes)).toBeUndefined();
		expect(await exifr.parse(bytes, { gps: true, tiff: true, exif: true })).toBeUndefined();
		expect((await page.request.get(`/api/photos/${id}/thumbnail`)).status()).toBe(200);
	}

	const audited = kept.map((p) => p.id).sort();
	expect(
		[...((await serverState(page.request)).get('visitTasks')?.values() ?? [])]
			.flatMap((t) => t.photoIds as string[])
			.sort()
	).toEqual(audited);

	await page.getByRole('link', { name: 'Visits' }).first().click();
	await route.filter({ hasText: 'Dorixona No. 7' }).getByRole('link').click();
	const visitThumbs = photosCard.getByTestId('photo');
	// By choice only: a shot taken with "keep where" ticked keeps its GPS on the server.
	await photosCard.getByRole('checkbox', { name: 'Keep where this photo was taken' }).check();
	await photosCard
		.getByTestId('photo-input')
		.setInputFiles({ name: 'with-place.jpg', mimeType: 'image/jpeg', buffer: shots[0]! });
	await expect(visitThumbs).toHaveCount(1, { timeout: 30_000 });
	await expect(visitThumbs.first()).toHaveAttribute('data-status', 'sent', { timeout: 30_000 });
	const newest = await page.evaluate(
		() =>
			new Promise<string>((resolve) => {
				const open = indexedDB.open('optio');
				open.onsuccess = () => {
					const req = open.result.transaction('photos').objectStore('photos').getAll();
					req.onsuccess = () =>
						resolve(
							(req.result as { id: string; withLocation: boolean }[]).find((p) => p.withLocation)!
								.id
						);
				};
			})
	);
	const placed = await (await page.request.get(`/api/photos/${newest}`)).body();
	expect(placed.length).toBeLessThanOrEqual(300 * 1024);
	expect(await exifr.gps(placed)).toMatchObject({ latitude: expect.closeTo(41.2968, 3) });
	await photosCard.getByRole('checkbox', { name: 'Keep where this photo was taken' }).uncheck();
	await screenshot(page, `visit-photos-sent-390.png`, { fullPage: true });
	await page.setViewportSize({ width: 1440, height: 900 });
	await screenshot(page, `visit-photos-sent-1440.png`, { fullPage: true });
	await context.close();

	// The manager's gallery: the audit's two photos (thumbnails that load, each opening the full
	// photo) beside its answers.
	const office = await browser.newContext({ viewport: { width: 1440, height: 900 } });
	const manager = await office.newPage();
	await signIn(manager, org.admin);
	await manager.goto('/tasks/gallery');
	const item = manager.getByTestId('gallery-item');
	await expect(item).toHaveCount(1, { timeout: 30_000 });
	await expect(item).toContainText('Dorixona No. 7');
	await expect(item).toContainText('Shelf audit');
	await expect(item).toContainText('Is the poster up?');
	await expect(item).toContainText('Green tea 100 g');
	await expect(item).toContainText('Lipton');
	const photos = item.getByTestId('gallery-photo');
	await expect(photos).toHaveCount(2);
	for (const [i, id] of audited.entries()) {
		await expect(photos.nth(i)).toHaveAttribute('src', `/api/photos/${id}/thumbnail`);
		await expect
			.poll(() => photos.nth(i).evaluate((img: HTMLImageElement) => img.naturalWidth))
			.toBeGreaterThan(0);
		await expect(item.getByRole('link').nth(i)).toHaveAttribute('href', `/api/photos/${id}`);
	}
	// Each manager screen, with data: no serious axe violations, no sideways scroll on a phone.
	const serious = async (what: string) => {
		const { violations } = await new AxeBuilder({ page: manager }).include('#main').analyze();
		expect(
			violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id),
			what
		).toEqual([]);
	};
	const screens = [
		[
			'gallery',
			'/tasks/gallery',
			() => expect(manager.getByTestId('gallery-photo')).toHaveCount(2)
		],
		[
			'reports',
			'/tasks/reports',
			async () => {
				await expect(manager.getByTestId('presence')).toContainText('Green tea 100 g');
				await expect(manager.getByTestId('competitors')).toContainText('Lipton');
			}
		],
		[
			'tasks',
			'/tasks',
			async () => {
				await manager.getByRole('button', { name: 'Shelf audit' }).click();
				await expect(manager.getByRole('heading', { name: 'Shelf audit' })).toBeVisible();
			}
		]
	] as const;
	for (const [name, path, ready] of screens) {
		await manager.goto(path);
		await ready();
		await serious(path);
		await screenshot(manager, `${name}-1440.png`, { fullPage: true });
		await manager.setViewportSize({ width: 390, height: 844 });
		await expect.poll(() => scrollsSideways(manager), { message: path }).toBe(false);
		await screenshot(manager, `${name}-390.png`, { fullPage: true });
		await manager.setViewportSize({ width: 1440, height: 900 });
	}
	await office.close();
});
