import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, employee, type Harness } from '../testing/harness';
import { fieldTeam, pullAll, pushOne } from './testing';

type Team = Awaited<ReturnType<typeof fieldTeam>>;
let h: Harness;
let org: Team['org'];
let other: Team['other'];
let manager: Team['manager'];
let rep: Team['rep'];
let otherRep: Team['otherRep'];
let farRep: Team['farRep'];
let storekeeper: Team['rep'];

const one = (token: string, args: unknown) => pushOne(h, token, 'target.set', args);

beforeAll(async () => {
	h = await createHarness();
	({ org, other, manager, rep, otherRep, farRep } = await fieldTeam(h));
	storekeeper = await employee(h, org.token, 'storekeeper', org.branchId);
});
afterAll(() => h.close());

describe('targets', () => {
	it('a manager sets a rep’s month; the rep pulls their own, not another rep’s', async () => {
		const id = uuidv7();
		const r = await one(manager.token, {
			id,
			repId: rep.id,
			month: '2026-11',
			salesAmount: 5_000_000,
			visits: 120,
			strikeRate: 60
		});
		expect(r.status).toBe('applied');
		await one(manager.token, { id: uuidv7(), repId: otherRep.id, month: '2026-11', visits: 1 });
		const mine = (await pullAll(h, rep.token)).state.get('targets')!;
		expect([...mine.values()]).toEqual([
			expect.objectContaining({
				id,
				repId: rep.id,
				month: '2026-11',
				salesAmount: 5_000_000,
				visits: 120,
				strikeRate: 60,
				mustSellCoverage: null
			})
		]);
		// Changed: the same row, a new version.
		expect(
			(await one(manager.token, { id, repId: rep.id, month: '2026-11', salesAmount: 6_000_000 }))
				.status
		).toBe('applied');
		const after = (await pullAll(h, rep.token)).state.get('targets')!;
		expect(after.get(id)).toMatchObject({ salesAmount: 6_000_000, visits: null });
		const office = (await pullAll(h, manager.token)).state.get('targets')!;
		expect(office.size).toBe(2);
	});

	it('one target per rep and month; its rep and month are fixed', async () => {
		const id = uuidv7();
		await one(manager.token, { id, repId: rep.id, month: '2026-12', visits: 10 });
		const twin = await one(manager.token, { id: uuidv7(), repId: rep.id, month: '2026-12' });
		expect(twin.error).toMatchObject({
			code: 'conflict',
			fields: { month: { code: 'duplicate' } }
		});
		const moved = await one(manager.token, { id, repId: rep.id, month: '2027-01' });
		expect(moved.error.fields.month.code).toBe('cannot_change');
	});

	it('only for a rep of the planner’s branch; others answer as unknown or forbidden', async () => {
		const base = { month: '2026-11', visits: 5 };
		const far = await one(manager.token, { id: uuidv7(), repId: farRep.id, ...base });
		expect(far.error).toMatchObject({
			code: 'not_found',
			fields: { repId: { code: 'not_found' } }
		});
		const foreign = await one(other.token, { id: uuidv7(), repId: rep.id, ...base });
		expect(foreign.error.code).toBe('not_found');
		const notRep = await one(manager.token, { id: uuidv7(), repId: storekeeper.id, ...base });
		expect(notRep.error.fields.repId.code).toBe('wrong_role');
		const byRep = await one(rep.token, { id: uuidv7(), repId: rep.id, ...base });
		expect(byRep.error.code).toBe('forbidden');
		// An administrator sets targets in any branch.
		expect((await one(org.token, { id: uuidv7(), repId: farRep.id, ...base })).status).toBe(
			'applied'
		);
		expect((await pullAll(h, manager.token)).state.get('targets')!.size).toBe(3);
	});

	it('bad input names the field and writes nothing', async () => {
		for (const [args, field] of [
			[{ month: '2026-13' }, 'month'],
			[{ month: '2026-11', salesAmount: -1 }, 'salesAmount'],
			[{ month: '2026-11', salesAmount: 1.5 }, 'salesAmount'],
			[{ month: '2026-11', strikeRate: 101 }, 'strikeRate'],
			[{ month: '2026-11', mustSellCoverage: 'x' }, 'mustSellCoverage']
		] as const) {
			const r = await one(manager.token, { id: uuidv7(), repId: otherRep.id, ...args });
			expect(r.status).toBe('rejected');
			expect(Object.keys(r.error.fields)).toContain(field);
		}
		const seen = (await pullAll(h, manager.token)).state.get('targets')!;
		expect(
			[...seen.values()].filter((t) => (t as { repId: string }).repId === otherRep.id)
		).toHaveLength(1);
	});
});
