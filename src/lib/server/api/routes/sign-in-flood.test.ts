import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OWASP_ARGON2ID, passwordQueue } from '../../auth/password';
import { createHarness, signupOrg, type Harness } from '../../testing/harness';

/** Sign-ins at the production cost, over real HTTP: what a password-guessing script sees. */
describe('a flood of wrong-password sign-ins', () => {
	let h: Harness;
	let base: string;
	let close: () => void;

	beforeAll(async () => {
		h = await createHarness({ passwordParams: OWASP_ARGON2ID });
		await signupOrg(h);
		const server = serve({ fetch: h.api.fetch, port: 0, hostname: '127.0.0.1' });
		await new Promise((r) => server.once('listening', r));
		base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		close = () => server.close();
	});
	afterAll(() => {
		close?.();
		return h?.close();
	});

	it('hashes a few at a time, refuses the excess with 429 + Retry-After, and /api/health answers meanwhile', async () => {
		let settled = 0;
		const signIns = Array.from({ length: 30 }, (_, i) =>
			fetch(`${base}/api/auth/login`, {
				method: 'POST',
				headers: {
					'content-type': 'application/json',
					// Each from its own address and login: the per-address throttle stays out of it.
					'x-forwarded-for': `198.51.100.${i + 1}`
				},
				body: JSON.stringify({ login: `guess-${i}`, password: `wrong password ${i}` })
			}).then(async (res) => {
				settled++;
				return {
					status: res.status,
					retryAfter: res.headers.get('retry-after'),
					body: await res.json()
				};
			})
		);
		// Wait for the flood to reach the hashing stage (state, not time).
		while (passwordQueue.running < passwordQueue.concurrency) {
			await new Promise((r) => setTimeout(r, 1));
		}
		expect(passwordQueue.running).toBeLessThanOrEqual(2);
		const health = await fetch(`${base}/api/health`);
		const busyWhenHealthAnswered = passwordQueue.running + passwordQueue.waiting;
		const settledWhenHealthAnswered = settled;
		expect(health.status).toBe(200);
		// Health did not wait for the flood: hashes were still running or queued.
		expect(busyWhenHealthAnswered).toBeGreaterThan(0);
		expect(settledWhenHealthAnswered).toBeLessThan(30);

		const answers = await Promise.all(signIns);
		for (const a of answers) {
			if (a.status === 429) {
				expect(a.body.error.code).toBe('too_many_attempts');
				expect(Number(a.retryAfter)).toBeGreaterThan(0);
			} else {
				expect(a).toMatchObject({ status: 401, body: { error: { code: 'invalid_credentials' } } });
			}
		}
		// Never more than 2 running + 8 waiting: the rest were refused before any hashing.
		expect(answers.filter((a) => a.status === 429).length).toBeGreaterThan(0);
		expect([passwordQueue.running, passwordQueue.waiting]).toEqual([0, 0]);
	});
});
