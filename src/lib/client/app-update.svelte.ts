/**
 * Registers the service worker with workbox-window and tells the page when a new version is
 * waiting, so the user chooses when to reload (never mid-sale).
 */
import { dev } from '$app/environment';
import type { Workbox } from 'workbox-window';
import { whenIdle } from './idle';

class AppUpdate {
	ready = $state(false);
	#wb: Workbox | undefined;
	#registering = false;

	/** Once the first screen has drawn: workbox-window is not part of what it loads. */
	register() {
		if (!('serviceWorker' in navigator) || this.#registering) return;
		this.#registering = true;
		whenIdle(
			() =>
				void import('workbox-window').then(({ Workbox }) => {
					// In dev SvelteKit serves the worker as an ES module; the build emits a classic script.
					this.#wb = new Workbox('/service-worker.js', { type: dev ? 'module' : 'classic' });
					this.#wb.addEventListener('waiting', () => (this.ready = true));
					void this.#wb.register();
				}),
			5000
		);
	}

	/** Hands over to the waiting version, then reloads, or opens `url` when given. */
	apply(url?: string) {
		if (!this.#wb) return;
		this.#wb.addEventListener('controlling', () =>
			url ? window.location.assign(url) : window.location.reload()
		);
		this.#wb.messageSkipWaiting();
	}
}

export const appUpdate = new AppUpdate();
