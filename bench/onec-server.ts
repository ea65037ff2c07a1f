/**
 * The API alone in a process of its own (bench/server.ts on a fresh libSQL file), for the 1C
 * import benchmark: its memory is then the server's, measured from /proc, apart from the
 * simulated 1C client's and the benchmark's own. Answers `{baseURL, databaseUrl}` once started;
 * closes on any message.
 */
import { startBenchServer } from './server';

const server = await startBenchServer();
process.send!({ baseURL: server.baseURL, databaseUrl: server.databaseUrl });
process.once('message', () => {
	void server.close().then(() => process.exit(0));
});
