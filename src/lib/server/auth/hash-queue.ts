/**
 * At most a few password hashes at once per process. A hash costs tens of milliseconds of CPU
 * and 19 MiB of memory; a flood of sign-ins (a password-guessing script, a hundred phones after an
 * outage) would otherwise take every core, or, in a Worker, where the WebAssembly hash runs on
 * the isolate's one thread, hold up every other request. The excess waits in a short line, and
 * past that is refused with `429 too_many_attempts` and `Retry-After`, before any work is done.
 */
import { AppError } from '../../domain/errors';

/** How often a waiting hash looks for a free turn. */
const POLL_MS = 5;

export class HashQueue {
	#running = 0;
	/** Waiting hashes, first come first served. */
	#line: object[] = [];

	/**
	 * @param concurrency hashes that run at once
	 * @param maxWaiting hashes that may wait for a turn; one more is refused
	 */
	constructor(
		readonly concurrency: number,
		readonly maxWaiting: number
	) {}

	get running(): number {
		return this.#running;
	}

	get waiting(): number {
		return this.#line.length;
	}

	/**
	 * Runs `job` when a turn is free; throws `too_many_attempts` when the line is full.
	 * @example const digest = await queue.run(() => argon2id(pw, salt, cost, 32));
	 */
	async run<T>(job: () => Promise<T>): Promise<T> {
		if (this.#running >= this.concurrency || this.#line.length > 0) {
			if (this.#line.length >= this.maxWaiting) {
				throw new AppError(
					'too_many_attempts',
					'Too many sign-ins at this moment. Try again in a second.',
					undefined,
					{ 'Retry-After': '1' }
				);
			}
			const ticket = {};
			this.#line.push(ticket);
			// A waiter polls on its own timer rather than being woken by the hash that ends: in a
			// Worker each request runs in its own context, and one left waiting on a promise that
			// only another request resolves is cancelled as hung. The timer also lets the runtime
			// handle other requests' I/O between two hashes.
			while (this.#running >= this.concurrency || this.#line[0] !== ticket) {
				await new Promise((resolve) => setTimeout(resolve, POLL_MS));
			}
			this.#line.shift();
		}
		this.#running++;
		try {
			return await job();
		} finally {
			this.#running--;
		}
	}
}
