/**
 * The diagnostics a problem report offers to send: what the device knows about its own health.
 * Nothing here is sent without the user: errors carry no business data, and a report shows every
 * part before it goes, so the user can leave any out.
 */
import { version } from '$app/environment';
import type { Diagnostics } from '../domain/support/tickets';
import { recentErrors } from './diagnostics';
import { sync } from './sync/engine.svelte';

/** Everything a problem report can carry, each part named so the user can leave it out. */
export function gatherDiagnostics(): Required<Omit<Diagnostics, 'screen'>> & { screen: string } {
	const sw = navigator.serviceWorker?.controller;
	return {
		appVersion: version,
		serviceWorker: sw ? `active (${new URL(sw.scriptURL).pathname})` : 'none',
		browser: navigator.userAgent.slice(0, 500),
		online: navigator.onLine,
		outbox: { pending: sync.pending.length, rejected: sync.rejected.length },
		rejected: sync.rejected.slice(0, 20).map((e) => ({
			name: e.name,
			code: e.error?.code ?? '',
			message: (e.error?.message ?? '').slice(0, 500)
		})),
		lastSync: sync.lastSyncAt,
		recentErrors: recentErrors()
			.slice(-20)
			.map((e) => ({ at: e.at, message: e.message })),
		screen: location.pathname.slice(0, 200)
	};
}
