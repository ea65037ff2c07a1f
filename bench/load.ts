/**
 * Runs a load generator (load-client.ts, device-client.ts) in a child process and returns what it
 * measured.
 * A separate process keeps the client's own work off the server's event loop and heap.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface LoadOptions {
	url: string;
	headers?: Record<string, string>;
	/** Requests in flight at any time (one keep-alive connection each). */
	concurrency: number;
	/** Sent but not counted, to warm the JIT, the connections and the database cache. */
	warmupMs: number;
	durationMs: number;
}

export interface LoadResult {
	/** Requests answered inside the measured period. */
	requests: number;
	/** Of those, answers that were not 2xx (or no answer at all). */
	failures: number;
	statuses: Record<string, number>;
	seconds: number;
	rps: number;
	latencyMs: { mean: number; p50: number; p90: number; p99: number; max: number };
}

export function runLoad(opts: LoadOptions): Promise<LoadResult> {
	return runInChild<LoadOptions, LoadResult>('./load-client.ts', opts);
}

/**
 * Runs a bench client module (a path relative to this folder) in a child process: sends it
 * `input` once, resolves with the first message it sends back. The module answers
 * `process.once('message', …)` with `process.send(result)`.
 */
export function runInChild<I, O>(module: string, input: I): Promise<O> {
	return new Promise((resolve, reject) => {
		const child = fork(fileURLToPath(new URL(module, import.meta.url)), [], {
			execArgv: ['--import', 'tsx'],
			stdio: ['ignore', 'inherit', 'inherit', 'ipc']
		});
		let result: O | undefined;
		child.once('message', (m) => {
			result = m as O;
		});
		child.once('error', reject);
		child.once('exit', (code) => {
			if (result) resolve(result);
			else reject(new Error(`${module} exited with ${code} and no result`));
		});
		child.send(input as object);
	});
}
