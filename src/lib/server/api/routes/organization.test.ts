import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, employee, signupOrg, type Harness } from '../../testing/harness';

let h: Harness;
beforeAll(async () => {
	h = await createHarness();
});
afterAll(() => h.close());

describe('organization policy settings', () => {
	it('lets an admin choose the negative-stock policy, keeping other settings, and audits it', async () => {
		const org = await signupOrg(h);
		const as = { token: org.token };
		await h.call('PATCH', '/api/organization/settings', { defaultLocale: 'uz' }, as);
		const res = await h.call(
			'PATCH',
			'/api/organization/settings',
			{ negativeStockPolicy: 'forbid' },
			as
		);
		expect(res.status).toBe(200);
		expect(res.body.settings).toEqual({
			defaultLocale: 'uz',
			negativeStockPolicy: 'forbid'
		});
		const read = await h.call('GET', '/api/organization', undefined, as);
		expect(read.body.organization.settings.negativeStockPolicy).toBe('forbid');
		// Choosing "none" for the default language clears it and leaves the policy alone.
		const cleared = await h.call(
			'PATCH',
			'/api/organization/settings',
			{ defaultLocale: null },
			as
		);
		expect(cleared.body.settings).toEqual({ defaultLocale: null, negativeStockPolicy: 'forbid' });
		const log = await h.call(
			'GET',
			'/api/audit?action=organization.settings_changed',
			undefined,
			as
		);
		expect(log.body.items).toHaveLength(3);
		expect(log.body.items[0].after.settings).toEqual({
			defaultLocale: null,
			negativeStockPolicy: 'forbid'
		});
	});

	it('refuses an unknown policy with the field named, and a manager, changing nothing', async () => {
		const org = await signupOrg(h);
		const as = { token: org.token };
		const bad = await h.call(
			'PATCH',
			'/api/organization/settings',
			{ negativeStockPolicy: 'sometimes' },
			as
		);
		expect(bad.status).toBe(400);
		expect(bad.body.error.fields).toHaveProperty('negativeStockPolicy');
		const empty = await h.call('PATCH', '/api/organization/settings', {}, as);
		expect(empty.status).toBe(400);
		const manager = await employee(h, org.token, 'manager', org.branchId);
		const denied = await h.call(
			'PATCH',
			'/api/organization/settings',
			{ negativeStockPolicy: 'forbid' },
			{ token: manager.token }
		);
		expect(denied.status).toBe(403);
		const read = await h.call('GET', '/api/organization', undefined, as);
		expect(read.body.organization.settings.negativeStockPolicy).toBeUndefined();
	});

	it('keeps how sums are written, which every device of the organization reads at sign-in', async () => {
		const org = await signupOrg(h);
		const as = { token: org.token };
		const bad = await h.call(
			'PATCH',
			'/api/organization/settings',
			{ moneyFractions: 'never' },
			as
		);
		expect(bad.status).toBe(400);
		expect(bad.body.error.fields).toHaveProperty('moneyFractions');
		const set = await h.call(
			'PATCH',
			'/api/organization/settings',
			{ moneyFractions: 'always' },
			as
		);
		expect(set.status).toBe(200);
		const me = await h.call('GET', '/api/me', undefined, as);
		expect(me.body.organization.settings.moneyFractions).toBe('always');
		// null goes back to the currency's custom.
		await h.call('PATCH', '/api/organization/settings', { moneyFractions: null }, as);
		const again = await h.call('GET', '/api/me', undefined, as);
		expect(again.body.organization.settings.moneyFractions).toBeNull();
	});
});
