import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../testing/harness';
import { fieldTeam, pullAll, pushOne } from './testing';

type Team = Awaited<ReturnType<typeof fieldTeam>>;
let h: Harness;
let org: Team['org'];
let other: Team['other'];
let manager: Team['manager'];
let rep: Team['rep'];
let otherRep: Team['otherRep'];
let farRep: Team['farRep'];
let farBranch: string;
const points = [uuidv7(), uuidv7(), uuidv7()];
const farPoint = uuidv7();
const foreignPoint = uuidv7();

const one = (token: string, name: string, args: unknown) => pushOne(h, token, name, args);

beforeAll(async () => {
	h = await createHarness();
	({ org, other, manager, rep, otherRep, farRep, farBranch } = await fieldTeam(h));
	for (const [i, id] of points.entries()) {
		await one(org.token, 'tradePoint.upsert', { id, name: `Shop ${i}` });
	}
	await one(org.token, 'tradePoint.upsert', {
		id: farPoint,
		name: 'Far shop',
		branchId: farBranch
	});
	await one(other.token, 'tradePoint.upsert', { id: foreignPoint, name: 'Theirs' });
});
afterAll(() => h.close());

describe('routes', () => {
	it('a manager plans a rep’s weekly route in order; the rep pulls it, another rep does not', async () => {
		const id = uuidv7();
		const r = await one(manager.token, 'route.upsert', {
			id,
			name: 'Monday north',
			repId: rep.id,
			weekdays: [3, 1, 1],
			stops: [points[2], points[0], points[1]]
		});
		expect(r.status).toBe('applied');
		const mine = (await pullAll(h, rep.token)).state.get('routes')!;
		expect(mine.get(id)).toMatchObject({
			name: 'Monday north',
			weekdays: [1, 3],
			date: null,
			stops: [points[2], points[0], points[1]]
		});
		const theirs = (await pullAll(h, otherRep.token)).state.get('routes') ?? new Map();
		expect(theirs.has(id)).toBe(false);
	});

	it('a route given to another rep leaves the first rep’s device and reaches the second’s', async () => {
		const id = uuidv7();
		await one(manager.token, 'route.upsert', {
			id,
			name: 'One day',
			repId: rep.id,
			date: '2026-12-01',
			stops: [points[0]]
		});
		const first = await pullAll(h, rep.token);
		expect(first.state.get('routes')!.has(id)).toBe(true);
		const second = await pullAll(h, otherRep.token);
		await one(manager.token, 'route.upsert', {
			id,
			name: 'One day',
			repId: otherRep.id,
			date: '2026-12-01',
			stops: [points[0]]
		});
		const firstAfter = await pullAll(h, rep.token, 1000, first.cursor, first.state);
		expect(firstAfter.state.get('routes')!.has(id)).toBe(false);
		const secondAfter = await pullAll(h, otherRep.token, 1000, second.cursor, second.state);
		expect(secondAfter.state.get('routes')!.get(id)).toMatchObject({ repId: otherRep.id });
	});

	it('a rep may not plan routes, not even their own', async () => {
		const r = await one(rep.token, 'route.upsert', {
			id: uuidv7(),
			name: 'Mine',
			repId: rep.id,
			weekdays: [1],
			stops: []
		});
		expect(r.error.code).toBe('forbidden');
	});

	it('stops and reps of another branch or organization answer as unknown, naming the field', async () => {
		const base = { id: uuidv7(), name: 'R', weekdays: [2] };
		const far = await one(manager.token, 'route.upsert', {
			...base,
			repId: rep.id,
			stops: [points[0], farPoint]
		});
		expect(far.error).toMatchObject({
			code: 'not_found',
			fields: { 'stops.1': { code: 'not_found', message: 'Not found' } }
		});
		const foreign = await one(manager.token, 'route.upsert', {
			...base,
			repId: rep.id,
			stops: [foreignPoint]
		});
		expect(foreign.error).toMatchObject({
			code: 'not_found',
			fields: { 'stops.0': { code: 'not_found', message: 'Not found' } }
		});
		const farRepRoute = await one(manager.token, 'route.upsert', {
			...base,
			repId: farRep.id,
			stops: []
		});
		expect(farRepRoute.error).toMatchObject({
			code: 'not_found',
			fields: { repId: { code: 'not_found', message: 'Not found' } }
		});
		const notRep = await one(manager.token, 'route.upsert', {
			...base,
			repId: manager.id,
			stops: []
		});
		expect(notRep.error.fields).toMatchObject({
			repId: { code: 'wrong_role', message: 'Not a sales rep' }
		});
		// An administrator plans in any branch.
		const admin = await one(org.token, 'route.upsert', {
			...base,
			repId: farRep.id,
			stops: [farPoint]
		});
		expect(admin.status).toBe('applied');
		const seen = (await pullAll(h, manager.token)).state.get('routes')!;
		expect(seen.has(base.id)).toBe(false);
	});

	it('bad input names the field and writes nothing', async () => {
		const id = uuidv7();
		for (const [args, field] of [
			[{ weekdays: [], stops: [] }, 'weekdays'],
			[{ weekdays: [9], stops: [] }, 'weekdays.0'],
			[{ date: '2026-13-01', stops: [] }, 'date'],
			[{ weekdays: [1], stops: [points[0], points[0]] }, 'stops'],
			[{ weekdays: [1], stops: ['nope'] }, 'stops.0']
		] as const) {
			const r = await one(manager.token, 'route.upsert', { id, name: 'X', repId: rep.id, ...args });
			expect(r.status).toBe('rejected');
			expect(Object.keys(r.error.fields)).toContain(field);
		}
		const seen = (await pullAll(h, manager.token)).state.get('routes')!;
		expect(seen.has(id)).toBe(false);
	});

	it('an archived route stays archived on the rep’s device; another org’s route is unknown', async () => {
		const id = uuidv7();
		await one(manager.token, 'route.upsert', {
			id,
			name: 'Old',
			repId: rep.id,
			weekdays: [5],
			stops: [points[1]]
		});
		expect((await one(manager.token, 'route.archive', { id })).status).toBe('applied');
		const mine = (await pullAll(h, rep.token)).state.get('routes')!;
		expect(mine.get(id)).toMatchObject({ archived: true });
		expect((await one(other.token, 'route.archive', { id })).error.code).toBe('not_found');
		expect((await one(other.token, 'route.archive', { id: uuidv7() })).error.code).toBe(
			'not_found'
		);
	});
});

describe('rows that change scope in one write', () => {
	it('an administrator keeps a trade point moved to another branch (its tombstone comes first)', async () => {
		const id = uuidv7();
		await one(org.token, 'tradePoint.upsert', { id, name: 'Moving shop' });
		const before = await pullAll(h, org.token);
		expect(before.state.get('tradePoints')!.has(id)).toBe(true);
		await one(org.token, 'tradePoint.upsert', { id, name: 'Moving shop', branchId: farBranch });
		const after = await pullAll(h, org.token, 1000, before.cursor, before.state);
		expect(after.state.get('tradePoints')!.get(id)).toMatchObject({ branchId: farBranch });
		// The old branch's manager drops it.
		const managerBefore = await pullAll(h, manager.token);
		expect(managerBefore.state.get('tradePoints')!.has(id)).toBe(false);
	});
});
