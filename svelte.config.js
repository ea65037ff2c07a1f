import cloudflare from '@sveltejs/adapter-cloudflare';
import node from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

// One version per build: the config is loaded more than once during a build, and the server
// and client halves must agree on it. It names the service worker's caches too.
process.env.OPTIO_VERSION ??= new Date().toISOString();

// Two targets from one codebase: `ADAPTER=node` builds the production server for one machine
// into build/ (what `npm start` runs, scripts/start.js); anything else builds the Cloudflare
// worker into .svelte-kit/cloudflare (`npm run deploy`). Dev and tests use the Cloudflare one.
const target = process.env.ADAPTER === 'node' ? 'node' : 'cloudflare';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	// Templates built element by element, not parsed from a `<template>`'s innerHTML the first
	// time each is used: that parse was a third to a half of the shell's and the rep's home's
	// first drawing in Lighthouse's traces (issue 15; the README's Lighthouse section).
	compilerOptions: { fragments: 'tree' },
	kit: {
		adapter:
			target === 'node'
				? // Compressed copies of the assets are served to browsers that accept them.
					node({ out: 'build', precompress: true })
				: // No KV or D1 bindings are used, so the dev platform proxy keeps no state on disk.
					cloudflare({ platformProxy: { persist: false } }),
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
