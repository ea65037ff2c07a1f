/**
 * CPU per password hash (argon2id, 19 MiB, 2 passes, 1 lane), before and after: the earlier
 * pure-JS implementation (@noble/hashes) against what the app uses now, on Node (native,
 * `@node-rs/argon2`) and in a Worker (WebAssembly, run in workerd through Miniflare). CPU, not
 * wall time: Node's figure counts the thread pool too (process.cpuUsage), the Worker's is the
 * workerd process's own (from /proc), so a loaded machine does not distort them.
 */
import { argon2id as nobleArgon2id } from '@noble/hashes/argon2.js';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Miniflare } from 'miniflare';
import { argon2id } from '#argon2';
import { OWASP_ARGON2ID } from '../src/lib/server/auth/password';
import { cpuSeconds } from './proc';
import type { Section } from './section';

/** CPU time must fall at least this many times. */
export const HASH_RATIO_GOAL = 3;
const HASHES = 6;

const password = new TextEncoder().encode('correct horse battery');
const salt = new Uint8Array(16).fill(7);

async function nodeCpuMs(hash: () => unknown): Promise<number> {
	await hash();
	const start = process.cpuUsage();
	for (let i = 0; i < HASHES; i++) await hash();
	const used = process.cpuUsage(start);
	return (used.user + used.system) / 1000 / HASHES;
}

/** The workerd processes Miniflare started from this process. */
function workerdPids(): number[] {
	return readdirSync('/proc')
		.filter((d) => /^\d+$/.test(d))
		.filter((pid) => {
			try {
				const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
				const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
				return stat.includes('(workerd)') && Number(fields[1]) === process.pid;
			} catch {
				return false;
			}
		})
		.map(Number);
}

async function workerCpuMs(mf: Miniflare, pid: number, impl: 'noble' | 'wasm'): Promise<number> {
	await (await mf.dispatchFetch(`http://bench/?impl=${impl}&n=1`)).text();
	const before = cpuSeconds(pid) * 1000;
	const res = await mf.dispatchFetch(`http://bench/?impl=${impl}&n=${HASHES}`);
	await res.text();
	return (cpuSeconds(pid) * 1000 - before) / HASHES;
}

export const passwordHash: Section = {
	name: 'password-hash',
	description: `CPU per argon2id hash (19 MiB, t=2, p=1), mean of ${HASHES}: pure JS before, native/WebAssembly now`,
	async run() {
		const cost = OWASP_ARGON2ID;
		const nodeBefore = await nodeCpuMs(() => nobleArgon2id(password, salt, { ...cost, dkLen: 32 }));
		const nodeAfter = await nodeCpuMs(() => argon2id(password, salt, cost, 32));

		const root = fileURLToPath(new URL('..', import.meta.url));
		const others = new Set(workerdPids());
		const mf = new Miniflare({
			modules: true,
			modulesRoot: root,
			scriptPath: fileURLToPath(new URL('./password-worker.js', import.meta.url)),
			modulesRules: [
				{ type: 'ESModule', include: ['**/*.js'] },
				{ type: 'CompiledWasm', include: ['**/*.wasm'] }
			],
			compatibilityDate: '2026-05-03'
		});
		let workerBefore: number;
		let workerAfter: number;
		try {
			await mf.ready;
			const pid = workerdPids().find((p) => !others.has(p));
			if (!pid) throw new Error('workerd process not found');
			workerBefore = await workerCpuMs(mf, pid, 'noble');
			workerAfter = await workerCpuMs(mf, pid, 'wasm');
		} finally {
			await mf.dispose();
		}
		const round = (n: number) => Number(n.toFixed(1));
		const nodeRatio = nodeBefore / nodeAfter;
		const workerRatio = workerBefore / workerAfter;
		return {
			measurements: [],
			summary: {
				nodeBeforeMs: round(nodeBefore),
				nodeAfterMs: round(nodeAfter),
				nodeRatio: round(nodeRatio),
				workerBeforeMs: round(workerBefore),
				workerAfterMs: round(workerAfter),
				workerRatio: round(workerRatio),
				goal: HASH_RATIO_GOAL,
				goalMet: nodeRatio >= HASH_RATIO_GOAL && workerRatio >= HASH_RATIO_GOAL
			}
		};
	}
};
