import { availableParallelism } from 'node:os';
import { sveltekit } from '@sveltejs/kit/vite';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { firstScreenMessages } from './src/lib/i18n/first-screen-plugin';

/**
 * SvelteKit's plugin sets `cors: { preflightContinue: true }` for `vite dev` and `vite preview`,
 * which the `cors` middleware turns into `Access-Control-Allow-Origin: *` on every answer,
 * /api included. Optio grants no cross-origin access (the API's callers are its own pages and
 * bearer-token clients, which need no CORS), so this runs after SvelteKit's plugin and turns
 * that middleware off. A config plugin, because user config is merged under the plugin's.
 */
const noCors: Plugin = {
	name: 'optio:no-cors',
	enforce: 'post',
	config: () => ({ server: { cors: false }, preview: { cors: false } })
};

export default defineConfig({
	plugins: [sveltekit(), noCors, firstScreenMessages()],
	// `#argon2` and `#statement-cache` stay imports in the server build, so the runtime resolves
	// them by its own conditions (package.json "imports"): native on Node, the worker's own
	// under wrangler (`workerd`).
	build: { rolldownOptions: { external: ['#argon2', '#statement-cache'] } },
	// The Node server (`ADAPTER=node`, scripts/lib/build.js) bundles its pure-JS dependencies:
	// loaded from node_modules they were ~400 module files (drizzle-orm 113, zod 99), and Node's
	// ESM loader resolving and linking them was a third of `npm start`'s CPU until it serves
	// (1.9–2.1 s → 1.2–1.5 s of CPU measured under load). Native packages (`libsql`, which
	// `@libsql/client` loads, and `@node-rs/argon2`) stay in node_modules, which still holds every
	// dependency (`npm ci --omit=dev`).
	...(process.env.ADAPTER === 'node'
		? {
				ssr: {
					noExternal: [
						'drizzle-orm',
						'zod',
						'hono',
						/^@oslojs\//,
						'papaparse',
						'ipaddr.js',
						'uuidv7'
					]
				}
			}
		: {}),
	test: {
		include: ['src/**/*.test.ts'],
		// A test fails when the API answered 500 while it ran.
		setupFiles: ['src/lib/server/testing/no-500.ts', 'src/lib/i18n/load-all.test-setup.ts'],
		environment: 'node',
		testTimeout: 30_000,
		hookTimeout: 60_000,
		pool: 'forks',
		// Vitest's default is one fork fewer than the cores: one fork on a 2-core machine, idle
		// while its file waits on a server, a build or a killed process. Most files do wait, so
		// a fork per core keeps both cores busy (the suite's time on 2 cores: see README).
		maxWorkers: Math.max(2, availableParallelism()),
		// A fork keeps its modules from one file to the next instead of loading the app afresh for
		// each of the 113 files: on 2 cores under load, setup + import took 632 s of fork time
		// isolated and 58 s not, and the run 713 s against 304 s (2026-11-30). Files share no
		// state through modules: each opens its own database file and server; shuffled runs pass.
		isolate: false
	}
});
