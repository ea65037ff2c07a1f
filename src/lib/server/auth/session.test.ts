import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../db/schema';
import { createHarness, signupOrg, type Harness } from '../testing/harness';
import { OWASP_ARGON2ID } from './password';
import {
	ABSOLUTE_LIFETIME,
	INACTIVITY_TIMEOUT,
	createSession,
	validateSessionToken
} from './session';

const DAY = 86_400_000;
let h: Harness;
let userId: string;

beforeAll(async () => {
	h = await createHarness();
	userId = (await signupOrg(h)).user.id;
});
afterAll(() => h.close());

describe('session lifetime', () => {
	it('ends a session left unused for longer than the inactivity timeout', async () => {
		const t0 = Date.now();
		const { token } = await createSession(h.deps.db, userId, {}, t0);
		expect(
			await validateSessionToken(h.deps.db, token, t0 + INACTIVITY_TIMEOUT - DAY)
		).not.toBeNull();
		const later = t0 + INACTIVITY_TIMEOUT - DAY + INACTIVITY_TIMEOUT + 1;
		expect(await validateSessionToken(h.deps.db, token, later)).toBeNull();
		// Ended for good: it does not come back at an earlier clock either.
		expect(await validateSessionToken(h.deps.db, token, t0 + 1)).toBeNull();
	});

	it('slides: regular use keeps a session alive past the inactivity timeout', async () => {
		const t0 = Date.now();
		const { token } = await createSession(h.deps.db, userId, {}, t0);
		for (let t = t0; t < t0 + INACTIVITY_TIMEOUT * 2; t += 10 * DAY) {
			const auth = await validateSessionToken(h.deps.db, token, t);
			expect(auth, `day ${(t - t0) / DAY}`).not.toBeNull();
		}
	});

	it('ends even a busy session at its absolute lifetime', async () => {
		const t0 = Date.now();
		const { token } = await createSession(h.deps.db, userId, {}, t0);
		let t = t0;
		for (; t < t0 + ABSOLUTE_LIFETIME; t += 5 * DAY) {
			expect(await validateSessionToken(h.deps.db, token, t)).not.toBeNull();
		}
		expect(await validateSessionToken(h.deps.db, token, t0 + ABSOLUTE_LIFETIME + 1)).toBeNull();
	});

	it('reports a renewal only when the stored last use actually moved', async () => {
		const t0 = Date.now();
		const { token } = await createSession(h.deps.db, userId, {}, t0);
		expect((await validateSessionToken(h.deps.db, token, t0 + 1000))?.renewed).toBe(false);
		expect((await validateSessionToken(h.deps.db, token, t0 + 2 * 3_600_000))?.renewed).toBe(true);
	});
});

describe('password hash upgrades', () => {
	it('re-hashes a weaker stored hash at the next sign-in', async () => {
		const org = await signupOrg(h);
		const [weak] = await h.deps.db.select().from(users).where(eq(users.login, org.login));
		expect(weak!.passwordHash).toContain('m=256,t=1');
		const stronger = await createHarness({
			databaseUrl: h.config.databaseUrl,
			passwordParams: OWASP_ARGON2ID
		});
		const res = await stronger.call('POST', '/api/auth/login', {
			login: org.login,
			password: 'correct horse battery'
		});
		expect(res.status).toBe(200);
		const [upgraded] = await h.deps.db.select().from(users).where(eq(users.login, org.login));
		expect(upgraded!.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
		stronger.close();
	});
});
