/**
 * One sync round: push the outbox, then pull what changed. Plain TypeScript so the page and the
 * service worker (Background Sync) run the same code; a Web Lock makes sure only one tab or
 * worker flushes at a time.
 */
import { uuidv7 } from 'uuidv7';
import { DEFAULT_PULL_LIMIT, type PushResult } from '../../domain/sync/protocol';
import { isMutationName, MUTATIONS } from '../../domain/sync/registry';
import { whenTooOld } from '../../domain/sync/versions';
import { SYNCED_TABLES, type Change, type SyncedTable } from '../../domain/sync/rows';
import { db, durableDb, getMeta, setMeta, type OutboxEntry } from './db';
import { pendingEntries, replayPending, revert, type DeviceContext } from './outbox';
import { getPull, postJson, postPush } from './transport';

export const LOCK_NAME = 'optio-sync';
/** The Background Sync tag the page registers when it queues a write. */
export const BACKGROUND_SYNC_TAG = 'optio-outbox';
const PUSH_BATCH = 100;

export interface FlushReport {
	pushed: number;
	rejected: OutboxEntry[];
	pulled: number;
	/** The server needs a newer app for some pending mutation. */
	updateRequired: boolean;
}

export interface FlushHooks {
	onProgress?: (done: number, total: number) => void;
}

/** This device's id, made once; the server keeps it beside each mutation for support. */
export async function clientId(): Promise<string> {
	let id = await getMeta<string>('clientId');
	if (!id) {
		id = uuidv7();
		await setMeta('clientId', id);
	}
	return id;
}

/** Runs `fn` holding the sync lock (or directly where the browser has no Web Locks). */
export function withSyncLock<T>(fn: () => Promise<T>): Promise<T> {
	if (typeof navigator !== 'undefined' && navigator.locks) {
		return navigator.locks.request(LOCK_NAME, fn) as Promise<T>;
	}
	return fn();
}

/** Pushes pending mutations in batches until none is left; throws on a transient failure. */
export async function push(ctx: DeviceContext): Promise<Omit<FlushReport, 'pulled'>> {
	const report = { pushed: 0, rejected: [] as OutboxEntry[], updateRequired: false };
	const id = await clientId();
	const held = new Set<string>();
	for (;;) {
		const batch = (await pendingEntries(ctx.userId, PUSH_BATCH + held.size)).filter(
			(e) => !held.has(e.id)
		);
		if (batch.length === 0) return report;
		const { results } = await postPush({
			clientId: id,
			mutations: batch
				.slice(0, PUSH_BATCH)
				.map(({ id, name, v, args, createdAt }) => ({ id, name, v, args, createdAt }))
		});
		for (const result of results) {
			const entry = batch.find((e) => e.id === result.id);
			if (!entry) continue;
			await settle(entry, result, ctx, report, held);
		}
	}
}

/** The version of a mutation this app makes now. */
function appVersion(entry: OutboxEntry): number {
	return isMutationName(entry.name) ? MUTATIONS[entry.name].version : 1;
}

async function settle(
	entry: OutboxEntry,
	result: PushResult,
	ctx: DeviceContext,
	report: Omit<FlushReport, 'pulled'>,
	held: Set<string>
) {
	if (result.status !== 'rejected') {
		await durableDb.outbox.delete(entry.id);
		report.pushed++;
		return;
	}
	if (
		result.error.code === 'update_required' &&
		whenTooOld(entry.v ?? 1, appVersion(entry)) === 'update'
	) {
		// Not refused: this app is older than the server. Keep it; the app updates and pushes again.
		report.updateRequired = true;
		held.add(entry.id);
		await durableDb.outbox.update(entry.id, { attempts: entry.attempts + 1 });
		return;
	}
	const rejected: OutboxEntry = { ...entry, status: 'rejected', error: result.error };
	await durableDb.outbox.put(rejected);
	await revert(rejected, ctx);
	report.rejected.push(rejected);
}

/** Pulls every page of changes since the saved cursor; resumable page by page. */
export async function pull(ctx: DeviceContext, hooks: FlushHooks = {}): Promise<number> {
	let done = 0;
	let page = await getPull(await getMeta<string>('cursor'), DEFAULT_PULL_LIMIT);
	for (;;) {
		// The next page downloads while this one is written: the cursor saved with each page
		// still moves only after its rows are stored, so an interruption resumes where it was.
		const next = page.hasMore ? getPull(page.cursor, DEFAULT_PULL_LIMIT) : null;
		// A failed write must not leave the prefetch's rejection unhandled.
		next?.catch(() => {});
		await applyPage(page.changes, page.cursor, ctx, page.reset);
		done += page.changes.length;
		hooks.onProgress?.(done, done + page.remaining);
		if (!next) break;
		page = await next;
	}
	await setMeta('initialDone', true);
	await setMeta('lastSyncAt', Date.now());
	return done;
}

/** Writes one page and its cursor in one transaction, then puts unsent local work back on top. */
export async function applyPage(
	changes: Change[],
	cursor: string,
	ctx: DeviceContext,
	reset = false
) {
	const puts = new Map<SyncedTable, unknown[]>();
	const deletes = new Map<SyncedTable, string[]>();
	for (const c of changes) {
		if (c.op === 'put') {
			const rows = puts.get(c.table);
			if (rows) rows.push(c.row);
			else puts.set(c.table, [c.row]);
		} else {
			const ids = deletes.get(c.table);
			if (ids) ids.push(c.id);
			else deletes.set(c.table, [c.id]);
		}
	}
	await db.transaction('rw', [...SYNCED_TABLES, 'outbox', 'meta'], async () => {
		if (reset) await Promise.all(SYNCED_TABLES.map((t) => db[t].clear()));
		for (const [table, rows] of puts)
			await (db[table] as unknown as { bulkPut(r: unknown[]): Promise<unknown> }).bulkPut(rows);
		for (const [table, ids] of deletes) await db[table].bulkDelete(ids);
		await db.meta.put({ key: 'cursor', value: cursor });
		if (changes.length || reset) await replayPending(db, ctx);
	});
}

/** Tells support which mutations the server refused and why (best effort). */
export async function reportFailures(rejected: OutboxEntry[]): Promise<void> {
	if (!rejected.length) return;
	try {
		await postJson('/api/diagnostics/sync-failures', {
			clientId: await clientId(),
			failures: rejected.map((e) => ({
				mutationId: e.id,
				name: e.name,
				code: e.error?.code ?? 'unknown',
				message: e.error?.message ?? '',
				at: Date.now()
			}))
		});
	} catch {
		// Diagnostics never get in the way of the user's work.
	}
}

/**
 * For the service worker's Background Sync: an open page flushes itself (it has the state to
 * show); with no page open, the worker flushes for the last signed-in user.
 */
export async function backgroundFlush(clients: readonly { postMessage(m: unknown): void }[]) {
	if (clients.length) {
		for (const c of clients) c.postMessage({ type: 'optio-sync' });
		return;
	}
	const userId = await getMeta<string>('userId');
	if (!userId) return;
	await flush({ userId, branchId: (await getMeta<string | null>('branchId')) ?? null });
}

/** Push then pull, under the sync lock. */
export function flush(ctx: DeviceContext, hooks: FlushHooks = {}): Promise<FlushReport> {
	return withSyncLock(async () => {
		const pushed = await push(ctx);
		void reportFailures(pushed.rejected);
		const pulled = await pull(ctx, hooks);
		return { ...pushed, pulled };
	});
}
