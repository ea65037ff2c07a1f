/**
 * The production server as an operator runs it (`npm start`), in its own process group, on its
 * own port and data folder: for the tests of what happens around a process (signals, restarts,
 * its log). The build is the one the end-to-end server made (scripts/e2e-server.js).
 */
import { createClient, type Client } from '@libsql/client';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** A port nobody listens on now. */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = createServer();
		probe.once('error', reject);
		probe.listen(0, 'localhost', () => {
			const { port } = probe.address() as { port: number };
			probe.close(() => resolve(port));
		});
	});
}

/** True while any process of the group led by `pid` (npm and everything it started) lives. */
export function groupAlive(pid: number): boolean {
	try {
		process.kill(-pid, 0);
		return true;
	} catch {
		return false;
	}
}

const started = new Set<number>();

/**
 * Ends what a failed test left running (every process of each group it started), so a timeout
 * never leaves a server holding its port. For `test.afterEach`.
 */
export function killLeftovers() {
	for (const pid of started) {
		if (groupAlive(pid)) process.kill(-pid, 'SIGKILL');
		started.delete(pid);
	}
}

export interface ServerProcess {
	baseURL: string;
	/** npm's pid, which leads the process group. */
	pid: number;
	/** Everything the processes printed so far (stdout and stderr). */
	output: () => string;
	/** Sends `signal` to npm alone, as a supervisor or `kill <pid>` would. */
	signal: (signal: NodeJS.Signals) => void;
	/** Resolves once every process of the group is gone; the ms it took from the call. */
	gone: (limitMs: number) => Promise<number>;
}

/** `npm start` with `DATA_DIR=dataDir` on a free port; resolves once it serves. */
export async function startServer(dataDir: string, env: Record<string, string> = {}) {
	const port = await freePort();
	const childEnv: NodeJS.ProcessEnv = {
		...process.env,
		PORT: String(port),
		DATA_DIR: dataDir,
		...env
	};
	delete childEnv.DATABASE_URL;
	const child: ChildProcess = spawn('npm', ['start'], {
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
		env: childEnv
	});
	let output = '';
	child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
	child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
	const pid = child.pid!;
	started.add(pid);
	let exited: number | null | undefined;
	child.on('exit', (code) => (exited = code));
	const baseURL = `http://localhost:${port}`;
	// Serving means answering: /api/health says so once the database is migrated.
	for (;;) {
		if (exited !== undefined)
			throw new Error(`npm start exited (${exited}) before serving:\n${output}`);
		try {
			if ((await fetch(`${baseURL}/api/health`)).ok) break;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	const server: ServerProcess = {
		baseURL,
		pid,
		output: () => output,
		signal: (signal) => process.kill(pid, signal),
		gone: async (limitMs) => {
			const started = Date.now();
			while (groupAlive(pid)) {
				if (Date.now() - started > limitMs) {
					// Leave nothing behind for the next test, then fail.
					process.kill(-pid, 'SIGKILL');
					throw new Error(`processes still running ${limitMs} ms after the signal:\n${output}`);
				}
				await new Promise((r) => setTimeout(r, 50));
			}
			return Date.now() - started;
		}
	};
	return server;
}

/** Calls the API as a device does: JSON, its own origin, a bearer token once signed in. */
export async function api(
	server: ServerProcess,
	method: string,
	path: string,
	body?: unknown,
	token?: string
) {
	const res = await fetch(server.baseURL + path, {
		method,
		headers: {
			origin: server.baseURL,
			...(body !== undefined && { 'content-type': 'application/json' }),
			...(token && { authorization: `Bearer ${token}` })
		},
		body: body === undefined ? undefined : JSON.stringify(body)
	});
	const text = await res.text();
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	let json: any = null;
	try {
		json = text ? JSON.parse(text) : null;
	} catch {
		json = text;
	}
	return { status: res.status, headers: res.headers, body: json };
}

/** The server's database file in `dataDir` (the default name under DATA_DIR). */
export const databaseFile = (dataDir: string) => join(dataDir, 'optio.db');

/** A connection of the test's own to the server's database file. */
export function openDatabaseFile(dataDir: string): Client {
	return createClient({ url: `file:${databaseFile(dataDir)}` });
}

/** Bytes in the database's write-ahead log (0 when there is none: all of it is in the file). */
export function walBytes(dataDir: string): number {
	const wal = `${databaseFile(dataDir)}-wal`;
	return existsSync(wal) ? statSync(wal).size : 0;
}

/** `PRAGMA integrity_check` on the file, with the server stopped. */
export async function integrityCheck(dataDir: string): Promise<string> {
	const db = openDatabaseFile(dataDir);
	try {
		return String((await db.execute('PRAGMA integrity_check')).rows[0]?.[0]);
	} finally {
		db.close();
	}
}
