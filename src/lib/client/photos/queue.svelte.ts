/**
 * Photos' own upload queue, apart from the outbox of mutations: a sale or an order never waits
 * behind a photo (the heaviest thing a phone sends), and a photo that fails waits out its own
 * backoff without holding anything else. One photo goes at a time, after any outbox round in
 * progress (documents first), with its progress shown; once the server has it (201, or 200 for
 * the same bytes again) the photo leaves the device and only its thumbnail stays for display.
 */
import { liveQuery } from 'dexie';
import { uuidv7 } from 'uuidv7';
import { photoRetryDelay, uploadOutcome } from '../../domain/photos';
import { db, durableDb, type PhotoEntry } from '../sync/db';
import { sync } from '../sync/engine.svelte';

const INTERVAL_MS = 60_000;
const TIMEOUT_MS = 120_000;

/** PUT with upload progress (fetch has none); answers the status, 0 for no answer. */
function put(url: string, body: Blob, onProgress: (share: number) => void): Promise<number> {
	return new Promise((resolve) => {
		const xhr = new XMLHttpRequest();
		xhr.open('PUT', url);
		xhr.timeout = TIMEOUT_MS;
		xhr.withCredentials = true;
		xhr.setRequestHeader('content-type', body.type);
		xhr.upload.onprogress = (e) => {
			if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
		};
		xhr.onload = () => resolve(xhr.status);
		xhr.onerror = xhr.ontimeout = xhr.onabort = () => resolve(0);
		xhr.send(body);
	});
}

class PhotoQueue {
	/** This user's photos on the device, newest first. */
	entries = $state<PhotoEntry[]>([]);
	/** Not yet on the server: waiting, or refused for good. */
	unsent = $derived(this.entries.filter((e) => e.status !== 'sent'));
	refused = $derived(this.entries.filter((e) => e.status === 'refused'));
	/** The photo being sent now and how much of it has gone (0–1). */
	current = $state<{ id: string; progress: number } | null>(null);
	/** Whether the last attempt failed for want of a network or server (the next is scheduled). */
	waiting = $state(false);

	#userId: string | null = null;
	#subscription: { unsubscribe(): void } | undefined;
	#timer: ReturnType<typeof setTimeout> | undefined;
	#running: Promise<void> | undefined;
	#again = false;
	#signedOut = false;

	start(userId: string) {
		if (this.#userId === userId) return;
		this.stop();
		this.#userId = userId;
		this.#signedOut = false;
		this.#subscription = liveQuery(() =>
			db.photos.where('userId').equals(userId).reverse().sortBy('takenAt')
		).subscribe({ next: (rows) => (this.entries = rows) });
		window.addEventListener('online', this.#onOnline);
		this.kick();
	}

	stop() {
		this.#subscription?.unsubscribe();
		clearTimeout(this.#timer);
		window.removeEventListener('online', this.#onOnline);
		this.#userId = null;
		this.entries = [];
	}

	#onOnline = () => void this.retryNow();

	/** Sends every waiting photo now, ignoring backoff (the network came back, or the user asked). */
	async retryNow() {
		if (!this.#userId) return;
		this.#signedOut = false;
		await durableDb.photos
			.where('status')
			.equals('pending')
			.modify((p) => void (p.nextAttemptAt = 0));
		this.kick();
	}

	/**
	 * Compresses a shot, keeps it on the device and queues it; answers the new photo's id, which
	 * an answer or a note can name at once (the photo goes later, on its own).
	 * @example const id = await photoQueue.add(file, { subject: `visit:${visit.id}`, withLocation: false });
	 */
	async add(file: File, opts: { subject: string | null; withLocation: boolean }): Promise<string> {
		if (!this.#userId) throw new Error('photo queue not started');
		const { preparePhoto } = await import('./compress');
		const made = await preparePhoto(file, opts.withLocation);
		const entry: PhotoEntry = {
			id: uuidv7(),
			userId: this.#userId,
			subject: opts.subject,
			blob: made.photo,
			thumb: made.thumb,
			type: made.photo.type,
			size: made.photo.size,
			width: made.width,
			height: made.height,
			withLocation: opts.withLocation,
			status: 'pending',
			attempts: 0,
			progress: 0,
			nextAttemptAt: 0,
			takenAt: Date.now()
		};
		await durableDb.photos.add(entry);
		this.kick();
		return entry.id;
	}

	/** Removes a photo not yet sent (taken by mistake, or refused for good). */
	async remove(id: string) {
		await durableDb.transaction('rw', durableDb.photos, async () => {
			const photo = await durableDb.photos.get(id);
			if (photo && photo.status !== 'sent') await durableDb.photos.delete(id);
		});
	}

	/** Starts a round now, or right after the one in progress. */
	kick() {
		if (!this.#userId) return;
		if (this.#running) {
			this.#again = true;
			return;
		}
		this.#running = this.#round().finally(() => {
			this.#running = undefined;
			if (this.#again) {
				this.#again = false;
				this.kick();
			}
		});
	}

	/** Resolves when no round is running. */
	async idle() {
		while (this.#running) await this.#running;
	}

	async #round() {
		const userId = this.#userId;
		if (!userId || this.#signedOut) return;
		clearTimeout(this.#timer);
		for (;;) {
			const now = Date.now();
			const next = await db.photos
				.where('status')
				.equals('pending')
				.filter((p) => p.userId === userId && p.nextAttemptAt <= now)
				.sortBy('takenAt');
			const photo = next[0];
			if (!photo || this.#userId !== userId) break;
			// Documents first: a push in progress finishes before a photo takes the line.
			await sync.idle();
			const outcome = await this.#send(photo);
			if (outcome === 'signedOut') {
				this.#signedOut = true;
				return;
			}
			// The network or server is down: the rest would fail alike; wait for the backoff.
			if (outcome === 'retry') break;
		}
		await this.#schedule(userId);
	}

	async #send(photo: PhotoEntry) {
		if (!photo.blob) {
			await durableDb.photos.update(photo.id, { status: 'sent' });
			return 'sent' as const;
		}
		this.current = { id: photo.id, progress: 0 };
		const base = `/api/photos/${encodeURIComponent(photo.id)}`;
		// Progress covers the photo; the thumbnail (a few KB) follows it.
		let status = await put(base, photo.blob, (share) => {
			if (this.current?.id === photo.id) this.current = { id: photo.id, progress: share };
		});
		if (uploadOutcome(status) === 'sent') {
			status = await put(`${base}/thumbnail`, photo.thumb, () => {});
		}
		this.current = null;
		const outcome = uploadOutcome(status);
		this.waiting = outcome === 'retry';
		if (outcome === 'sent') {
			await durableDb.photos.update(photo.id, {
				status: 'sent',
				blob: null,
				progress: 1,
				sentAt: Date.now(),
				error: undefined
			});
		} else if (outcome === 'retry') {
			const attempts = photo.attempts + 1;
			await durableDb.photos.update(photo.id, {
				attempts,
				nextAttemptAt: Date.now() + photoRetryDelay(attempts),
				error: status === 0 ? 'network' : `http_${status}`
			});
		} else if (outcome === 'refused') {
			await durableDb.photos.update(photo.id, {
				status: 'refused',
				attempts: photo.attempts + 1,
				error: `http_${status}`
			});
		}
		return outcome;
	}

	/** The next round when the earliest waiting photo's backoff is over (or the interval). */
	async #schedule(userId: string) {
		const waiting = await durableDb.photos
			.where('status')
			.equals('pending')
			.filter((p) => p.userId === userId)
			.toArray();
		if (this.#userId !== userId) return;
		const soonest = Math.min(...waiting.map((p) => p.nextAttemptAt));
		const delay = waiting.length
			? Math.max(500, Math.min(soonest - Date.now(), INTERVAL_MS))
			: INTERVAL_MS;
		this.#timer = setTimeout(() => this.kick(), delay);
	}
}

export const photoQueue = new PhotoQueue();
