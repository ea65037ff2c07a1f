/**
 * One statement or transaction at a time, for the embedded database.
 *
 * Why: the native libSQL driver runs each statement synchronously on the event loop. With two
 * connections, a statement waiting for the write lock held by the other connection's open
 * transaction blocks the very event loop that transaction needs to commit: both stall until
 * SQLITE_BUSY (seen in tests: concurrent pushes failed after the 5 s busy timeout). Queuing
 * every use of the database behind an async lock makes them wait without blocking; a
 * transaction holds the lock from BEGIN to COMMIT or ROLLBACK. Remote (Turso) clients speak
 * over the network and are not wrapped.
 */
import type { Client, Transaction, TransactionMode } from '@libsql/client';

class AsyncLock {
	#tail: Promise<void> = Promise.resolve();

	/** Resolves with a release function once every earlier holder has released. */
	acquire(): Promise<() => void> {
		let release!: () => void;
		const next = new Promise<void>((resolve) => (release = resolve));
		const ready = this.#tail.then(() => release);
		this.#tail = this.#tail.then(() => next);
		return ready;
	}

	async run<T>(fn: () => Promise<T>): Promise<T> {
		const release = await this.acquire();
		try {
			return await fn();
		} finally {
			release();
		}
	}
}

export function serializeClient(client: Client): Client {
	const lock = new AsyncLock();
	const queued =
		<A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
		(...args: A) =>
			lock.run(() => fn(...args));

	return new Proxy(client, {
		get(target, prop) {
			switch (prop) {
				case 'execute':
				case 'batch':
				case 'migrate':
				case 'executeMultiple':
					return queued((target[prop] as (...a: unknown[]) => Promise<unknown>).bind(target));
				case 'transaction':
					return async (mode?: TransactionMode) => {
						const release = await lock.acquire();
						let tx: Transaction;
						try {
							tx = await target.transaction(mode);
						} catch (err) {
							release();
							throw err;
						}
						return holdUntilSettled(tx, release);
					};
				default:
					return bound(target, prop);
			}
		}
	});
}

/** The transaction keeps the lock until it commits, rolls back or closes. */
function holdUntilSettled(tx: Transaction, release: () => void): Transaction {
	let released = false;
	const done = () => {
		if (!released) {
			released = true;
			release();
		}
	};
	return new Proxy(tx, {
		get(target, prop) {
			if (prop === 'commit' || prop === 'rollback') {
				return async () => {
					try {
						return await target[prop]();
					} finally {
						done();
					}
				};
			}
			if (prop === 'close') {
				return () => {
					target.close();
					done();
				};
			}
			return bound(target, prop);
		}
	});
}

/** A property read on the real object (its private fields live there), methods bound to it. */
function bound(target: object, prop: string | symbol): unknown {
	const value = Reflect.get(target, prop, target) as unknown;
	return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
}
