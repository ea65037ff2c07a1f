/**
 * Thumbnails of photos the server keeps (a product's photo, say) for the device to draw offline.
 * They live in the Cache Storage under THUMBNAIL_CACHE, served by the service worker's
 * cache-first route (src/service-worker.ts): a photo id never changes its bytes, so a cached
 * thumbnail is never stale, and `<img src>` reads it with no object URL to manage. Products'
 * thumbnails are fetched ahead (warmProductThumbnails) so a rep who never opened a screen online
 * still sees them offline.
 */
import { THUMBNAIL_CACHE } from '../../domain/photos';
import { db } from '../sync/db';

/** Where a photo's thumbnail is read from (the server, or the cache offline). */
export const thumbnailUrl = (photoId: string) =>
	`/api/photos/${encodeURIComponent(photoId)}/thumbnail`;

/** At most this many fetched at once: a catalog's worth of thumbnails never floods the link. */
const AT_ONCE = 4;

let running: Promise<void> | undefined;

/**
 * Fetches the thumbnails of products with a photo that the cache does not hold yet. Through the
 * service worker when it controls the page (it stores them, with its expiry bookkeeping), else
 * straight into the cache. A thumbnail not on the server yet (404) is tried again next time.
 */
export function warmProductThumbnails(): Promise<void> {
	if (typeof caches === 'undefined' || !navigator.onLine) return Promise.resolve();
	running ??= (async () => {
		const products = await db.products.where('photoId').above('').toArray();
		const ids = [...new Set(products.map((p) => p.photoId).filter((id): id is string => !!id))];
		const cache = await caches.open(THUMBNAIL_CACHE);
		const missing: string[] = [];
		for (const id of ids) if (!(await cache.match(thumbnailUrl(id)))) missing.push(id);
		const viaWorker = !!navigator.serviceWorker?.controller;
		for (let i = 0; i < missing.length; i += AT_ONCE) {
			await Promise.all(
				missing.slice(i, i + AT_ONCE).map(async (id) => {
					const res = await fetch(thumbnailUrl(id), { credentials: 'same-origin' }).catch(
						() => null
					);
					if (res?.ok && !viaWorker) await cache.put(thumbnailUrl(id), res);
				})
			);
		}
	})().finally(() => (running = undefined));
	return running;
}
