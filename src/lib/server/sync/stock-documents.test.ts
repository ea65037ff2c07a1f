import fc from 'fast-check';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, employee, signupOrg, type Harness } from '../testing/harness';
import { mutation, pullAll, push } from './testing';

let h: Harness;
let org: Awaited<ReturnType<typeof signupOrg>>;
let rep: Awaited<ReturnType<typeof employee>>;
let otherRep: Awaited<ReturnType<typeof employee>>;
let storekeeper: Awaited<ReturnType<typeof employee>>;
let cashier: Awaited<ReturnType<typeof employee>>;
let secondBranch: string;
const W = { branch: uuidv7(), van: uuidv7(), otherVan: uuidv7(), far: uuidv7(), store: uuidv7() };
const P = { tea: uuidv7(), sugar: uuidv7(), soap: uuidv7() };
const supplier = uuidv7();

const one = async (token: string, name: string, args: unknown) => {
	const res = await push(h, token, [mutation(name, args)]);
	expect(res.status).toBe(200);
	return res.body.results[0];
};
const applied = async (token: string, name: string, args: unknown) => {
	const r = await one(token, name, args);
	expect(r, JSON.stringify(r)).toMatchObject({ status: 'applied' });
	return r.result;
};

async function balance(token: string, warehouseId: string, productId: string) {
	const res = await h.call('GET', `/api/stock/balances?warehouseId=${warehouseId}`, undefined, {
		token
	});
	expect(res.status).toBe(200);
	return (
		(res.body.items as { productId: string; qty: number }[]).find((i) => i.productId === productId)
			?.qty ?? 0
	);
}

/** Saves and posts a document in one push, as a device does after "Post". */
async function postDoc(token: string, doc: Record<string, unknown>) {
	const id = uuidv7();
	const res = await push(h, token, [
		mutation('document.save', { id, ...doc }),
		mutation('document.post', { id })
	]);
	expect(res.status).toBe(200);
	return { id, save: res.body.results[0], post: res.body.results[1] };
}

async function setPolicy(policy: 'forbid' | 'allow_and_flag', token = org.token) {
	const res = await h.call(
		'PATCH',
		'/api/organization/settings',
		{ negativeStockPolicy: policy },
		{ token }
	);
	expect(res.status).toBe(200);
}

/** Every balance equals the sum of its movements, straight from the database. */
async function ledgerMismatches(): Promise<number> {
	const r = await h.deps.client.execute(`
		SELECT count(*) AS n FROM (
			SELECT b.warehouse_id, b.product_id, b.milli, coalesce(sum(m.milli), 0) AS moved
			FROM stock_balances b LEFT JOIN stock_movements m
				ON m.warehouse_id = b.warehouse_id AND m.product_id = b.product_id
			GROUP BY b.warehouse_id, b.product_id
			HAVING b.milli != moved
		)`);
	return Number(r.rows[0]!.n);
}

beforeAll(async () => {
	h = await createHarness();
	org = await signupOrg(h);
	rep = await employee(h, org.token, 'rep', org.branchId);
	otherRep = await employee(h, org.token, 'rep', org.branchId);
	storekeeper = await employee(h, org.token, 'storekeeper', org.branchId);
	cashier = await employee(h, org.token, 'cashier', org.branchId);
	const branch = await h.call('POST', '/api/branches', { name: 'Samarkand' }, { token: org.token });
	secondBranch = branch.body.branch?.id ?? branch.body.id;
	const setup = [
		mutation('product.upsert', { id: P.tea, sku: 'TEA-1', name: 'Green tea 100 g', unit: 'pcs' }),
		mutation('product.upsert', { id: P.sugar, sku: 'SUG-1', name: 'Sugar', unit: 'kg' }),
		mutation('product.upsert', { id: P.soap, sku: 'SOA-1', name: 'Soap', unit: 'pcs' }),
		mutation('counterparty.upsert', { id: supplier, name: 'Tea Import LLC', kind: 'supplier' }),
		mutation('warehouse.upsert', { id: W.branch, name: 'Tashkent main', kind: 'branch' }),
		mutation('warehouse.upsert', { id: W.van, name: 'Van 01', kind: 'van', ownerId: rep.id }),
		mutation('warehouse.upsert', {
			id: W.otherVan,
			name: 'Van 02',
			kind: 'van',
			ownerId: otherRep.id
		}),
		mutation('warehouse.upsert', {
			id: W.store,
			name: 'Kiosk 7 store',
			kind: 'store',
			ownerId: cashier.id
		}),
		mutation('warehouse.upsert', {
			id: W.far,
			name: 'Samarkand main',
			kind: 'branch',
			branchId: secondBranch
		})
	];
	const res = await push(h, org.token, setup);
	expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(
		setup.map(() => 'applied')
	);
});
afterAll(() => h.close());

describe('posting documents', () => {
	it('a storekeeper receives goods and loads a van; the rep pulls the van stock, numbered and exact', async () => {
		const receipt = await postDoc(storekeeper.token, {
			type: 'receipt',
			warehouseId: W.branch,
			counterpartyId: supplier,
			lines: [
				{ productId: P.tea, qty: 100, cost: 12_000 },
				{ productId: P.sugar, qty: 50.125, cost: 9_000 }
			]
		});
		expect(receipt.post).toMatchObject({
			status: 'applied',
			result: { number: expect.stringMatching(/^RCV-[A-Z0-9]{3}-\d{4}-00001$/) }
		});
		const load = await postDoc(storekeeper.token, {
			type: 'transfer',
			warehouseId: W.branch,
			toWarehouseId: W.van,
			lines: [
				{ productId: P.tea, qty: 30 },
				{ productId: P.sugar, qty: 0.125 }
			]
		});
		expect(load.post.result.number).toMatch(/^TRF-[A-Z0-9]{3}-\d{4}-00001$/);
		expect(await balance(org.token, W.branch, P.tea)).toBe(70);
		expect(await balance(org.token, W.branch, P.sugar)).toBe(50);
		expect(await balance(rep.token, W.van, P.sugar)).toBe(0.125);

		const { state } = await pullAll(h, rep.token);
		const balances = [...state.get('balances')!.values()] as { warehouseId: string; qty: number }[];
		expect(balances.every((b) => b.warehouseId === W.van)).toBe(true);
		expect(state.get('balances')!.get(`${W.van}:${P.tea}`)).toMatchObject({ qty: 30 });
		const docs = state.get('stockDocuments')!;
		expect(docs.get(load.id)).toMatchObject({ status: 'posted', number: load.post.result.number });
		// The receipt did not touch the van: the rep does not pull it.
		expect(docs.has(receipt.id)).toBe(false);
		expect(await ledgerMismatches()).toBe(0);
	});

	it('a stocktake posts the difference against the balance when it was counted', async () => {
		const id = uuidv7();
		await applied(storekeeper.token, 'document.save', {
			id,
			type: 'stocktake',
			warehouseId: W.branch,
			lines: [
				{ productId: P.tea, qty: 68 },
				{ productId: P.soap, qty: 0 }
			]
		});
		// Two more go out after counting and before posting: they are not counted twice.
		await postDoc(storekeeper.token, {
			type: 'writeoff',
			warehouseId: W.branch,
			reason: 'Damaged',
			lines: [{ productId: P.tea, qty: 2 }]
		});
		const post = await applied(storekeeper.token, 'document.post', { id });
		expect(post.number).toMatch(/^STK-/);
		expect(await balance(org.token, W.branch, P.tea)).toBe(66);
		expect(await ledgerMismatches()).toBe(0);
	});

	it('cancelling writes reversing movements and restores the balances; twice is refused', async () => {
		const before = await balance(org.token, W.branch, P.soap);
		const doc = await postDoc(org.token, {
			type: 'receipt',
			warehouseId: W.branch,
			lines: [{ productId: P.soap, qty: 12 }]
		});
		expect(await balance(org.token, W.branch, P.soap)).toBe(before + 12);
		expect((await one(org.token, 'document.cancel', { id: doc.id })).status).toBe('applied');
		expect(await balance(org.token, W.branch, P.soap)).toBe(before);
		expect(await one(org.token, 'document.cancel', { id: doc.id })).toMatchObject({
			status: 'rejected',
			error: {
				code: 'conflict',
				fields: { id: { code: 'wrong_state', message: 'Already cancelled' } }
			}
		});
		expect(await one(org.token, 'document.post', { id: doc.id })).toMatchObject({
			status: 'rejected',
			error: { code: 'conflict' }
		});
		const edit = await one(org.token, 'document.save', {
			id: doc.id,
			type: 'receipt',
			warehouseId: W.branch,
			lines: [{ productId: P.soap, qty: 1000 }]
		});
		expect(edit).toMatchObject({ status: 'rejected', error: { code: 'conflict' } });
		const movements = await h.call('GET', `/api/stock/movements?productId=${P.soap}`, undefined, {
			token: org.token
		});
		expect(movements.body.items.slice(0, 2)).toMatchObject([
			{ qty: -12, reversal: true, documentId: doc.id },
			{ qty: 12, reversal: false, documentId: doc.id }
		]);
		const audit = await h.call('GET', `/api/audit?entityId=${doc.id}`, undefined, {
			token: org.token
		});
		expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual([
			'stock.document_cancelled',
			'stock.document_posted'
		]);
	});
});

describe('negative stock policy', () => {
	it('forbid: a posting that would go below zero is refused with its short lines, nothing written', async () => {
		await setPolicy('forbid');
		const before = await balance(org.token, W.branch, P.tea);
		const doc = await postDoc(storekeeper.token, {
			type: 'writeoff',
			warehouseId: W.branch,
			reason: 'Expired',
			lines: [
				{ productId: P.sugar, qty: 1 },
				{ productId: P.tea, qty: before + 5 }
			]
		});
		expect(doc.post).toMatchObject({
			status: 'rejected',
			error: {
				code: 'insufficient_stock',
				fields: { 'lines.1.qty': { code: expect.any(String) } },
				short: [{ line: 1, productId: P.tea, available: before, needed: before + 5 }]
			}
		});
		expect(await balance(org.token, W.branch, P.tea)).toBe(before);
		const { state } = await pullAll(h, org.token);
		expect(state.get('stockDocuments')!.get(doc.id)).toMatchObject({
			status: 'draft',
			number: null
		});
		await setPolicy('allow_and_flag');
	});

	it('allow_and_flag: posts, flags the shortfall, and the flag clears when stock arrives', async () => {
		const have = await balance(rep.token, W.van, P.tea);
		const sold = await postDoc(rep.token, {
			type: 'writeoff',
			warehouseId: W.van,
			reason: 'Broken in transit',
			lines: [{ productId: P.tea, qty: have + 4 }]
		});
		expect(sold.post).toMatchObject({ status: 'applied', result: { flagged: 1 } });
		expect(await balance(rep.token, W.van, P.tea)).toBe(-4);
		let flags = (await pullAll(h, org.token)).state.get('shortages')!;
		const flag = [...flags.values()].find(
			(f) => (f as { documentId: string }).documentId === sold.id
		);
		expect(flag).toMatchObject({ status: 'open', short: 4, warehouseId: W.van });
		await postDoc(rep.token, {
			type: 'transfer',
			warehouseId: W.branch,
			toWarehouseId: W.van,
			lines: [{ productId: P.tea, qty: 10 }]
		});
		flags = (await pullAll(h, org.token)).state.get('shortages')!;
		expect(flags.get((flag as { id: string }).id)).toMatchObject({
			status: 'resolved',
			resolution: 'stock_arrived'
		});
	});

	it('a manager resolves a flag by hand; a rep may not', async () => {
		const doc = await postDoc(storekeeper.token, {
			type: 'writeoff',
			warehouseId: W.branch,
			reason: 'Lost',
			lines: [{ productId: P.soap, qty: 1000 }]
		});
		expect(doc.post.result.flagged).toBe(1);
		const flag = [...(await pullAll(h, org.token)).state.get('shortages')!.values()].find(
			(f) => (f as { documentId: string }).documentId === doc.id
		) as { id: string };
		const manager = await employee(h, org.token, 'manager', org.branchId);
		expect((await one(rep.token, 'shortage.resolve', { id: flag.id })).error.code).toBe(
			'forbidden'
		);
		await applied(manager.token, 'shortage.resolve', { id: flag.id, note: 'Recounted: miscount' });
		const after = (await pullAll(h, manager.token)).state.get('shortages')!.get(flag.id);
		expect(after).toMatchObject({
			status: 'resolved',
			resolution: 'manager',
			note: 'Recounted: miscount'
		});
		expect((await one(manager.token, 'shortage.resolve', { id: flag.id })).error.code).toBe(
			'conflict'
		);
	});

	it('two postings racing on one balance never lose an update', async () => {
		await setPolicy('forbid');
		await postDoc(org.token, {
			type: 'receipt',
			warehouseId: W.far,
			lines: [{ productId: P.soap, qty: 5 }]
		});
		const race = () =>
			postDoc(org.token, {
				type: 'writeoff',
				warehouseId: W.far,
				reason: 'Race',
				lines: [{ productId: P.soap, qty: 4 }]
			});
		const results = await Promise.all([race(), race()]);
		expect(results.map((r) => r.post.status).sort()).toEqual(['applied', 'rejected']);
		expect(results.find((r) => r.post.status === 'rejected')!.post.error.code).toBe(
			'insufficient_stock'
		);
		expect(await balance(org.token, W.far, P.soap)).toBe(1);
		await setPolicy('allow_and_flag');
		const both = await Promise.all([race(), race()]);
		expect(both.map((r) => r.post.status)).toEqual(['applied', 'applied']);
		expect(await balance(org.token, W.far, P.soap)).toBe(-7);
		expect(await ledgerMismatches()).toBe(0);
	});
});

describe('who may move stock', () => {
	it('a rep moves stock only into or out of their own van', async () => {
		const own = await postDoc(rep.token, {
			type: 'transfer',
			warehouseId: W.van,
			toWarehouseId: W.branch,
			lines: [{ productId: P.tea, qty: 1 }]
		});
		expect(own.post.status).toBe('applied');
		const theirs = await postDoc(rep.token, {
			type: 'transfer',
			warehouseId: W.branch,
			toWarehouseId: W.otherVan,
			lines: [{ productId: P.tea, qty: 1 }]
		});
		expect(theirs.save).toMatchObject({ status: 'rejected', error: { code: 'forbidden' } });
		const branchOnly = await postDoc(rep.token, {
			type: 'receipt',
			warehouseId: W.branch,
			lines: [{ productId: P.tea, qty: 1 }]
		});
		expect(branchOnly.save.error.code).toBe('forbidden');
		// Another rep's posted document answers like one that does not exist.
		expect((await one(otherRep.token, 'document.cancel', { id: own.id })).error.code).toBe(
			'not_found'
		);
		const peek = await h.call('GET', `/api/stock/balances?warehouseId=${W.van}`, undefined, {
			token: otherRep.token
		});
		expect(peek.status).toBe(404);
	});

	it("a storekeeper only in their branch's warehouses, a cashier only their store", async () => {
		const far = await postDoc(storekeeper.token, {
			type: 'receipt',
			warehouseId: W.far,
			lines: [{ productId: P.tea, qty: 1 }]
		});
		expect(far.save.error.code).toBe('forbidden');
		const store = await postDoc(cashier.token, {
			type: 'receipt',
			warehouseId: W.store,
			lines: [{ productId: P.tea, qty: 3 }]
		});
		expect(store.post.status).toBe('applied');
		const van = await postDoc(cashier.token, {
			type: 'receipt',
			warehouseId: W.van,
			lines: [{ productId: P.tea, qty: 3 }]
		});
		expect(van.save.error.code).toBe('forbidden');
		const { state } = await pullAll(h, cashier.token);
		expect(
			[...state.get('balances')!.values()].every(
				(b) => (b as { warehouseId: string }).warehouseId === W.store
			)
		).toBe(true);
	});

	it("another organization's warehouse, product or document answers like a missing one", async () => {
		const other = await signupOrg(h);
		const theirWarehouse = uuidv7();
		await applied(other.token, 'warehouse.upsert', {
			id: theirWarehouse,
			name: 'Theirs',
			kind: 'main'
		});
		const cases = [
			{ type: 'receipt', warehouseId: theirWarehouse, lines: [{ productId: P.tea, qty: 1 }] },
			{ type: 'receipt', warehouseId: uuidv7(), lines: [{ productId: P.tea, qty: 1 }] }
		];
		for (const c of cases) {
			const r = await one(other.token === '' ? '' : org.token, 'document.save', {
				id: uuidv7(),
				...c
			});
			expect(r).toMatchObject({
				status: 'rejected',
				error: {
					code: 'not_found',
					fields: { warehouseId: { code: 'not_found', message: 'Not found' } }
				}
			});
		}
		const theirProduct = await one(other.token, 'document.save', {
			id: uuidv7(),
			type: 'receipt',
			warehouseId: theirWarehouse,
			lines: [{ productId: P.tea, qty: 1 }]
		});
		expect(theirProduct).toMatchObject({
			status: 'rejected',
			error: {
				code: 'not_found',
				fields: { 'lines.0.productId': { code: 'not_found', message: 'Not found' } }
			}
		});
		const docs = (await pullAll(h, org.token)).state.get('stockDocuments')!;
		const ours = [...docs.keys()][0]!;
		expect((await one(other.token, 'document.cancel', { id: ours })).error).toMatchObject({
			code: 'not_found'
		});
		expect((await one(other.token, 'document.cancel', { id: uuidv7() })).error).toMatchObject({
			code: 'not_found'
		});
		const balances = await h.call('GET', `/api/stock/balances?warehouseId=${W.branch}`, undefined, {
			token: other.token
		});
		expect(balances.status).toBe(404);
	});
});

describe('bad input', () => {
	const base = { type: 'receipt', warehouseId: W.branch };
	it.each([
		['a non-numeric quantity', [{ productId: P.tea, qty: 'ten' }], 'lines.0.qty'],
		['a negative quantity', [{ productId: P.tea, qty: -3 }], 'lines.0.qty'],
		['a zero quantity', [{ productId: P.tea, qty: 0 }], 'lines.0.qty'],
		['a fraction of a counted unit', [{ productId: P.tea, qty: 1.5 }], 'lines.0.qty'],
		['four decimals', [{ productId: P.sugar, qty: 1.0005 }], 'lines.0.qty'],
		['an absurd quantity', [{ productId: P.sugar, qty: 1e10 }], 'lines.0.qty'],
		['an unknown product', [{ productId: uuidv7(), qty: 1 }], 'lines.0.productId'],
		['a product id that is not one', [{ productId: 'tea', qty: 1 }], 'lines.0.productId']
	])('%s is refused naming the field, and nothing is written', async (_, lines, field) => {
		const counts = await h.tableCounts();
		const r = await one(storekeeper.token, 'document.save', { id: uuidv7(), ...base, lines });
		expect(r.status).toBe('rejected');
		expect(Object.keys(r.error.fields)).toContain(field);
		const after = await h.tableCounts();
		expect(after.stock_documents).toBe(counts.stock_documents);
	});

	it('a transfer without a destination, and a write-off without a reason, name the field', async () => {
		const t = await one(storekeeper.token, 'document.save', {
			id: uuidv7(),
			type: 'transfer',
			warehouseId: W.branch,
			lines: []
		});
		expect(t.error.fields).toMatchObject({
			toWarehouseId: { code: 'required', message: 'Required' }
		});
		const w = await one(storekeeper.token, 'document.save', {
			id: uuidv7(),
			type: 'writeoff',
			warehouseId: W.branch,
			lines: []
		});
		expect(w.error.fields).toMatchObject({ reason: { code: 'required', message: 'Required' } });
		const empty = uuidv7();
		await applied(storekeeper.token, 'document.save', { id: empty, ...base, lines: [] });
		expect((await one(storekeeper.token, 'document.post', { id: empty })).error).toMatchObject({
			code: 'validation',
			fields: { lines: { code: 'required', message: 'Required' } }
		});
	});

	it('the movements API names a missing or bad product id', async () => {
		for (const q of ['', '?productId=tea', `?productId=${P.tea}&limit=9999`]) {
			const res = await h.call('GET', `/api/stock/movements${q}`, undefined, { token: org.token });
			expect(res.status).toBe(400);
			expect(Object.keys(res.body.error.fields)).toEqual([
				q.includes('limit') ? 'limit' : 'productId'
			]);
		}
	});

	it('the balances API names a bad warehouse id', async () => {
		const res = await h.call('GET', '/api/stock/balances?warehouseId=nope', undefined, {
			token: org.token
		});
		expect(res.status).toBe(400);
		expect(res.body.error.fields).toMatchObject({ warehouseId: { code: expect.any(String) } });
	});
});

describe('ledger properties (fast-check, real database)', () => {
	it('any sequence of saves, posts and cancels keeps balances equal to movements; cancelling restores; forbid never goes below zero', async () => {
		const op = fc.record({
			kind: fc.constantFrom('receipt', 'writeoff', 'transfer', 'stocktake'),
			from: fc.integer({ min: 0, max: 1 }),
			product: fc.constantFrom(P.tea, P.soap),
			qty: fc.integer({ min: 0, max: 20 }),
			cancel: fc.boolean(),
			post: fc.boolean()
		});
		const warehousesOf = [W.far, uuidv7()];
		await applied(org.token, 'warehouse.upsert', {
			id: warehousesOf[1],
			name: 'Samarkand spare',
			kind: 'branch',
			branchId: secondBranch
		});
		const farBalances = async () => {
			const r = await h.call('GET', '/api/stock/balances', undefined, { token: org.token });
			return (r.body.items as { warehouseId: string; productId: string; qty: number }[]).filter(
				(i) => warehousesOf.includes(i.warehouseId)
			);
		};
		await fc.assert(
			fc.asyncProperty(
				fc.array(op, { minLength: 1, maxLength: 8 }),
				fc.boolean(),
				async (ops, forbid) => {
					await setPolicy(forbid ? 'forbid' : 'allow_and_flag');
					for (const o of ops) {
						const from = warehousesOf[o.from]!;
						const qty = o.kind === 'stocktake' ? o.qty : o.qty + 1;
						const id = uuidv7();
						const before = await farBalances();
						await applied(org.token, 'document.save', {
							id,
							type: o.kind,
							warehouseId: from,
							...(o.kind === 'transfer' ? { toWarehouseId: warehousesOf[1 - o.from] } : {}),
							...(o.kind === 'writeoff' ? { reason: 'Test' } : {}),
							lines: [{ productId: o.product, qty }]
						});
						if (!o.post) continue;
						const post = await one(org.token, 'document.post', { id });
						if (post.status === 'rejected') {
							expect(forbid && post.error.code === 'insufficient_stock').toBe(true);
							continue;
						}
						if (o.cancel) {
							const cancel = await one(org.token, 'document.cancel', { id });
							if (cancel.status === 'applied') {
								expect(await farBalances()).toEqual(expect.arrayContaining(before));
							} else {
								expect(forbid && cancel.error.code === 'insufficient_stock').toBe(true);
							}
						}
						if (forbid) {
							const below = (await farBalances()).filter((b) => b.qty < 0);
							// Only what was already below zero before forbid was chosen may stay there.
							for (const b of below) {
								const was = before.find(
									(x) => x.warehouseId === b.warehouseId && x.productId === b.productId
								);
								expect(was && was.qty <= b.qty).toBe(true);
							}
						}
					}
					expect(await ledgerMismatches()).toBe(0);
				}
			),
			{ numRuns: 30 }
		);
		await setPolicy('allow_and_flag');
	}, 120_000);
});
