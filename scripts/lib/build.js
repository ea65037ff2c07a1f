// The Node production build (build/), rebuilt only when its sources change. Plain JavaScript:
// `npm start` must run where only the production dependencies are installed.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { withBuildLock } from './build-lock.js';

/** Where adapter-node writes the server (svelte.config.js, `ADAPTER=node`). */
export const BUILD_DIR = 'build';
const HASH_FILE = join(BUILD_DIR, '.source-hash');

/**
 * Everything the build reads. A change to any of them is a new version of the app (a new
 * `OPTIO_VERSION`, so every device's service worker updates); nothing else is.
 */
const SOURCES = [
	'src',
	'static',
	'drizzle',
	'package.json',
	'package-lock.json',
	'svelte.config.js',
	'vite.config.ts',
	'tsconfig.json'
];

/** Unit tests sit beside the code they test, test servers in testing/: the build never reads them. */
const NOT_BUILT = /\.test\.ts$|[/\\]testing[/\\]/;

/** SHA-256 over the sources' paths and contents, or null where they are not here. */
export function sourceHash(root = '.') {
	if (!existsSync(join(root, 'src'))) return null;
	const hash = createHash('sha256');
	/** @param {string} path */
	const add = (path) => {
		if (!existsSync(path)) return;
		if (statSync(path).isDirectory()) {
			for (const name of readdirSync(path).sort()) add(join(path, name));
			return;
		}
		if (NOT_BUILT.test(path)) return;
		hash.update(relative(root, path)).update('\0').update(readFileSync(path)).update('\0');
	};
	for (const source of SOURCES) add(join(root, source));
	return hash.digest('hex');
}

/** Why the build must be made again, or null when build/ is current. */
export function staleReason() {
	if (!existsSync(join(BUILD_DIR, 'index.js'))) return 'no build yet';
	const current = sourceHash();
	// Only the build was shipped here (no sources): it is what there is to run.
	if (current === null) return null;
	const built = existsSync(HASH_FILE) ? readFileSync(HASH_FILE, 'utf8').trim() : '';
	return built === current ? null : 'the sources changed since the last build';
}

/** @type {import('node:child_process').ChildProcess | undefined} */
let building;

/**
 * Stops a build in progress (on SIGTERM/SIGINT while `npm start` is still building).
 * @param {NodeJS.Signals} signal
 */
export function stopBuild(signal) {
	building?.kill(signal);
}

/**
 * Builds the Node server into build/ when the sources changed since the last build.
 * @returns {Promise<boolean>} whether it built
 */
export function buildIfChanged() {
	return withBuildLock(buildUnlessCurrent);
}

/** @returns {Promise<boolean>} */
async function buildUnlessCurrent() {
	const reason = staleReason();
	if (!reason) return false;
	// npm runs scripts from the package's folder; Vite exports no path to its command.
	const vite = join('node_modules', 'vite', 'bin', 'vite.js');
	if (!existsSync(vite)) {
		throw new Error(
			`Cannot build (${reason}): Vite is a development dependency and is not installed. ` +
				'Build where it is (`npm ci && npm run build:node`), then install with `npm ci --omit=dev`.'
		);
	}
	const hash = sourceHash();
	console.log(`Building the Node server (${reason})…`);
	const code = await new Promise((resolve, reject) => {
		building = spawn(process.execPath, [vite, 'build'], {
			stdio: 'inherit',
			env: { ...process.env, ADAPTER: 'node' }
		});
		building.on('error', reject);
		building.on('exit', (exitCode, signal) => resolve(signal ? 1 : (exitCode ?? 1)));
	});
	building = undefined;
	if (code !== 0) throw new Error(`The build failed (exit code ${code}).`);
	// The hash of the sources as they were when the build started: an edit made during the
	// build is then seen as a change at the next start.
	if (hash) writeFileSync(HASH_FILE, hash + '\n');
	// This build wrote its server over .svelte-kit/output, which the Worker's build
	// (.svelte-kit/cloudflare, src/lib/server/testing/worker-bundle.ts) imports: that one is
	// no longer of these sources' Worker, whatever its stamp says.
	rmSync(join('.svelte-kit', 'cloudflare', '.source-hash'), { force: true });
	return true;
}
