import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, employee, signupOrg, type Harness } from '../testing/harness';
import { mutation, pullAll, push } from './testing';

let h: Harness;
let org: Awaited<ReturnType<typeof signupOrg>>;
let rep: Awaited<ReturnType<typeof employee>>;
let otherRep: Awaited<ReturnType<typeof employee>>;
const kiosk = uuidv7();
const KIOSK = { lat: 41.3111, lng: 69.2797 };

const one = async (token: string, name: string, args: unknown) => {
	const res = await push(h, token, [mutation(name, args)]);
	expect(res.status).toBe(200);
	return res.body.results[0];
};

beforeAll(async () => {
	h = await createHarness();
	org = await signupOrg(h);
	rep = await employee(h, org.token, 'rep', org.branchId);
	otherRep = await employee(h, org.token, 'rep', org.branchId);
	await one(org.token, 'tradePoint.upsert', {
		id: kiosk,
		name: 'Kiosk 7',
		location: { ...KIOSK, source: 'manual' }
	});
});
afterAll(() => h.close());

describe('visits', () => {
	it('a check-in carries the distance to the trade point and is flagged beyond the radius', async () => {
		const near = await one(rep.token, 'visit.checkIn', {
			id: uuidv7(),
			tradePointId: kiosk,
			at: Date.now(),
			location: { lat: 41.3121, lng: 69.2797, accuracy: 15, source: 'gps' }
		});
		expect(near.result).toMatchObject({ distance: 111, flagged: false });
		const far = await one(rep.token, 'visit.checkIn', {
			id: uuidv7(),
			tradePointId: kiosk,
			at: Date.now(),
			location: { lat: 41.3211, lng: 69.2797, source: 'manual' }
		});
		expect(far.result).toMatchObject({ distance: 1112, flagged: true });
		const none = await one(rep.token, 'visit.checkIn', {
			id: uuidv7(),
			tradePointId: kiosk,
			at: Date.now()
		});
		expect(none.result).toMatchObject({ distance: null, flagged: false });
		// The organization's own radius.
		await h.call(
			'PATCH',
			'/api/organization/settings',
			{ visitRadiusM: 2000 },
			{ token: org.token }
		);
		const wide = await one(rep.token, 'visit.checkIn', {
			id: uuidv7(),
			tradePointId: kiosk,
			at: Date.now(),
			location: { lat: 41.3211, lng: 69.2797, source: 'gps' }
		});
		expect(wide.result.flagged).toBe(false);
	});

	it('typed coordinates out of range or malformed are refused, naming the field', async () => {
		for (const [location, field] of [
			[{ lat: 91, lng: 69, source: 'manual' }, 'location.lat'],
			[{ lat: 41, lng: -181, source: 'manual' }, 'location.lng'],
			[{ lat: '41,3', lng: 69, source: 'manual' }, 'location.lat'],
			[{ lat: 41, lng: 69, source: 'satellite' }, 'location.source']
		] as const) {
			const r = await one(rep.token, 'visit.checkIn', {
				id: uuidv7(),
				tradePointId: kiosk,
				at: Date.now(),
				location
			});
			expect(r.status).toBe('rejected');
			expect(Object.keys(r.error.fields)).toContain(field);
		}
	});

	it('a rep checks out only their own visit, once, with a reason when nothing was sold', async () => {
		const id = uuidv7();
		const at = Date.now();
		await one(rep.token, 'visit.checkIn', { id, tradePointId: kiosk, at });
		const theirs = await one(otherRep.token, 'visit.checkOut', { id, at: at + 1, outcome: 'sale' });
		expect(theirs.error.code).toBe('not_found');
		const noReason = await one(rep.token, 'visit.checkOut', { id, at: at + 1, outcome: 'no_sale' });
		expect(noReason.error.fields).toMatchObject({
			reason: { code: 'required', message: 'Required' }
		});
		const done = await one(rep.token, 'visit.checkOut', {
			id,
			at: at + 60_000,
			outcome: 'no_sale',
			reason: 'closed'
		});
		expect(done.status).toBe('applied');
		expect(
			(await one(rep.token, 'visit.checkOut', { id, at: at + 2, outcome: 'sale' })).error.code
		).toBe('conflict');
		const mine = (await pullAll(h, rep.token)).state.get('visits')!;
		expect(mine.get(id)).toMatchObject({ outcome: 'no_sale', reason: 'closed' });
		const seenByOther = (await pullAll(h, otherRep.token)).state.get('visits') ?? new Map();
		expect(seenByOther.has(id)).toBe(false);
		const seenByAdmin = (await pullAll(h, org.token)).state.get('visits')!;
		expect(seenByAdmin.has(id)).toBe(true);
	});

	describe('one visit open at a time', () => {
		let walker: Awaited<ReturnType<typeof employee>>;
		const shop = uuidv7();
		const T = Date.UTC(2026, 10, 30, 9, 0);
		type Row = { checkOutAt: number | null; outcome: string | null };
		const visitsOf = async (token: string) =>
			(await pullAll(h, token)).state.get('visits') as Map<string, Row>;
		const openOf = async (token: string) =>
			[...(await visitsOf(token)).entries()].filter(([, v]) => v.checkOutAt === null);
		beforeAll(async () => {
			walker = await employee(h, org.token, 'rep', org.branchId);
			await one(org.token, 'tradePoint.upsert', { id: shop, name: 'Shop 12' });
		});

		it('a check-in while another visit is open closes that one as not checked out', async () => {
			const first = uuidv7();
			const second = uuidv7();
			await one(walker.token, 'visit.checkIn', { id: first, tradePointId: kiosk, at: T });
			const checkIn = mutation('visit.checkIn', {
				id: second,
				tradePointId: shop,
				at: T + 600_000
			});
			const res = await push(h, walker.token, [checkIn]);
			expect(res.body.results[0]).toMatchObject({
				status: 'applied',
				result: { id: second, closed: [first] }
			});
			const visits = await visitsOf(walker.token);
			expect(visits.get(first)).toMatchObject({
				checkOutAt: T + 600_000,
				outcome: 'not_checked_out'
			});
			expect(visits.get(second)).toMatchObject({ checkOutAt: null, outcome: null });
			// Sent again (a lost answer): the first answer, nothing closed twice.
			const again = await push(h, walker.token, [checkIn]);
			expect(again.body.results[0]).toMatchObject({ status: 'duplicate' });
			expect((await openOf(walker.token)).map(([id]) => id)).toEqual([second]);
			// Checking out of the visit that is open works as ever.
			const out = await one(walker.token, 'visit.checkOut', {
				id: second,
				at: T + 900_000,
				outcome: 'sale'
			});
			expect(out.status).toBe('applied');
			expect(await openOf(walker.token)).toEqual([]);
		});

		it('a check-in from an older device, older than the open visit, is recorded closed', async () => {
			const current = uuidv7();
			const stale = uuidv7();
			await one(walker.token, 'visit.checkIn', { id: current, tradePointId: kiosk, at: T + 3e6 });
			const res = await one(walker.token, 'visit.checkIn', {
				id: stale,
				tradePointId: shop,
				at: T + 2e6
			});
			expect(res).toMatchObject({ status: 'applied', result: { closed: [stale] } });
			const visits = await visitsOf(walker.token);
			expect(visits.get(stale)).toMatchObject({ checkOutAt: T + 3e6, outcome: 'not_checked_out' });
			expect((await openOf(walker.token)).map(([id]) => id)).toEqual([current]);
			await one(walker.token, 'visit.checkOut', { id: current, at: T + 3.1e6, outcome: 'order' });
		});

		it('the rep’s own check-out arriving after the visit was closed still says what happened', async () => {
			const a = uuidv7();
			const b = uuidv7();
			await one(walker.token, 'visit.checkIn', { id: a, tradePointId: kiosk, at: T + 5e6 });
			await one(walker.token, 'visit.checkIn', { id: b, tradePointId: shop, at: T + 6e6 });
			// The phone that checked in at the kiosk checks out there, late.
			const late = await one(walker.token, 'visit.checkOut', {
				id: a,
				at: T + 6.5e6,
				outcome: 'no_sale',
				reason: 'closed'
			});
			expect(late.status).toBe('applied');
			const visits = await visitsOf(walker.token);
			// Ended no later than the next visit began: still one visit open at a time.
			expect(visits.get(a)).toMatchObject({ outcome: 'no_sale', checkOutAt: T + 6e6 });
			expect((await openOf(walker.token)).map(([id]) => id)).toEqual([b]);
			// A visit really checked out stays checked out once.
			const twice = await one(walker.token, 'visit.checkOut', {
				id: a,
				at: T + 7e6,
				outcome: 'sale'
			});
			expect(twice.error.code).toBe('conflict');
		});

		it("another rep's open visit is left alone", async () => {
			const mine = uuidv7();
			await one(otherRep.token, 'visit.checkIn', { id: mine, tradePointId: kiosk, at: T + 8e6 });
			const res = await one(walker.token, 'visit.checkIn', {
				id: uuidv7(),
				tradePointId: shop,
				at: T + 9e6
			});
			expect(res.result.closed).not.toContain(mine);
			expect((await visitsOf(otherRep.token)).get(mine)).toMatchObject({ checkOutAt: null });
		});
	});

	it("a user's “don't use my location” follows them, and only they change it", async () => {
		const res = await h.call(
			'PATCH',
			'/api/me/settings',
			{ useLocation: false },
			{ token: rep.token }
		);
		expect(res.body).toEqual({ settings: { useLocation: false } });
		const me = await h.call('GET', '/api/me', undefined, { token: rep.token });
		expect(me.body.user.settings).toEqual({ useLocation: false });
		const bad = await h.call(
			'PATCH',
			'/api/me/settings',
			{ useLocation: 'no' },
			{ token: rep.token }
		);
		expect(bad.status).toBe(400);
		expect(bad.body.error.fields).toHaveProperty('useLocation');
		const other = await h.call('GET', '/api/me', undefined, { token: otherRep.token });
		expect(other.body.user.settings).toEqual({});
	});
});
