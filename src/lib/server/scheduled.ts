/**
 * Work that runs on a clock rather than a request: webhook deliveries and their retries, and
 * the retention purges. On Cloudflare a cron trigger calls `POST /api/internal/tick` (see
 * worker/cron.js); on Node the same function runs on a timer started with the server and
 * stopped at shutdown (shutdown.ts).
 */
import type { Deps } from './api/types';
import { deliverDue } from './integrations/webhooks';
import { purgeDueOrganizations } from './organization/purge';
import { logError } from './log';
import { purgeExpired } from './retention';

export async function runScheduled(deps: Deps, now = Date.now()) {
	await deps.ready();
	const webhooks = await deliverDue(deps.db, { now });
	const purged = await purgeExpired(deps.db, now, deps.photos);
	const organizationsPurged = await purgeDueOrganizations(deps.db, deps.client, now, deps.photos);
	// Their sessions are gone from the database; none may live on in this process's cache.
	if (organizationsPurged) deps.sessionCache.clear();
	return { webhooks, purged, organizationsPurged };
}

const EVERY_MS = 30_000;
let timer: ReturnType<typeof setInterval> | undefined;
let running: Promise<unknown> | undefined;

/** Starts the timer once, where timers outlive a request (Node, not Workers). */
export function startLocalSchedule(deps: Deps) {
	const onWorkers = globalThis.navigator?.userAgent === 'Cloudflare-Workers';
	if (timer || onWorkers || deps.config.scheduleLocally === false) return;
	timer = setInterval(() => {
		// One run at a time: a slow run (many deliveries) is not overtaken by the next tick.
		running ??= runScheduled(deps)
			.catch((err: unknown) => logError('scheduled run failed', err))
			.finally(() => (running = undefined));
	}, EVERY_MS);
	// Never keep a process alive just for this.
	(timer as { unref?: () => void }).unref?.();
}

/** Stops the timer and waits for a run in progress, so the database can close after it. */
export async function stopLocalSchedule() {
	clearInterval(timer);
	timer = undefined;
	await running;
}
