import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientErrors, sessions } from './db/schema';
import { purgeExpired } from './retention';
import { createHarness, employee, signupOrg, type Harness } from './testing/harness';

let h: Harness;
beforeAll(async () => {
	h = await createHarness();
});
afterAll(() => h.close());

const DAY = 86_400_000;

describe('retention', () => {
	it('purges diagnostics and unused sessions past the organization’s settings, and nothing newer', async () => {
		const org = await signupOrg(h);
		const rep = await employee(h, org.token, 'rep', org.branchId);
		await h.call(
			'PATCH',
			'/api/organization/settings',
			{ diagnosticsRetentionDays: 7, sessionRetentionDays: 3 },
			{ token: org.token }
		);
		const now = Date.now();
		const orgId = (await h.call('GET', '/api/me', undefined, { token: org.token })).body
			.organization.id as string;
		const error = (id: string, ageDays: number) => ({
			id,
			organizationId: orgId,
			userId: rep.id,
			at: now - ageDays * DAY,
			message: 'boom',
			receivedAt: now - ageDays * DAY
		});
		await h.deps.db.insert(clientErrors).values([error('old', 8), error('new', 6)]);
		// The rep's device has not been used for four days.
		await h.deps.db
			.update(sessions)
			.set({ lastUsedAt: now - 4 * DAY })
			.where(eq(sessions.userId, rep.id));

		expect(await purgeExpired(h.deps.db, now)).toBeGreaterThanOrEqual(2);
		const left = await h.deps.db.select({ id: clientErrors.id }).from(clientErrors);
		expect(left.map((e) => e.id)).toEqual(['new']);
		expect((await h.call('GET', '/api/me', undefined, { token: rep.token })).status).toBe(401);
		expect((await h.call('GET', '/api/me', undefined, { token: org.token })).status).toBe(200);
	});

	it('refuses retention outside its limits, naming the field', async () => {
		const org = await signupOrg(h);
		const res = await h.call(
			'PATCH',
			'/api/organization/settings',
			{ diagnosticsRetentionDays: 0, sessionRetentionDays: 31 },
			{ token: org.token }
		);
		expect(res.status).toBe(400);
		expect(Object.keys(res.body.error.fields).sort()).toEqual([
			'diagnosticsRetentionDays',
			'sessionRetentionDays'
		]);
	});
});
