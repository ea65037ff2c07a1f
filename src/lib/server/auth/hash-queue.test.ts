import { describe, expect, it } from 'vitest';
import { AppError } from '../../domain/errors';
import { HashQueue } from './hash-queue';

/** A job that runs until the test lets it finish. */
function gate() {
	let open!: () => void;
	const done = new Promise<void>((r) => (open = r));
	let started = false;
	return {
		job: async () => {
			started = true;
			await done;
			return 'hashed';
		},
		open,
		get started() {
			return started;
		}
	};
}

const until = async (ok: () => boolean) => {
	while (!ok()) await new Promise((r) => setTimeout(r, 1));
};

describe('HashQueue', () => {
	it('runs at most `concurrency` jobs, lets a few wait, and refuses the rest with 429 + Retry-After', async () => {
		const queue = new HashQueue(2, 2);
		const gates = Array.from({ length: 4 }, gate);
		const runs = gates.map((g) => queue.run(g.job));
		expect(gates.map((g) => g.started)).toEqual([true, true, false, false]);
		expect([queue.running, queue.waiting]).toEqual([2, 2]);

		const refused = await queue.run(gate().job).catch((e: unknown) => e);
		expect(refused).toBeInstanceOf(AppError);
		expect((refused as AppError).status).toBe(429);
		expect((refused as AppError).code).toBe('too_many_attempts');
		expect((refused as AppError).headers).toEqual({ 'Retry-After': '1' });

		gates[0]!.open();
		await until(() => gates[2]!.started);
		expect(gates[3]!.started).toBe(false);
		expect([queue.running, queue.waiting]).toEqual([2, 1]);

		for (const g of gates) g.open();
		expect(await Promise.all(runs)).toEqual(['hashed', 'hashed', 'hashed', 'hashed']);
		expect([queue.running, queue.waiting]).toEqual([0, 0]);
	});

	it('frees the turn of a job that failed', async () => {
		const queue = new HashQueue(1, 0);
		await expect(queue.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
		expect(await queue.run(() => Promise.resolve(1))).toBe(1);
		expect(queue.running).toBe(0);
	});
});
