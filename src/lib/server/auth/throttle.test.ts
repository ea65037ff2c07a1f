import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../testing/harness';
import { LIMITS, refundAttempt, reserveAttempt } from './throttle';

let h: Harness;
beforeAll(async () => {
	h = await createHarness();
});
afterAll(() => h.close());

const MIN = 60_000;

describe('the attempt counter (real libSQL file)', () => {
	it('lets the limit through, refuses the next until the lock has passed, then starts afresh', async () => {
		const key = 'login:clock' as const;
		const t0 = 1_000_000_000_000;
		for (let i = 0; i < LIMITS.login.attempts; i++) {
			expect(await reserveAttempt(h.deps.db, [key], t0 + i)).toBe(0);
		}
		const wait = await reserveAttempt(h.deps.db, [key], t0 + 10);
		// The lock began with the attempt that reached the limit (t0 + 4).
		expect(wait).toBe(t0 + 4 + LIMITS.login.lock - (t0 + 10));
		expect(await reserveAttempt(h.deps.db, [key], t0 + 14 * MIN)).toBeGreaterThan(0);
		expect(await reserveAttempt(h.deps.db, [key], t0 + 4 + LIMITS.login.lock)).toBe(0);
	});

	it('forgets attempts once their window has passed without a lock', async () => {
		const key = 'ip:192.0.2.200' as const;
		const t0 = 1_100_000_000_000;
		for (let i = 0; i < LIMITS.ip.attempts - 1; i++) await reserveAttempt(h.deps.db, [key], t0);
		// 16 minutes on: a fresh window, so 29 more go through where 1 would have been left.
		for (let i = 0; i < LIMITS.ip.attempts; i++) {
			expect(await reserveAttempt(h.deps.db, [key], t0 + 16 * MIN)).toBe(0);
		}
		expect(await reserveAttempt(h.deps.db, [key], t0 + 16 * MIN)).toBeGreaterThan(0);
	});

	it('a refunded attempt (a success) lifts the lock it had started', async () => {
		const key = 'ip:192.0.2.201' as const;
		const t0 = 1_200_000_000_000;
		for (let i = 0; i < LIMITS.ip.attempts; i++) await reserveAttempt(h.deps.db, [key], t0);
		await refundAttempt(h.deps.db, key);
		expect(await reserveAttempt(h.deps.db, [key], t0 + 1)).toBe(0);
		expect(await reserveAttempt(h.deps.db, [key], t0 + 2)).toBeGreaterThan(0);
	});
});
