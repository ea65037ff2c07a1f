/**
 * One sync round: push the outbox, then pull what changed. Plain TypeScript so the page and the
 * service worker (Background Sync) run the same code; a Web Lock makes sure only one tab or
 * worker flushes at a time.
 */
import { uuidv7 } from 'uuidv7';
import {
	batchLength,
	PUSH_BATCH_BYTES,
	PUSH_BATCH_COUNT,
	pushedBytes
} from '../../domain/sync/batch';
import { DEFAULT_PULL_LIMIT, REJECTION_CODES, type RejectionCode } from '../../domain/sync/limits';
import type { PushResult, RejectionError } from '../../domain/sync/protocol';
import { whenTooOld } from '../../domain/sync/versions';
import { SYNCED_TABLES, type Change, type SyncedTable } from '../../domain/sync/rows';
import type { OrgSettings } from '../../domain/sync/plan';
import { db, durableDb, getMeta, setMeta, type OutboxEntry } from './db';
import { pendingEntries } from './pending';
import type { DeviceContext } from './outbox';
import { getPull, postJson, postPush, RefusedError } from './transport';

export const LOCK_NAME = 'optio-sync';
/** The Background Sync tag the page registers when it queues a write. */

/**
 * Whole-request refusals that are about what the body holds: narrowed down to one mutation,
 * which is then set aside. Any other 4xx (403, 404…) is about the user or the server, not
 * about a mutation, and stops the round with every mutation kept (see the engine).
 */
const REFUSALS_OF_CONTENT = new Set([400, 413, 422]);

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

/**
 * Pushes pending mutations in batches until none is left; throws on a transient failure.
 *
 * Batches are cut by count and by bytes, below the server's body limit. Should the server still
 * refuse a whole request (a 413 from a proxy with a lower limit, a 400), the batch is halved
 * until the refusal comes down to one mutation; that one is set aside as refused on this device
 * with the server's reason, and the rest goes on, as the server does with a mutation it refuses
 * inside a batch. A request the server refused is never sent again as it was.
 */
export async function push(ctx: DeviceContext): Promise<Omit<FlushReport, 'pulled'>> {
	const report = { pushed: 0, rejected: [] as OutboxEntry[], updateRequired: false };
	const id = await clientId();
	const held = new Set<string>();
	// Halved after each refused request, doubled again after each accepted one.
	let most = PUSH_BATCH_COUNT;
	for (;;) {
		const waiting = (await pendingEntries(ctx.userId, most + held.size)).filter(
			(e) => !held.has(e.id)
		);
		if (waiting.length === 0) return report;
		const mutations = waiting.map(({ id, name, v, args, createdAt }) => ({
			id,
			name,
			v,
			args,
			createdAt
		}));
		const sizes = mutations.map(pushedBytes);
		const n = batchLength(sizes, most);
		if (n === 0) {
			await setAside(waiting[0]!, tooLarge(sizes[0]!), ctx, report);
			continue;
		}
		let results: PushResult[];
		try {
			({ results } = await postPush({ clientId: id, mutations: mutations.slice(0, n) }));
		} catch (err) {
			if (!(err instanceof RefusedError) || !REFUSALS_OF_CONTENT.has(err.status)) throw err;
			if (n > 1) {
				most = Math.floor(n / 2);
				continue;
			}
			await setAside(waiting[0]!, refusalOf(err, sizes[0]!), ctx, report);
			continue;
		}
		most = Math.min(most * 2, PUSH_BATCH_COUNT);
		const batch = waiting.slice(0, n);
		for (const result of results) {
			const entry = batch.find((e) => e.id === result.id);
			if (!entry) continue;
			await settle(entry, result, ctx, report, held);
		}
	}
}

/** A mutation larger than one push may be: the server could never take it. */
function tooLarge(bytes: number): RejectionError {
	const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
	return {
		code: 'payload_too_large',
		message: `This change is ${mb(bytes)} MiB; one upload may be at most ${mb(PUSH_BATCH_BYTES)} MiB.`,
		onDevice: true,
		bytes
	};
}

/** The server's reason for refusing a request that held only this mutation. */
function refusalOf(err: RefusedError, bytes: number): RejectionError {
	if (err.status === 413) return { ...tooLarge(bytes), message: err.message };
	const known = (REJECTION_CODES as readonly string[]).includes(err.code);
	return {
		code: known ? (err.code as RejectionCode) : 'request_refused',
		message: err.message,
		...(err.fields ? { fields: err.fields } : {}),
		onDevice: true
	};
}

/**
 * The plans (outbox.ts: every mutation's schema and plan, and the validation library), asked
 * for only when a round has queued work to settle or pulled rows to put unsent work back on: a
 * routine round starts right after a screen draws, and evaluating the schemas there was its
 * longest task (issue 15: total blocking time). Whoever runs rounds says how they come: the page
 * loads them lazily (engine.svelte.ts); the service worker bundles them in, since its classic
 * script may hold no `import()` (nor the `import.meta` a bundler's lazy load brings).
 */
export const plans: { load: () => Promise<typeof import('./outbox')> } = {
	load: () => Promise.reject(new Error('sync: no way to load the plans was given'))
};

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
		whenTooOld(entry.v ?? 1, (await plans.load()).currentVersion(entry.name)) === 'update'
	) {
		// Not refused: this app is older than the server. Keep it; the app updates and pushes again.
		report.updateRequired = true;
		held.add(entry.id);
		await durableDb.outbox.update(entry.id, { attempts: entry.attempts + 1 });
		return;
	}
	await setAside(entry, result.error, ctx, report);
}

/**
 * Keeps a refused mutation with its reason (shown on the Sync screen, saved in the support
 * file) and undoes its local effect, in one transaction: never refused with its effect still
 * showing, nor undone while still pending.
 */
async function setAside(
	entry: OutboxEntry,
	error: RejectionError,
	ctx: DeviceContext,
	report: Omit<FlushReport, 'pulled'>
) {
	const rejected: OutboxEntry = { ...entry, status: 'rejected', error };
	// Loaded before the transaction: awaiting a module inside it would let IndexedDB commit it.
	const { revert } = await plans.load();
	await durableDb.transaction('rw', [...SYNCED_TABLES, 'outbox'], async () => {
		await durableDb.outbox.put(rejected);
		await revert(rejected, ctx);
	});
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
	// Unsent work is put back on top only when rows changed; the plans that do it load only then,
	// and before the transaction (awaiting a module inside it would let IndexedDB commit it).
	const replayPending = changes.length || reset ? (await plans.load()).replayPending : null;
	await db.transaction('rw', [...SYNCED_TABLES, 'outbox', 'meta'], async () => {
		if (reset) await Promise.all(SYNCED_TABLES.map((t) => db[t].clear()));
		for (const [table, rows] of puts)
			await (db[table] as unknown as { bulkPut(r: unknown[]): Promise<unknown> }).bulkPut(rows);
		for (const [table, ids] of deletes) await db[table].bulkDelete(ids);
		await db.meta.put({ key: 'cursor', value: cursor });
		if (replayPending) await replayPending(db, ctx);
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
	await flush({
		userId,
		branchId: (await getMeta<string | null>('branchId')) ?? null,
		settings: (await getMeta<OrgSettings>('settings')) ?? {}
	});
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
