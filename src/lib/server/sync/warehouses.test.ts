import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, employee, signupOrg, type Harness } from '../testing/harness';
import { mutation, pullAll, push } from './testing';

let h: Harness;
let org: Awaited<ReturnType<typeof signupOrg>>;
let other: Awaited<ReturnType<typeof signupOrg>>;
let rep: Awaited<ReturnType<typeof employee>>;
let secondBranch: string;

beforeAll(async () => {
	h = await createHarness();
	org = await signupOrg(h);
	other = await signupOrg(h);
	rep = await employee(h, org.token, 'rep', org.branchId);
	const branch = await h.call('POST', '/api/branches', { name: 'Samarkand' }, { token: org.token });
	secondBranch = branch.body.branch?.id ?? branch.body.id;
});
afterAll(() => h.close());

const one = async (token: string, name: string, args: unknown) => {
	const res = await push(h, token, [mutation(name, args)]);
	expect(res.status).toBe(200);
	return res.body.results[0];
};

describe('warehouse.upsert', () => {
	it("makes a branch's warehouse and a rep's van, and the rep pulls only their branch's", async () => {
		const store = uuidv7();
		const van = uuidv7();
		const far = uuidv7();
		expect(
			(
				await one(org.token, 'warehouse.upsert', {
					id: store,
					name: 'Tashkent main',
					kind: 'branch'
				})
			).status
		).toBe('applied');
		expect(
			(
				await one(org.token, 'warehouse.upsert', {
					id: van,
					name: 'Van 01 AB 123',
					kind: 'van',
					ownerId: rep.id
				})
			).status
		).toBe('applied');
		expect(
			(
				await one(org.token, 'warehouse.upsert', {
					id: far,
					name: 'Samarkand store',
					kind: 'branch',
					branchId: secondBranch
				})
			).status
		).toBe('applied');

		const { state } = await pullAll(h, rep.token);
		const seen = state.get('warehouses')!;
		expect(seen.get(van)).toMatchObject({
			kind: 'van',
			ownerId: rep.id,
			branchId: org.branchId,
			archived: false
		});
		expect(seen.get(store)).toMatchObject({ name: 'Tashkent main', kind: 'branch' });
		expect(seen.has(far)).toBe(false);
		const admin = await pullAll(h, org.token);
		expect(admin.state.get('warehouses')!.has(far)).toBe(true);
	});

	it('refuses a van without a rep of its branch, and a change of kind, naming the field', async () => {
		const noOwner = await one(org.token, 'warehouse.upsert', {
			id: uuidv7(),
			name: 'Van',
			kind: 'van'
		});
		expect(noOwner).toMatchObject({
			status: 'rejected',
			error: { code: 'validation', fields: { ownerId: { code: expect.any(String) } } }
		});
		const manager = await employee(h, org.token, 'manager', org.branchId);
		const notRep = await one(org.token, 'warehouse.upsert', {
			id: uuidv7(),
			name: 'Van',
			kind: 'van',
			ownerId: manager.id
		});
		expect(notRep).toMatchObject({
			status: 'rejected',
			error: { code: 'validation', fields: { ownerId: { code: expect.any(String) } } }
		});
		const elsewhere = await one(org.token, 'warehouse.upsert', {
			id: uuidv7(),
			name: 'Van',
			kind: 'van',
			ownerId: rep.id,
			branchId: secondBranch
		});
		expect(elsewhere).toMatchObject({
			status: 'rejected',
			error: { fields: { ownerId: { code: expect.any(String) } } }
		});
		const id = uuidv7();
		await one(org.token, 'warehouse.upsert', { id, name: 'Back room', kind: 'branch' });
		const kind = await one(org.token, 'warehouse.upsert', { id, name: 'Back room', kind: 'main' });
		expect(kind).toMatchObject({
			status: 'rejected',
			error: { code: 'validation', fields: { kind: { code: expect.any(String) } } }
		});
		const bad = await one(org.token, 'warehouse.upsert', {
			id: uuidv7(),
			name: '',
			kind: 'garage'
		});
		expect(bad).toMatchObject({
			status: 'rejected',
			error: {
				code: 'validation',
				fields: { name: { code: expect.any(String) }, kind: { code: expect.any(String) } }
			}
		});
		const { state } = await pullAll(h, org.token);
		expect(state.get('warehouses')!.get(id)).toMatchObject({ kind: 'branch' });
		expect(
			[...state.get('warehouses')!.values()].filter((w) => (w as { name: string }).name === 'Van')
		).toEqual([]);
	});

	it('keeps warehouses within roles, branches and organizations', async () => {
		const storekeeper = await employee(h, org.token, 'storekeeper', org.branchId);
		const denied = await one(storekeeper.token, 'warehouse.upsert', {
			id: uuidv7(),
			name: 'Mine',
			kind: 'branch'
		});
		expect(denied).toMatchObject({ status: 'rejected', error: { code: 'forbidden' } });
		const manager = await employee(h, org.token, 'manager', org.branchId);
		const otherBranch = await one(manager.token, 'warehouse.upsert', {
			id: uuidv7(),
			name: 'Theirs',
			kind: 'branch',
			branchId: secondBranch
		});
		expect(otherBranch).toMatchObject({
			status: 'rejected',
			error: { code: 'forbidden', fields: { branchId: { code: expect.any(String) } } }
		});
		// Another organization's warehouse id is theirs: the same id here is a warehouse of ours,
		// answered as a fresh id would be, and theirs stays as it was.
		const theirs = uuidv7();
		await one(other.token, 'warehouse.upsert', { id: theirs, name: 'Their store', kind: 'main' });
		const same = await one(org.token, 'warehouse.upsert', {
			id: theirs,
			name: 'Ours',
			kind: 'main'
		});
		expect(same).toMatchObject({ status: 'applied' });
		const theirOwner = await one(org.token, 'warehouse.upsert', {
			id: uuidv7(),
			name: 'Van',
			kind: 'van',
			ownerId: other.user.id
		});
		expect(theirOwner).toMatchObject({
			status: 'rejected',
			error: { code: 'not_found', fields: { ownerId: { code: 'not_found', message: 'Not found' } } }
		});
		const { state } = await pullAll(h, other.token);
		expect(state.get('warehouses')!.get(theirs)).toMatchObject({ name: 'Their store' });
		expect((await pullAll(h, org.token)).state.get('warehouses')!.get(theirs)).toMatchObject({
			name: 'Ours'
		});
		// The storekeeper sees their branch's warehouses (to receive into them), not the other branch's.
		const kept = await pullAll(h, storekeeper.token);
		expect(
			[...kept.state.get('warehouses')!.values()].every(
				(w) => (w as { branchId: string }).branchId === org.branchId
			)
		).toBe(true);
	});

	it('a van handed to another rep brings its stock and documents to that rep’s next pull', async () => {
		const [main, van, product] = [uuidv7(), uuidv7(), uuidv7()];
		const next = await employee(h, org.token, 'rep', org.branchId);
		const ok = async (name: string, args: unknown) =>
			expect((await one(org.token, name, args)).status).toBe('applied');
		await ok('warehouse.upsert', { id: main, name: 'Handover main', kind: 'main' });
		await ok('warehouse.upsert', { id: van, name: 'Van 07', kind: 'van', ownerId: rep.id });
		await ok('product.upsert', { id: product, sku: `HV-${product}`, name: 'Tea', unit: 'pcs' });
		const receipt = uuidv7();
		await ok('document.save', {
			id: receipt,
			type: 'receipt',
			warehouseId: main,
			lines: [{ productId: product, qty: 10, cost: 100 }]
		});
		await ok('document.post', { id: receipt });
		const load = uuidv7();
		await ok('document.save', {
			id: load,
			type: 'transfer',
			warehouseId: main,
			toWarehouseId: van,
			lines: [{ productId: product, qty: 4 }]
		});
		await ok('document.post', { id: load });
		// Something every rep pulls, so the next rep's cursor passes the van's movements.
		await ok('category.upsert', { id: uuidv7(), name: 'Handover' });

		// The next rep has pulled everything there is for them: the van is not theirs yet.
		const before = await pullAll(h, next.token);
		expect(before.state.get('balances')?.has(`${van}:${product}`) ?? false).toBe(false);

		await ok('warehouse.upsert', { id: van, name: 'Van 07', kind: 'van', ownerId: next.id });
		const after = await pullAll(h, next.token, 1000, before.cursor, before.state);
		expect(after.state.get('warehouses')!.get(van)).toMatchObject({ ownerId: next.id });
		expect(after.state.get('balances')!.get(`${van}:${product}`)).toMatchObject({ qty: 4 });
		expect(after.state.get('stockDocuments')!.get(load)).toMatchObject({ status: 'posted' });
	});
});
