/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * The service worker: precaches the app shell (every built asset, the static files and the
 * shell page '/') so the app opens with no network, and serves '/' for every navigation
 * (the app renders on the device, so one shell serves all routes). /api is never cached here,
 * except photos' thumbnails (immutable, kept for offline lists: client/photos/thumbnails.ts).
 */
import { build, files, version } from '$service-worker';
import { clientsClaim } from 'workbox-core';
import {
	cleanupOutdatedCaches,
	createHandlerBoundToURL,
	precacheAndRoute
} from 'workbox-precaching';
import { ExpirationPlugin } from 'workbox-expiration';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst } from 'workbox-strategies';
import { isMapResource } from '$lib/domain/map/geometry';
import { isThumbnailPath, THUMBNAIL_CACHE } from '$lib/domain/photos';
import { BACKGROUND_SYNC_TAG } from '$lib/client/sync/background-sync';
import { backgroundFlush, plans } from '$lib/client/sync/flush';
import * as outbox from '$lib/client/sync/outbox';

declare const self: ServiceWorkerGlobalScope;

// A service worker may not load modules lazily (`import()` rejects there): the plans a
// background flush may need are bundled in, and handed to it as already loaded.
plans.load = async () => outbox;

precacheAndRoute([
	// Built assets carry a content hash in their names; no revision needed.
	...build.map((url) => ({ url, revision: null })),
	...files.filter((f) => !f.endsWith('.gitkeep')).map((url) => ({ url, revision: version })),
	{ url: '/', revision: version }
]);
cleanupOutdatedCaches();

registerRoute(new NavigationRoute(createHandlerBoundToURL('/'), { denylist: [/^\/api\//] }));

// Tiles of the organization's own map provider, as seen online, stay for offline use: at most
// 2,000 (about 30–60 MB of vector tiles) for 30 days, the oldest dropped first, and all of them
// if the browser runs short of storage. The built-in world map is precached above.
const MAP_CACHE = 'optio-map-tiles';
registerRoute(
	({ url, request }) => request.method === 'GET' && isMapResource(url, self.location.origin),
	new CacheFirst({
		cacheName: MAP_CACHE,
		plugins: [
			new ExpirationPlugin({
				maxEntries: 2000,
				maxAgeSeconds: 30 * 24 * 3600,
				purgeOnQuotaError: true
			})
		]
	})
);

// Photos' thumbnails (products' pictures in the rep's lists): an id never changes its bytes, so
// the first copy is served from then on, offline too. Only 200s are stored (Workbox's default),
// so a thumbnail not uploaded yet is asked for again. ~24 KB each: 5,000 is about 120 MB at most.
registerRoute(
	({ url, request }) =>
		request.method === 'GET' &&
		url.origin === self.location.origin &&
		isThumbnailPath(url.pathname),
	new CacheFirst({
		cacheName: THUMBNAIL_CACHE,
		plugins: [new ExpirationPlugin({ maxEntries: 5000, purgeOnQuotaError: true })]
	})
);

// The first install takes the open page at once, so a first visit is already offline-ready.
// Later versions wait until the user chooses "Reload" (workbox-window sends SKIP_WAITING).
clientsClaim();
self.addEventListener('message', (event) => {
	if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

// Background Sync (where the browser has it): the outbox is sent when the network returns, even
// if the app was closed in the meantime. A failed flush rejects, and the browser retries later.
interface SyncEvent extends ExtendableEvent {
	tag: string;
}
self.addEventListener('sync', (event) => {
	const e = event as SyncEvent;
	if (e.tag !== BACKGROUND_SYNC_TAG) return;
	e.waitUntil(self.clients.matchAll({ type: 'window' }).then(backgroundFlush));
});
