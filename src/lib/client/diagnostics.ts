/**
 * The errors the app met on this device, kept for a problem report and sent to the server in
 * small batches. Installed on every screen, the sign-in one too, so it loads nothing heavy; what
 * a report adds (src/lib/client/problem-report.ts) is loaded with the signed-in screens.
 * Nothing here is sent without the user: errors carry no business data, and a report shows every
 * part before it goes, so the user can leave any out.
 */
import { version } from '$app/environment';
import { api, ApiError } from './api';
import { session } from './session.svelte';

interface ErrorEntry {
	at: number;
	message: string;
	stack?: string;
	url?: string;
	appVersion?: string;
}

const KEY = 'optio.clientErrors';
const KEEP = 100;
const BATCH = 20;
const recent: ErrorEntry[] = [];
let installed = false;
let holdUntil = 0;

function queued(): ErrorEntry[] {
	try {
		return JSON.parse(localStorage.getItem(KEY) ?? '[]') as ErrorEntry[];
	} catch {
		return [];
	}
}

function save(entries: ErrorEntry[]) {
	localStorage.setItem(KEY, JSON.stringify(entries.slice(-KEEP)));
}

export function recordError(error: unknown) {
	const e = error instanceof Error ? error : new Error(String(error));
	const entry: ErrorEntry = {
		at: Date.now(),
		message: e.message.slice(0, 500) || 'Error',
		stack: e.stack?.slice(0, 4000),
		url: location.pathname.slice(0, 500),
		appVersion: version
	};
	recent.push(entry);
	if (recent.length > 20) recent.shift();
	save([...queued(), entry]);
}

/** Sends what is queued, a batch at a time; keeps it when offline, refused, or rate-limited. */
export async function flushErrors() {
	if (!navigator.onLine || !session.user || Date.now() < holdUntil) return;
	let pending = queued();
	while (pending.length) {
		const batch = pending.slice(0, BATCH);
		try {
			await api('POST', '/api/diagnostics/errors', { errors: batch });
		} catch (err) {
			// Too many this hour: wait an hour. Anything else: try again at the next round.
			if (err instanceof ApiError && err.status === 429) holdUntil = Date.now() + 3_600_000;
			return;
		}
		pending = pending.slice(batch.length);
		save(pending);
	}
}

export function installErrorReporting() {
	if (installed) return;
	installed = true;
	addEventListener('error', (e) => recordError(e.error ?? e.message));
	addEventListener('unhandledrejection', (e) => recordError(e.reason));
	addEventListener('online', () => void flushErrors());
	setInterval(() => void flushErrors(), 60_000);
}

/** The last errors met on this screen's session, newest last (for a problem report). */
export function recentErrors(): readonly ErrorEntry[] {
	return recent;
}
