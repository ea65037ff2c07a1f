/**
 * At most a few password hashes at once per process. A hash costs tens of milliseconds of CPU
 * and 19 MiB of memory; a flood of sign-ins (a password-guessing script, a hundred phones after an
 * outage) would otherwise take every core, or, in a Worker, where the WebAssembly hash runs on
 * the isolate's one thread, hold up every other request. The excess waits in a short line, and
 * past that is refused with `429 too_many_attempts` and `Retry-After`, before any work is done.
 */
import { AppError } from '../../domain/errors';

export class HashQueue {
	#running = 0;
	#waiting: (() => void)[] = [];

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
		return this.#waiting.length;
	}

	/**
	 * Runs `job` when a turn is free; throws `too_many_attempts` when the line is full.
	 * @example const digest = await queue.run(() => argon2id(pw, salt, cost, 32));
	 */
	async run<T>(job: () => Promise<T>): Promise<T> {
		if (this.#running < this.concurrency) {
			this.#running++;
		} else if (this.#waiting.length < this.maxWaiting) {
			// The turn is handed over by the job that ends (the count stays as it is).
			await new Promise<void>((resolve) => this.#waiting.push(resolve));
		} else {
			throw new AppError(
				'too_many_attempts',
				'Too many sign-ins at this moment. Try again in a second.',
				undefined,
				{ 'Retry-After': '1' }
			);
		}
		try {
			return await job();
		} finally {
			const next = this.#waiting.shift();
			// Through a timer, not a microtask: the runtime handles waiting I/O (other requests)
			// between two hashes; a Worker's WebAssembly hash would otherwise run back to back.
			if (next) setTimeout(next, 0);
			else this.#running--;
		}
	}
}
