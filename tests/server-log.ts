/**
 * Global setup and teardown: the suite fails when the server answered any request with a 5xx
 * or logged an unhandled error while it ran, even if every test's own checks passed.
 *
 * What counts, in the server's JSON-lines log (src/lib/server/log.ts): every `request` line
 * with a status of 500 or more (src/hooks.server.ts writes one per request) except 503, and
 * every `unhandled` error (src/lib/server/api/errors.ts, the one place an unknown error becomes
 * a 500; src/hooks.server.ts for pages). 503 `unavailable` is the API's designed answer while
 * its database cannot be reached, not a fault.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';

/** The lines of a server log that fail the suite. */
export function serverFaults(log: string): string[] {
	return log
		.split('\n')
		.filter((line) => {
			let entry: { msg?: unknown; status?: unknown };
			try {
				entry = JSON.parse(line);
			} catch {
				return false; // not one of the server's log lines (a build's output)
			}
			if (entry.msg === 'unhandled') return true;
			return entry.msg === 'request' && Number(entry.status) >= 500 && entry.status !== 503;
		})
		.map((line) => line.slice(0, 500));
}

export default function globalSetup() {
	const file = process.env.E2E_LOG;
	if (!file) return;
	// A reused server's log holds earlier runs too: only what this run added counts.
	const from = existsSync(file) ? statSync(file).size : 0;
	return () => {
		if (!existsSync(file)) throw new Error(`The server's log ${file} is missing.`);
		const faults = serverFaults(readFileSync(file).subarray(from).toString('utf8'));
		if (faults.length) {
			throw new Error(
				`The server answered 5xx or logged an unhandled error during the run (${file}):\n` +
					faults.join('\n')
			);
		}
	};
}
