/**
 * The load generator, run in its own process (see load.ts) so it does not share the server's
 * event loop: `concurrency` loops over keep-alive connections, each sending the next request
 * as soon as the previous answer is read, for a warm-up and then a measured period.
 */
import { Agent, request } from 'node:http';
import type { LoadOptions, LoadResult } from './load';
import { latencySummary } from './stats';

function once(agent: Agent, url: URL, headers: Record<string, string>): Promise<number> {
	return new Promise((resolve, reject) => {
		const req = request(
			{ agent, hostname: url.hostname, port: url.port, path: url.pathname + url.search, headers },
			(res) => {
				res.on('error', reject);
				res.on('end', () => resolve(res.statusCode ?? 0));
				res.resume();
			}
		);
		req.on('error', reject);
		req.end();
	});
}

async function generate(opts: LoadOptions): Promise<LoadResult> {
	const url = new URL(opts.url);
	const agent = new Agent({ keepAlive: true, maxSockets: opts.concurrency });
	const latencies: number[] = [];
	const statuses: Record<string, number> = {};
	let failures = 0;
	const start = performance.now();
	const measureFrom = start + opts.warmupMs;
	const end = measureFrom + opts.durationMs;

	async function loop() {
		while (performance.now() < end) {
			const t0 = performance.now();
			let status: number;
			try {
				status = await once(agent, url, opts.headers ?? {});
			} catch {
				status = 0;
			}
			const t1 = performance.now();
			if (t0 < measureFrom || t1 > end) continue;
			latencies.push(t1 - t0);
			statuses[status] = (statuses[status] ?? 0) + 1;
			if (status < 200 || status >= 300) failures++;
		}
	}
	await Promise.all(Array.from({ length: opts.concurrency }, loop));
	agent.destroy();

	return {
		requests: latencies.length,
		failures,
		statuses,
		seconds: opts.durationMs / 1000,
		rps: latencies.length / (opts.durationMs / 1000),
		latencyMs: latencySummary(latencies)
	};
}

process.once('message', (opts: LoadOptions) => {
	generate(opts).then(
		(result) => process.send!(result, () => process.exit(0)),
		(err: unknown) => {
			console.error(err);
			process.exit(1);
		}
	);
});
