/**
 * The van's day close on a real libSQL file: the rep counts the van and the cash with a
 * difference, a storekeeper confirms the handover, the difference is recorded through the
 * ledger and the van's stock moves back to the warehouse.
 */
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayOf } from '../../domain/time';
import { createHarness, employee, signupOrg, type Harness } from '../testing/harness';
import { mutation, pullAll, push } from './testing';

let h: Harness;
let org: Awaited<ReturnType<typeof signupOrg>>;
let other: Awaited<ReturnType<typeof signupOrg>>;
let rep: Awaited<ReturnType<typeof employee>>;
let rep2: Awaited<ReturnType<typeof employee>>;
let keeper: Awaited<ReturnType<typeof employee>>;
let otherKeeper: Awaited<ReturnType<typeof employee>>;
const main = uuidv7();
const van = uuidv7();
const van2 = uuidv7();
const tea = uuidv7();
const rice = uuidv7();
const point = uuidv7();
const today = () => dayOf(Date.now(), 'Asia/Tashkent').date;

const one = async (token: string, name: string, args: unknown, id = uuidv7()) => {
	const res = await push(h, token, [mutation(name, args, id)]);
	expect(res.status).toBe(200);
	return res.body.results[0];
};

async function balance(warehouseId: string, productId: string): Promise<number> {
	const r = await h.deps.client.execute({
		sql: 'SELECT milli FROM stock_balances WHERE warehouse_id = ? AND product_id = ?',
		args: [warehouseId, productId]
	});
	return Number(r.rows[0]?.milli ?? 0);
}

async function counts() {
	const out: Record<string, number> = {};
	for (const t of ['day_closes', 'stock_documents', 'stock_movements']) {
		const r = await h.deps.client.execute(`SELECT count(*) AS n FROM ${t}`);
		out[t] = Number(r.rows[0]!.n);
	}
	return out;
}

beforeAll(async () => {
	h = await createHarness();
	org = await signupOrg(h);
	other = await signupOrg(h);
	rep = await employee(h, org.token, 'rep', org.branchId);
	rep2 = await employee(h, org.token, 'rep', org.branchId);
	keeper = await employee(h, org.token, 'storekeeper', org.branchId);
	otherKeeper = await employee(h, other.token, 'storekeeper', other.branchId);
	const receipt = uuidv7();
	const load = uuidv7();
	const setup = await push(h, org.token, [
		mutation('warehouse.upsert', { id: main, name: 'Main', kind: 'branch' }),
		mutation('warehouse.upsert', { id: van, name: 'Van 1', kind: 'van', ownerId: rep.id }),
		mutation('warehouse.upsert', { id: van2, name: 'Van 2', kind: 'van', ownerId: rep2.id }),
		mutation('product.upsert', { id: tea, sku: 'DC-TEA', name: 'Tea', unit: 'pcs' }),
		mutation('product.upsert', { id: rice, sku: 'DC-RICE', name: 'Rice', unit: 'kg' }),
		mutation('price.set', { productId: tea, price: 12_500 }),
		mutation('price.set', { productId: rice, price: 9_000 }),
		mutation('tradePoint.upsert', { id: point, name: 'Shop' }),
		mutation('document.save', {
			id: receipt,
			type: 'receipt',
			warehouseId: main,
			lines: [
				{ productId: tea, qty: 100 },
				{ productId: rice, qty: 50 }
			]
		}),
		mutation('document.post', { id: receipt }),
		mutation('document.save', {
			id: load,
			type: 'transfer',
			warehouseId: main,
			toWarehouseId: van,
			lines: [
				{ productId: tea, qty: 10 },
				{ productId: rice, qty: 5.5 }
			]
		}),
		mutation('document.post', { id: load })
	]);
	expect(setup.body.results.filter((r: { status: string }) => r.status !== 'applied')).toEqual([]);
	// The rep's day: 2 teas sold for cash, 1 tea paid by card (not in the rep's hands).
	const sales = await push(h, rep.token, [
		mutation('sale.create', {
			id: uuidv7(),
			warehouseId: van,
			tradePointId: point,
			lines: [{ productId: tea, qty: 2 }],
			payments: [{ method: 'cash', amount: 25_000 }],
			soldAt: Date.now()
		}),
		mutation('sale.create', {
			id: uuidv7(),
			warehouseId: van,
			tradePointId: point,
			lines: [{ productId: tea, qty: 1 }],
			payments: [{ method: 'card', amount: 12_500 }],
			soldAt: Date.now()
		})
	]);
	expect(sales.body.results.map((r: { status: string }) => r.status)).toEqual([
		'applied',
		'applied'
	]);
});
afterAll(() => h.close());

describe('the day close of a van', () => {
	const close = uuidv7();
	const transferId = uuidv7();
	const adjustmentId = uuidv7();
	const submit = () => ({
		id: close,
		warehouseId: van,
		date: today(),
		// 7 teas left, the van should hold 7; rice: 5 kg counted of 5.5.
		lines: [
			{ productId: tea, counted: 7 },
			{ productId: rice, counted: 5, reason: 'damaged' }
		],
		cashCounted: 24_000,
		cashReason: 'change_error',
		comment: 'One bag of rice torn'
	});

	it('refuses a count without reasons, another rep’s van, a storekeeper, unknown products — writing nothing', async () => {
		const before = await counts();
		const noReason = await one(rep.token, 'dayClose.submit', {
			...submit(),
			lines: [
				{ productId: tea, counted: 7 },
				{ productId: rice, counted: 5 }
			],
			cashReason: null
		});
		expect(noReason.status).toBe('rejected');
		expect(noReason.error.code).toBe('validation');
		expect(noReason.error.fields).toMatchObject({
			'lines.1.reason': { code: 'required' },
			cashReason: { code: 'required' }
		});
		const missing = await one(rep.token, 'dayClose.submit', {
			...submit(),
			lines: [{ productId: tea, counted: 7 }]
		});
		expect(missing.error.fields.lines.code).toBe('required');
		const notMine = await one(rep.token, 'dayClose.submit', { ...submit(), warehouseId: van2 });
		expect(notMine.error).toMatchObject({
			code: 'forbidden',
			fields: { warehouseId: { code: 'not_allowed' } }
		});
		const keeperTry = await one(keeper.token, 'dayClose.submit', submit());
		expect(keeperTry.error.fields.warehouseId.code).toBe('not_allowed');
		const unknown = await one(rep.token, 'dayClose.submit', {
			...submit(),
			lines: [...submit().lines, { productId: uuidv7(), counted: 1, reason: 'other' }]
		});
		expect(unknown.error).toMatchObject({
			code: 'not_found',
			fields: { 'lines.2.productId': { code: 'not_found' } }
		});
		const fraction = await one(rep.token, 'dayClose.submit', {
			...submit(),
			lines: [{ productId: tea, counted: 6.5, reason: 'lost' }, submit().lines[1]]
		});
		expect(fraction.error.fields['lines.0.counted'].code).toBe('whole_only');
		const badDate = await one(rep.token, 'dayClose.submit', { ...submit(), date: '2026-13-01' });
		expect(badDate.error.fields.date).toBeTruthy();
		expect(await counts()).toEqual(before);
	});

	it('records the count with the figures the server expects', async () => {
		const res = await one(rep.token, 'dayClose.submit', submit());
		expect(res.status).toBe('applied');
		expect(res.result).toMatchObject({ id: close, cashExpected: 25_000, differing: 1 });
		const { state } = await pullAll(h, keeper.token);
		expect(state.get('dayCloses')!.get(close)).toMatchObject({
			status: 'submitted',
			repId: rep.id,
			warehouseId: van,
			lines: [
				{ productId: tea, expected: 7, counted: 7, reason: null },
				{ productId: rice, expected: 5.5, counted: 5, reason: 'damaged' }
			],
			cashExpected: 25_000,
			cashCounted: 24_000,
			cashReason: 'change_error'
		});
		// The same day of the same van is one close.
		const twin = await one(rep.token, 'dayClose.submit', { ...submit(), id: uuidv7() });
		expect(twin.error).toMatchObject({ code: 'conflict', fields: { date: { code: 'taken' } } });
	});

	it('refuses a confirmation by the rep, another organization, into a van, writing nothing', async () => {
		const before = await counts();
		const args = { id: close, toWarehouseId: main, transferId, adjustmentId };
		const byRep = await one(rep.token, 'dayClose.confirm', args);
		expect(byRep.error.code).toBe('forbidden');
		const foreign = await one(otherKeeper.token, 'dayClose.confirm', args);
		expect(foreign.error).toMatchObject({
			code: 'not_found',
			fields: { id: { code: 'not_found' } }
		});
		const intoVan = await one(keeper.token, 'dayClose.confirm', { ...args, toWarehouseId: van2 });
		expect(intoVan.error.fields.toWarehouseId.code).toBe('invalid');
		const nowhere = await one(keeper.token, 'dayClose.confirm', {
			...args,
			toWarehouseId: uuidv7()
		});
		expect(nowhere.error.fields.toWarehouseId.code).toBe('not_found');
		const tooMuch = await one(keeper.token, 'dayClose.confirm', {
			...args,
			unload: [{ productId: tea, qty: 8 }]
		});
		expect(tooMuch.error.fields['unload.0.qty'].code).toBe('too_big');
		expect(await counts()).toEqual(before);
	});

	it('confirms the handover: the difference goes through the ledger, the van unloads', async () => {
		const before = await counts();
		const args = { id: close, toWarehouseId: main, transferId, adjustmentId };
		const mid = uuidv7();
		const res = await one(keeper.token, 'dayClose.confirm', args, mid);
		expect(res.status).toBe('applied');
		expect(res.result).toMatchObject({ transferId, adjustmentId });
		expect(res.result.transferNumber).toMatch(/^TRF-/);
		expect(res.result.adjustmentNumber).toMatch(/^STK-/);

		// The van is empty; the warehouse has back what was counted.
		expect(await balance(van, tea)).toBe(0);
		expect(await balance(van, rice)).toBe(0);
		expect(await balance(main, tea)).toBe(97_000);
		expect(await balance(main, rice)).toBe(49_500);
		const moves = await h.deps.client.execute({
			sql: 'SELECT warehouse_id, product_id, milli, document_id FROM stock_movements WHERE document_id IN (?, ?) ORDER BY id',
			args: [adjustmentId, transferId]
		});
		expect(moves.rows.map((r) => [r.document_id, r.warehouse_id, r.product_id, r.milli])).toEqual([
			[adjustmentId, van, rice, -500],
			[transferId, van, tea, -7000],
			[transferId, main, tea, 7000],
			[transferId, van, rice, -5000],
			[transferId, main, rice, 5000]
		]);
		expect(await counts()).toEqual({
			day_closes: before.day_closes!,
			stock_documents: before.stock_documents! + 2,
			stock_movements: before.stock_movements! + 5
		});

		const { state } = await pullAll(h, rep.token);
		expect(state.get('dayCloses')!.get(close)).toMatchObject({
			status: 'confirmed',
			confirmedBy: keeper.id,
			toWarehouseId: main,
			transferId,
			adjustmentId,
			lines: [
				{ productId: tea, counted: 7, reason: null },
				{ productId: rice, expected: 5.5, counted: 5, reason: 'damaged' }
			]
		});
		expect(state.get('stockDocuments')!.get(transferId)).toMatchObject({
			type: 'transfer',
			status: 'posted',
			warehouseId: van,
			toWarehouseId: main
		});
		expect(state.get('stockDocuments')!.get(adjustmentId)).toMatchObject({
			type: 'stocktake',
			status: 'posted',
			lines: [{ productId: rice, qty: 5, expected: 5.5 }]
		});
		const audit = await h.deps.client.execute({
			sql: 'SELECT action FROM audit_events WHERE entity_id = ? ORDER BY at',
			args: [close]
		});
		expect(audit.rows.map((r) => r.action)).toEqual([
			'stock.day_close_submitted',
			'stock.day_close_confirmed'
		]);

		// Exactly once: the same mutation again changes nothing; a second confirmation is refused.
		const again = await one(keeper.token, 'dayClose.confirm', args, mid);
		expect(again.status).toBe('duplicate');
		const twice = await one(keeper.token, 'dayClose.confirm', {
			...args,
			transferId: uuidv7(),
			adjustmentId: uuidv7()
		});
		expect(twice.error.fields.id.code).toBe('wrong_state');
		const recount = await one(rep.token, 'dayClose.submit', submit());
		expect(recount.error.fields.id.code).toBe('wrong_state');
		expect(await balance(main, tea)).toBe(97_000);
	});
});
