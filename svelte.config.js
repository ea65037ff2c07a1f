import adapter from '@sveltejs/adapter-cloudflare';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

// One version per build: the config is loaded more than once during a build, and the server
// and client halves must agree on it. It names the service worker's caches too.
process.env.OPTIO_VERSION ??= new Date().toISOString();

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// No KV or D1 bindings are used, so the dev/preview platform proxy keeps no state on disk
		// (two previews in one folder otherwise lock each other out).
		adapter: adapter({ platformProxy: { persist: false } }),
		// Registered by workbox-window in src/lib/client/sw-register.ts, so the page can offer
		// "a new version is ready".
		serviceWorker: { register: false },
		// /api does its own Origin / Sec-Fetch-Site check (src/lib/server/api/middleware/csrf.ts)
		// so that it also covers JSON bodies and answers in the API's error shape.
		csrf: { trustedOrigins: ['*'] },
		// Absolute asset paths: the service worker serves the same shell page for every route.
		paths: { relative: false },
		version: { name: process.env.OPTIO_VERSION }
	}
};

export default config;
