/**
 * The built app as a real server process, for tests that kill it (SIGKILL) and start it again
 * on the same database file. `startServer` is the one place that knows how the app is started
 * (`node scripts/start.js`, the Node production server `npm start` runs): pointing these tests at
 * another production server is a change here only.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { buildIfChanged } from '../../../../scripts/lib/build.js';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** The environment of a real server: none of the test runner's (VITEST lowers hashing cost). */
function serverEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
	const env = { ...process.env };
	for (const key of Object.keys(env)) {
		if (key.startsWith('VITEST') || key === 'TEST' || key === 'NODE_ENV') delete env[key];
	}
	return { ...env, WRANGLER_SEND_METRICS: 'false', ...extra };
}

/**
 * Builds the Node server unless its build is of the current sources (the end-to-end step's, or
 * an earlier run's). Answers whether it built.
 */
export function ensureBuilt(): Promise<boolean> {
	if (process.cwd() !== ROOT.replace(/\/$/, '')) process.chdir(ROOT);
	return buildIfChanged();
}

/** A port nobody listens on now. */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = createServer();
		probe.once('error', reject);
		probe.listen(0, () => {
			const { port } = probe.address() as { port: number };
			probe.close(() => resolve(port));
		});
	});
}

/** Live (not zombie) processes of a process group, from /proc (Linux). */
function groupMembers(pgid: number): number[] {
	const members: number[] = [];
	for (const name of readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) continue;
		let stat: string;
		try {
			stat = readFileSync(`/proc/${name}/stat`, 'utf8');
		} catch {
			continue; // gone meanwhile
		}
		// pid (comm) state ppid pgrp ...: comm may hold spaces, so read after its ')'.
		const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		if (Number(pgrp) === pgid && state !== 'Z') members.push(Number(name));
	}
	return members;
}

export interface ServerProcess {
	baseURL: string;
	/** The server's own process (`node scripts/start.js` imports the build and serves in it). */
	pid: number;
	/** Everything the server printed so far. */
	output(): string;
	/** SIGKILL to the whole process group; resolves once no process of it is left. */
	kill(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every server started and not yet killed, so a test that fails half way leaves none behind. */
const live = new Set<ServerProcess>();

/** Kills every server this process started and did not kill (for afterAll). */
export async function killAll(): Promise<void> {
	await Promise.all([...live].map((s) => s.kill()));
}

/** Starts the built app on `port` over `databaseUrl`, and waits until it answers healthy. */
export async function startServer(opts: {
	port: number;
	databaseUrl: string;
	timeoutMs?: number;
}): Promise<ServerProcess> {
	const child = spawn(process.execPath, ['scripts/start.js'], {
		cwd: ROOT,
		// Its own process group, so one kill reaches npx, vite and every helper process.
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
		env: serverEnv({ PORT: String(opts.port), DATABASE_URL: opts.databaseUrl, SEED_DEMO: 'false' })
	});
	let output = '';
	child.stdout.on('data', (d: Buffer) => (output += d.toString()));
	child.stderr.on('data', (d: Buffer) => (output += d.toString()));
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	let gone = false;
	void exited.then(() => (gone = true));
	const pgid = child.pid!;
	const server: ServerProcess = {
		baseURL: `http://localhost:${opts.port}`,
		pid: child.pid!,
		output: () => output,
		async kill() {
			live.delete(server);
			try {
				process.kill(-pgid, 'SIGKILL');
			} catch {
				// Already gone.
			}
			await exited;
			for (let i = 0; groupMembers(pgid).length; i++) {
				if (i > 100) throw new Error(`processes of group ${pgid} outlived SIGKILL`);
				await sleep(50);
			}
		}
	};
	live.add(server);
	const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
	for (;;) {
		if (gone) throw new Error(`the server exited while starting:\n${output}`);
		try {
			const res = await fetch(`${server.baseURL}/api/health`);
			if (res.status === 200) return server;
		} catch {
			// Not listening yet.
		}
		if (Date.now() > deadline) {
			await server.kill();
			throw new Error(`the server did not become healthy in time:\n${output}`);
		}
		await sleep(100);
	}
}
