/**
 * Runs the load generator (load-client.ts) in a child process and returns what it measured.
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
	return new Promise((resolve, reject) => {
		const child = fork(fileURLToPath(new URL('./load-client.ts', import.meta.url)), [], {
			execArgv: ['--import', 'tsx'],
			stdio: ['ignore', 'inherit', 'inherit', 'ipc']
		});
		let result: LoadResult | undefined;
		child.once('message', (m) => {
			result = m as LoadResult;
		});
		child.once('error', reject);
		child.once('exit', (code) => {
			if (result) resolve(result);
			else reject(new Error(`load generator exited with ${code} and no result`));
		});
		child.send(opts);
	});
}
