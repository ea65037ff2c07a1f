/**
 * assortment.set end to end through /api/sync: a manager's list reaches the reps' devices, and
 * every id it names must be the organization's own.
 */
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, employee, signupOrg, type Harness } from '../testing/harness';
import { mutation, pullAll, push } from './testing';

let h: Harness;
let org: Awaited<ReturnType<typeof signupOrg>>;
let other: Awaited<ReturnType<typeof signupOrg>>;
let rep: Awaited<ReturnType<typeof employee>>;
const tea = uuidv7();
const rice = uuidv7();
const shop = uuidv7();
const theirProduct = uuidv7();
const theirPoint = uuidv7();

beforeAll(async () => {
	h = await createHarness();
	org = await signupOrg(h);
	other = await signupOrg(h);
	rep = await employee(h, org.token, 'rep', org.branchId);
	const setup = await push(h, org.token, [
		mutation('product.upsert', { id: tea, sku: 'AS-TEA', name: 'Choy', unit: 'pcs' }),
		mutation('product.upsert', { id: rice, sku: 'AS-RICE', name: 'Guruch', unit: 'kg' }),
		mutation('tradePoint.upsert', { id: shop, name: 'Corner shop', channel: 'retail' })
	]);
	expect(setup.body.results.map((r: { status: string }) => r.status)).toEqual([
		'applied',
		'applied',
		'applied'
	]);
	await push(h, other.token, [
		mutation('product.upsert', { id: theirProduct, sku: 'AS-X', name: 'Theirs', unit: 'pcs' }),
		mutation('tradePoint.upsert', { id: theirPoint, name: 'Their shop', channel: 'retail' })
	]);
});
afterAll(() => h.close());

const one = async (token: string, args: unknown) => {
	const res = await push(h, token, [mutation('assortment.set', args)]);
	expect(res.status).toBe(200);
	return res.body.results[0];
};

describe('assortment.set', () => {
	const channelList = uuidv7();

	it("sets a channel's list with must-sell lines, and a rep's device pulls it", async () => {
		const lines = [
			{ productId: tea, mustSell: true },
			{ productId: rice, mustSell: false }
		];
		expect(
			(await one(org.token, { id: channelList, scope: 'channel', channel: 'retail', lines })).status
		).toBe('applied');
		const { state } = await pullAll(h, rep.token);
		expect(state.get('assortments')!.get(channelList)).toMatchObject({
			scope: 'channel',
			channel: 'retail',
			tradePointId: null,
			target: 'channel:retail',
			lines
		});
		// Another organization's devices never see it.
		const theirs = await pullAll(h, other.token);
		expect(theirs.state.get('assortments')?.has(channelList) ?? false).toBe(false);
	});

	it('changes a list in place, and sets a trade point’s own', async () => {
		expect(
			(
				await one(org.token, {
					id: channelList,
					scope: 'channel',
					channel: 'retail',
					lines: [{ productId: rice, mustSell: true }]
				})
			).status
		).toBe('applied');
		const own = uuidv7();
		expect(
			(
				await one(org.token, {
					id: own,
					scope: 'tradePoint',
					tradePointId: shop,
					lines: [{ productId: tea, mustSell: false }]
				})
			).status
		).toBe('applied');
		const { state } = await pullAll(h, rep.token);
		expect(state.get('assortments')!.get(channelList)).toMatchObject({
			lines: [{ productId: rice, mustSell: true }]
		});
		expect(state.get('assortments')!.get(own)).toMatchObject({ target: `tradePoint:${shop}` });
	});

	it('refuses a second list for the same channel, naming the field', async () => {
		expect(
			await one(org.token, { id: uuidv7(), scope: 'channel', channel: 'retail', lines: [] })
		).toMatchObject({
			status: 'rejected',
			error: { code: 'conflict', fields: { channel: { code: 'taken' } } }
		});
	});

	it("answers another organization's product or trade point like a missing one", async () => {
		const missing = await one(org.token, {
			id: uuidv7(),
			scope: 'channel',
			channel: 'kiosk',
			lines: [
				{ productId: tea, mustSell: false },
				{ productId: uuidv7(), mustSell: true }
			]
		});
		const foreign = await one(org.token, {
			id: uuidv7(),
			scope: 'channel',
			channel: 'kiosk',
			lines: [
				{ productId: tea, mustSell: false },
				{ productId: theirProduct, mustSell: true }
			]
		});
		expect(missing).toMatchObject({
			status: 'rejected',
			error: { code: 'not_found', fields: { 'lines.1': { code: 'not_found' } } }
		});
		expect(foreign.error).toEqual(missing.error);
		const point = await one(org.token, {
			id: uuidv7(),
			scope: 'tradePoint',
			tradePointId: theirPoint,
			lines: []
		});
		expect(point).toMatchObject({
			status: 'rejected',
			error: { code: 'not_found', fields: { tradePointId: { code: 'not_found' } } }
		});
	});

	it('refuses a rep, and args that do not fit the scope, writing nothing', async () => {
		const byRep = await one(rep.token, {
			id: uuidv7(),
			scope: 'channel',
			channel: 'horeca',
			lines: []
		});
		expect(byRep).toMatchObject({ status: 'rejected', error: { code: 'forbidden' } });
		const noChannel = await one(org.token, { id: uuidv7(), scope: 'channel', lines: [] });
		expect(noChannel).toMatchObject({
			status: 'rejected',
			error: { code: 'validation', fields: { channel: { code: 'required' } } }
		});
		const { state } = await pullAll(h, org.token);
		expect(
			[...state.get('assortments')!.values()].map((r) => (r as { target: string }).target).sort()
		).toEqual(['channel:retail', `tradePoint:${shop}`]);
	});
});
