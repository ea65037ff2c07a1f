/**
 * Work that runs on a clock rather than a request: webhook deliveries and their retries, and
 * the retention purges. On Cloudflare a cron trigger calls `POST /api/internal/tick` (see
 * worker/cron.js); on Node the same function runs on a timer started with the first request.
 */
import type { Deps } from './api/types';
import { deliverDue } from './integrations/webhooks';
import { purgeDueOrganizations } from './organization/purge';
import { purgeExpired } from './retention';

export async function runScheduled(deps: Deps, now = Date.now()) {
	await deps.ready();
	const webhooks = await deliverDue(deps.db, { now });
	const purged = await purgeExpired(deps.db, now);
	const organizationsPurged = await purgeDueOrganizations(deps.db, deps.client, now);
	// Their sessions are gone from the database; none may live on in this process's cache.
	if (organizationsPurged) deps.sessionCache.clear();
	return { webhooks, purged, organizationsPurged };
}

const EVERY_MS = 30_000;
let timer: ReturnType<typeof setInterval> | undefined;

/** Starts the timer once, where timers outlive a request (Node, not Workers). */
export function startLocalSchedule(deps: Deps) {
	const onWorkers = globalThis.navigator?.userAgent === 'Cloudflare-Workers';
	if (timer || onWorkers || deps.config.scheduleLocally === false) return;
	timer = setInterval(() => {
		runScheduled(deps).catch((err: unknown) => console.error('scheduled run failed:', err));
	}, EVERY_MS);
	// Never keep a process alive just for this.
	(timer as { unref?: () => void }).unref?.();
}
