/**
 * The device's sync engine as app-wide state: what is pending, what was refused, when the last
 * sync was, and the first download's progress. It flushes on a write, when the network comes
 * back, on an interval with backoff, when the service worker's Background Sync fires, and when
 * the user asks. A transient failure never waits for the user's next write.
 *
 * The outbox and the flush (the plans, the mutation schemas and their validation library) are
 * loaded on first use, not with the first screen: a screen that only reads draws without them.
 */
import { liveQuery } from 'dexie';
import type { ArgsOf, MutationName } from '../../domain/sync/registry';
import { THUMBNAIL_CACHE } from '../../domain/photos';
import { db, durableDb, getMeta, type OutboxEntry } from './db';
import { requestBackgroundSync } from './background-sync';
import { whenIdle } from '../idle';
import type { DeviceContext } from './outbox';
import { deviceStorage, isStorageFull } from './storage.svelte';
import { postJson, RefusedError, SignedOutError, TransientError } from './transport';

const INTERVAL_MS = 60_000;
const BACKOFF_START_MS = 2_000;
const BACKOFF_MAX_MS = 5 * 60_000;

class SyncEngine {
	entries = $state<OutboxEntry[]>([]);
	pending = $derived(this.entries.filter((e) => e.status === 'pending'));
	rejected = $derived(this.entries.filter((e) => e.status === 'rejected'));
	lastSyncAt = $state<number | null>(null);
	initialDone = $state(false);
	syncing = $state(false);
	progress = $state<{ done: number; total: number } | null>(null);
	/**
	 * Why the last round failed: `refused` is a whole upload the server turned away for a reason
	 * no single change explains (a 403 or 404: a role or the server's setup), `storage` a full disk.
	 */
	lastError = $state<'offline' | 'server' | 'signedOut' | 'refused' | 'storage' | null>(null);
	/** The server's own words for a `refused` upload. */
	refusedReason = $state('');
	updateRequired = $state(false);

	#ctx: DeviceContext | null = null;
	#timer: ReturnType<typeof setTimeout> | undefined;
	#backoff = BACKOFF_START_MS;
	#subscription: { unsubscribe(): void } | undefined;
	#running: Promise<void> | undefined;
	#again = false;
	#cancelFirst: (() => void) | undefined;
	// Counts starts and stops: a first round scheduled by an earlier start is not this one's.
	#run = 0;

	/** Starts syncing for the signed-in user. */
	start(ctx: DeviceContext) {
		if (this.#ctx?.userId === ctx.userId) {
			// The same user with fresher session facts (the organization's settings changed): the
			// next plan obeys them, with no restart.
			this.#ctx = ctx;
			void keepFacts({ settings: ctx.settings ?? {} });
			return;
		}
		this.stop();
		this.#ctx = ctx;
		const run = this.#run;

		this.#subscription = liveQuery(() => db.outbox.orderBy('id').toArray()).subscribe({
			next: (rows) => (this.entries = rows.filter((e) => e.userId === ctx.userId))
		});
		void getMeta<number>('lastSyncAt').then((v) => (this.lastSyncAt = v ?? null));
		void getMeta<boolean>('initialDone').then((v) => (this.initialDone = v ?? false));
		window.addEventListener('online', this.#onOnline);
		document.addEventListener('visibilitychange', this.#onVisible);
		navigator.serviceWorker?.addEventListener('message', this.#onWorkerMessage);
		void deviceStorage.requestPersistence();
		// The first round (the sync code loaded, a pull written) once the screen has drawn: the
		// screen reads the device's rows meanwhile, and a write made sooner starts it at once.
		// The same run, not the same context object: fresher settings for this user replace the
		// context meanwhile, and the first round must still come.
		void this.#adoptDevice(ctx).then(() => {
			if (this.#run === run) this.#cancelFirst = whenIdle(() => this.syncNow());
		});
	}

	stop() {
		this.#run++;
		this.#cancelFirst?.();
		this.#subscription?.unsubscribe();
		clearTimeout(this.#timer);
		window.removeEventListener('online', this.#onOnline);
		document.removeEventListener('visibilitychange', this.#onVisible);
		navigator.serviceWorker?.removeEventListener('message', this.#onWorkerMessage);
		this.#ctx = null;
		this.entries = [];
	}

	/**
	 * Another user's synced rows are not this user's to see: clear them when the signed-in user
	 * changes (never while anyone's work is still in the outbox; the server scopes the next pull).
	 */
	async #adoptDevice({ userId, branchId, settings }: DeviceContext) {
		const owner = await getMeta<string>('userId');
		if (owner && owner !== userId && (await db.outbox.count()) === 0 && !(await unsentPhotos()))
			await this.clearLocalData();
		// The service worker flushes for this user when no page is open (Background Sync).
		await keepFacts({ userId, branchId, settings: settings ?? {} });
	}

	#onOnline = () => {
		this.#backoff = BACKOFF_START_MS;
		this.syncNow();
	};
	#onVisible = () => {
		if (document.visibilityState === 'visible') this.syncNow();
	};
	#onWorkerMessage = (event: MessageEvent) => {
		if ((event.data as { type?: string } | null)?.type === 'optio-sync') this.syncNow();
	};

	/**
	 * Makes a business write: applied here at once, sent when the network allows.
	 * @example await sync.write('tradePoint.archive', { id });
	 */
	async write<N extends MutationName>(name: N, args: ArgsOf<N>): Promise<OutboxEntry> {
		if (!this.#ctx) throw new Error('sync not started');
		const { enqueue } = await import('./outbox');
		const entry = await enqueue(name, args, this.#ctx);
		void requestBackgroundSync();
		this.syncNow();
		return entry;
	}

	/** Flushes now (or right after the round in progress). */
	syncNow() {
		if (!this.#ctx) return;
		if (this.#running) {
			this.#again = true;
			return;
		}
		this.#running = this.#round().finally(() => {
			this.#running = undefined;
			if (this.#again) {
				this.#again = false;
				this.syncNow();
			}
		});
	}

	/** Resolves when no round is running (tests and sign-out wait on it). */
	async idle(): Promise<void> {
		while (this.#running) await this.#running;
	}

	async #round() {
		const ctx = this.#ctx;
		if (!ctx) return;
		clearTimeout(this.#timer);
		this.syncing = true;
		let delay = INTERVAL_MS;
		try {
			const { flush, plans } = await import('./flush');
			// The plans load only if this round has work for them (flush.ts).
			plans.load = () => import('./outbox');
			const report = await flush(ctx, {
				onProgress: (done, total) => {
					if (!this.initialDone) this.progress = { done, total };
				}
			});
			this.updateRequired = report.updateRequired;
			// The server wants a newer app for some queued work: fetch it now; the page then offers
			// "a new version is ready", and the work is pushed again by the new version.
			if (report.updateRequired)
				void navigator.serviceWorker?.getRegistration().then((r) => r?.update());
			this.lastError = null;
			this.refusedReason = '';
			this.lastSyncAt = Date.now();
			this.initialDone = true;
			this.progress = null;
			this.#backoff = BACKOFF_START_MS;
		} catch (err) {
			if (err instanceof SignedOutError) {
				this.lastError = 'signedOut';
				return;
			}
			if (err instanceof RefusedError) {
				// The same upload would be refused again at once: nothing is set aside (no change is
				// to blame), and it is tried again only at the slowest pace, in case the cause is fixed.
				this.lastError = 'refused';
				this.refusedReason = err.message;
				delay = BACKOFF_MAX_MS;
				return;
			}
			this.lastError = isStorageFull(err)
				? 'storage'
				: err instanceof TransientError && !navigator.onLine
					? 'offline'
					: 'server';
			delay = this.#backoff;
			this.#backoff = Math.min(this.#backoff * 2, BACKOFF_MAX_MS);
		} finally {
			this.syncing = false;
			if (this.#ctx === ctx && this.lastError !== 'signedOut') {
				this.#timer = setTimeout(() => this.syncNow(), delay);
			}
		}
	}

	/** Drops a refused mutation for good; the server records the discard in the audit log. */
	async discard(entry: OutboxEntry, reason?: string): Promise<void> {
		await postJson('/api/sync/discard', {
			mutationId: entry.id,
			name: entry.name,
			args: entry.args,
			...(reason ? { reason } : {})
		});
		await durableDb.outbox.delete(entry.id);
	}

	/** Puts a refused mutation's effect back out of sight (used when the user fixes it as a new write). */
	async revert(entry: OutboxEntry) {
		if (!this.#ctx) return;
		const { revert } = await import('./outbox');
		await revert(entry, this.#ctx);
	}

	/** The outbox as a file the user can hand to support. */
	async exportOutbox(): Promise<Blob> {
		const entries = await db.outbox.toArray();
		const body = { exportedAt: new Date().toISOString(), cursor: await getMeta('cursor'), entries };
		return new Blob([JSON.stringify(body, null, 2)], { type: 'application/json' });
	}

	/** How many mutations and photos of this user still wait or were refused. */
	async unsentCount(userId: string): Promise<number> {
		const photos = await db.photos
			.where('status')
			.anyOf('pending', 'refused')
			.filter((p) => p.userId === userId)
			.count();
		return (await db.outbox.toArray()).filter((e) => e.userId === userId).length + photos;
	}

	/** Clears this device's business data; refuses while the outbox holds anything. */
	async clearLocalData(): Promise<void> {
		await db.transaction('rw', db.tables, async () => {
			if ((await db.outbox.count()) > 0) throw new Error('outbox not empty');
			// Photos not yet sent exist nowhere else either.
			if (await unsentPhotos()) throw new Error('photos not sent');
			const clientId = await db.meta.get('clientId');
			await Promise.all(db.tables.map((t) => t.clear()));
			if (clientId) await db.meta.put(clientId);
		});
		// Thumbnails of the organization's photos go with its data.
		if (typeof caches !== 'undefined') await caches.delete(THUMBNAIL_CACHE);
		this.initialDone = false;
		this.lastSyncAt = null;
	}
}

/**
 * Keeps the device's facts for the service worker, writing only those that changed: the same
 * user opening the app again writes nothing while its first screen draws (issue 15).
 */
async function keepFacts(facts: Record<string, unknown>): Promise<void> {
	const keys = Object.keys(facts);
	const kept = await db.meta.bulkGet(keys);
	const changed = keys
		.filter((key, i) => JSON.stringify(kept[i]?.value) !== JSON.stringify(facts[key]))
		.map((key) => ({ key, value: facts[key] }));
	if (changed.length) await db.meta.bulkPut(changed);
}

/** Whether any photo still waits for the server (its own queue: src/lib/client/photos). */
async function unsentPhotos(): Promise<boolean> {
	return (await db.photos.where('status').equals('pending').count()) > 0;
}

export const sync = new SyncEngine();
