/**
 * The end of the Node production server. adapter-node answers SIGTERM/SIGINT by refusing new
 * connections, letting the requests in flight finish (up to `SHUTDOWN_TIMEOUT` seconds), and
 * then emitting `sveltekit:shutdown` on `process`; only then is the database closed, so no
 * request loses it mid-transaction. Workers and `vite dev` never emit the event.
 */
import type { Deps } from './api/types';
import { logError, logInfo } from './log';
import { stopLocalSchedule } from './scheduled';

/** Stops the timer and closes the database when the Node server has stopped serving. */
export function closeOnShutdown(deps: Deps) {
	const proc = globalThis.process as { once?: NodeJS.Process['once'] } | undefined;
	if (typeof proc?.once !== 'function') return;
	proc.once('sveltekit:shutdown', (reason: unknown) => {
		const closing = async () => {
			await stopLocalSchedule();
			await deps.close();
			// Nothing holds the event loop now: the process exits on its own (scripts/start.js
			// keeps a deadline in case something still does).
			logInfo('stopped', { reason: String(reason), database: 'closed' });
		};
		closing().catch((err: unknown) => {
			logError('shutdown failed', err);
			process.exitCode = 1;
		});
	});
}
