// One `vite build` at a time per checkout. The Node build (build/) and the Worker's build
// (.svelte-kit/cloudflare) both write through .svelte-kit/output, so two at once (two test files
// in two Vitest forks, or `npm start` beside a test run) would each break the other's output.
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const LOCK = join('.svelte-kit', 'build.lock');

/**
 * Whether the process that took the lock is gone (killed mid-build), so the lock is stale.
 * @param {string} root the checkout
 */
function holderGone(root) {
	try {
		const pid = Number(readFileSync(join(root, LOCK, 'pid'), 'utf8'));
		process.kill(pid, 0);
		return false;
	} catch (err) {
		// No pid file yet: the holder is between mkdir and writing it, unless that was long ago.
		if (err && /** @type {NodeJS.ErrnoException} */ (err).code === 'ENOENT') {
			try {
				return Date.now() - statSync(join(root, LOCK)).mtimeMs > 60_000;
			} catch {
				return false;
			}
		}
		// ESRCH: no such process. EPERM: it exists but is not ours, so it is alive.
		return /** @type {NodeJS.ErrnoException} */ (err).code === 'ESRCH';
	}
}

/**
 * Runs `work` holding the checkout's build lock (a directory, made atomically), waiting while
 * another process holds it.
 * @template T
 * @param {() => Promise<T>} work
 * @param {string} [root] the checkout
 * @returns {Promise<T>}
 */
export async function withBuildLock(work, root = '.') {
	const lock = join(root, LOCK);
	mkdirSync(join(root, '.svelte-kit'), { recursive: true });
	for (;;) {
		try {
			mkdirSync(lock);
			break;
		} catch (err) {
			if (/** @type {NodeJS.ErrnoException} */ (err).code !== 'EEXIST') throw err;
			if (holderGone(root)) rmSync(lock, { recursive: true, force: true });
			else await sleep(250);
		}
	}
	try {
		writeFileSync(join(lock, 'pid'), String(process.pid));
		return await work();
	} finally {
		rmSync(lock, { recursive: true, force: true });
	}
}
