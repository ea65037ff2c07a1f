/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * The service worker: precaches the app shell (every built asset, the static files and the
 * shell page '/') so the app opens with no network, and serves '/' for every navigation
 * (the app renders on the device, so one shell serves all routes). /api is never cached here.
 */
import { build, files, version } from '$service-worker';
import { clientsClaim } from 'workbox-core';
import {
	cleanupOutdatedCaches,
	createHandlerBoundToURL,
	precacheAndRoute
} from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { BACKGROUND_SYNC_TAG, backgroundFlush } from '$lib/client/sync/flush';

declare const self: ServiceWorkerGlobalScope;

precacheAndRoute([
	// Built assets carry a content hash in their names; no revision needed.
	...build.map((url) => ({ url, revision: null })),
	...files.filter((f) => !f.endsWith('.gitkeep')).map((url) => ({ url, revision: version })),
	{ url: '/', revision: version }
]);
cleanupOutdatedCaches();

registerRoute(new NavigationRoute(createHandlerBoundToURL('/'), { denylist: [/^\/api\//] }));

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
