// Whether the app's build (`vite build`) is newer than everything it is built from, so the
// end-to-end server and the fault-run test (src/lib/server/testing/server-process.ts) build it
// once between them, not once each.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** What `vite preview` serves; present after `vite build`. */
const BUILT = '.svelte-kit/output/server/index.js';
const SOURCES = [
	'src',
	'static',
	'drizzle',
	'svelte.config.js',
	'vite.config.ts',
	'tsconfig.json',
	'package-lock.json'
];

/** @param {string} path @returns {number} */
function newestMtime(path) {
	if (!existsSync(path)) return 0;
	const stat = statSync(path);
	if (!stat.isDirectory()) return stat.mtimeMs;
	let newest = 0;
	for (const name of readdirSync(path)) {
		// Tests are not part of the build: editing one needs no new build.
		if (/\.test\.ts$/.test(name)) continue;
		newest = Math.max(newest, newestMtime(join(path, name)));
	}
	return newest;
}

/** True when the build in `root` is newer than every source. @param {string} root */
export function buildIsFresh(root = '.') {
	const built = join(root, BUILT);
	if (!existsSync(built)) return false;
	return statSync(built).mtimeMs > Math.max(...SOURCES.map((s) => newestMtime(join(root, s))));
}

/**
 * Builds unless the build is fresh; answers whether it built.
 * @param {string} root
 * @param {NodeJS.ProcessEnv} env
 */
export function ensureBuilt(root = '.', env = process.env) {
	if (buildIsFresh(root)) return false;
	execFileSync('npx', ['vite', 'build'], { cwd: root, stdio: 'inherit', env });
	return true;
}
