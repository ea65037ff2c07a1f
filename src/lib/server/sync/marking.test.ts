/**
 * Marking codes' state on the server (issue 18 item 3): received by a stock receipt, sold once,
 * returned and sold again; refusals name the line and the code; each organization's codes are
 * its own.
 */
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GS } from '../../domain/marking/gs1';
import { createHarness, signupOrg, type Harness } from '../testing/harness';
import { mutation, pullAll, push } from './testing';

let h: Harness;
type Org = Awaited<ReturnType<typeof signupOrg>>;
let org: Org;
let other: Org;

const GTIN = '04780000000014';
const OTHER_GTIN = '04781234567892';
/** A water unit as the scanner types it: serial of 13, GS, (93) check. */
const water = (serial: string, extra = '') => `01${GTIN}${extra}21${serial}${GS}93a1B2`;
const label = (serial: string) => `01${GTIN}21${serial}`;

const one = async (o: Org, name: string, args: unknown) => {
	const res = await push(h, o.token, [mutation(name, args)]);
	expect(res.status).toBe(200);
	return res.body.results[0];
};

/** An organization with a store, a marked water product priced 3,500 and the codes received. */
async function setUp(o: Org, received: string[]) {
	const ids = { store: uuidv7(), water: uuidv7(), tea: uuidv7(), receipt: uuidv7() };
	for (const [name, args] of [
		['warehouse.upsert', { id: ids.store, name: 'Store', kind: 'branch' }],
		[
			'product.upsert',
			{
				id: ids.water,
				sku: `AQ-${ids.water}`,
				name: 'Water',
				unit: 'pcs',
				gtin: GTIN,
				marking: 'water'
			}
		],
		['product.upsert', { id: ids.tea, sku: `TEA-${ids.tea}`, name: 'Tea', unit: 'pcs' }],
		['price.set', { productId: ids.water, price: 3_500 }],
		['price.set', { productId: ids.tea, price: 1_000 }],
		[
			'document.save',
			{
				id: ids.receipt,
				type: 'receipt',
				warehouseId: ids.store,
				lines: [
					{ productId: ids.water, qty: received.length, marks: received },
					{ productId: ids.tea, qty: 10 }
				]
			}
		],
		['document.post', { id: ids.receipt }]
	] as const) {
		const r = await one(o, name, args);
		expect(r.status, `${name} ${JSON.stringify(r)}`).toBe('applied');
	}
	return ids;
}

const sale = (ids: Awaited<ReturnType<typeof setUp>>, marks: string[], qty = marks.length) => ({
	id: uuidv7(),
	warehouseId: ids.store,
	lines: [{ productId: ids.water, qty, marks }],
	payments: [{ method: 'cash', amount: 3_500 * qty }]
});

async function markOf(o: Org, id: string) {
	return (await pullAll(h, o.token)).state.get('marks')?.get(id);
}

beforeAll(async () => {
	h = await createHarness();
	org = await signupOrg(h);
	other = await signupOrg(h);
});
afterAll(() => h.close());

describe('a marking code’s life', () => {
	it('received, sold, refused a second time, returned, sold again', async () => {
		const serial = 'xQ4"N8sK+d;zT';
		const ids = await setUp(org, [water(serial), water('0000000000002')]);
		expect(await markOf(org, label(serial))).toMatchObject({
			status: 'received',
			productId: ids.water,
			gtin: GTIN,
			warehouseId: ids.store,
			documentId: ids.receipt
		});

		const first = sale(ids, [water(serial)]);
		expect((await one(org, 'sale.create', first)).status).toBe('applied');
		expect(await markOf(org, label(serial))).toMatchObject({
			status: 'sold',
			documentId: first.id
		});

		// The same unit again, in the bracketed form a person might type: the same code.
		const again = await one(org, 'sale.create', sale(ids, [`(01)${GTIN}(21)${serial}(93)a1B2`]));
		expect(again.status).toBe('rejected');
		expect(again.error.code).toBe('validation');
		expect(again.error.fields['lines.0.marks.0']).toMatchObject({
			code: 'mark_already_sold',
			params: { mark: label(serial) }
		});

		const back = await one(org, 'return.create', {
			id: uuidv7(),
			receiptId: first.id,
			lines: [{ productId: ids.water, qty: 1, marks: [water(serial)] }]
		});
		expect(back.status, JSON.stringify(back)).toBe('applied');
		expect(await markOf(org, label(serial))).toMatchObject({
			status: 'returned',
			warehouseId: ids.store
		});

		expect((await one(org, 'sale.create', sale(ids, [water(serial)]))).status).toBe('applied');
		expect(await markOf(org, label(serial))).toMatchObject({ status: 'sold' });
	});

	it('another organization’s identical code is its own', async () => {
		const serial = 'SAME000000001';
		const mine = await setUp(org, [water(serial)]);
		const theirs = await setUp(other, [water(serial)]);
		expect((await one(org, 'sale.create', sale(mine, [water(serial)]))).status).toBe('applied');
		// Sold in one organization, still sellable (and unseen) in the other.
		expect(await markOf(other, label(serial))).toMatchObject({ status: 'received' });
		expect((await one(other, 'sale.create', sale(theirs, [water(serial)]))).status).toBe('applied');
		expect(await markOf(org, label(serial))).toMatchObject({ productId: mine.water });
	});

	it('refuses missing, malformed, foreign, expired and repeated codes, naming line and code', async () => {
		const ids = await setUp(org, [water('R000000000001'), water('R000000000002')]);
		const cases: [string[], number, string, string][] = [
			[[water('R000000000001')], 2, 'lines.0.marks', 'marks_missing'],
			[['4780000000014'], 1, 'lines.0.marks.0', 'mark_malformed'],
			[[`01${OTHER_GTIN}21R000000000001${GS}93abcd`], 1, 'lines.0.marks.0', 'mark_wrong_product'],
			[[water('R000000000003', '17240131')], 1, 'lines.0.marks.0', 'mark_expired'],
			[[water('R000000000001'), water('R000000000001')], 2, 'lines.0.marks.1', 'mark_already_sold']
		];
		for (const [marks, qty, field, code] of cases) {
			const r = await one(org, 'sale.create', sale(ids, marks, qty));
			expect(r.status, code).toBe('rejected');
			expect(r.error.fields[field]?.code, JSON.stringify(r.error.fields)).toBe(code);
		}
		// A marked product's line without codes at all.
		const bare = await one(org, 'sale.create', {
			...sale(ids, [], 1),
			lines: [{ productId: ids.water, qty: 1 }]
		});
		expect(bare.error.fields['lines.0.marks'].code).toBe('marks_missing');
		// Nothing was written: both codes are still in stock.
		expect(await markOf(org, label('R000000000001'))).toMatchObject({ status: 'received' });
	});

	it('under strict control, refuses a code never received; without it, records it as sold', async () => {
		const o = await signupOrg(h);
		const ids = await setUp(o, [water('S000000000001')]);
		expect((await one(o, 'sale.create', sale(ids, [water('S000000000099')]))).status).toBe(
			'applied'
		);
		expect(await markOf(o, label('S000000000099'))).toMatchObject({ status: 'sold' });
		const res = await h.call(
			'PATCH',
			'/api/organization/settings',
			{ strictMarking: true },
			{ token: o.token }
		);
		expect(res.status).toBe(200);
		const r = await one(o, 'sale.create', sale(ids, [water('S000000000098')]));
		expect(r.error.fields['lines.0.marks.0'].code).toBe('mark_not_received');
		expect((await one(o, 'sale.create', sale(ids, [water('S000000000001')]))).status).toBe(
			'applied'
		);
	});

	it('a transfer moves received codes to its destination', async () => {
		const ids = await setUp(org, [water('T000000000001')]);
		const van = uuidv7();
		const transfer = uuidv7();
		expect(
			(await one(org, 'warehouse.upsert', { id: van, name: 'Main 2', kind: 'branch' })).status
		).toBe('applied');
		await one(org, 'document.save', {
			id: transfer,
			type: 'transfer',
			warehouseId: ids.store,
			toWarehouseId: van,
			lines: [{ productId: ids.water, qty: 1, marks: [water('T000000000001')] }]
		});
		expect((await one(org, 'document.post', { id: transfer })).status).toBe('applied');
		expect(await markOf(org, label('T000000000001'))).toMatchObject({
			status: 'received',
			warehouseId: van,
			documentId: transfer
		});
	});
});
