/**
 * `mark.registerPack` (issue 18): a transport (SSCC) or group code's contents, registered from a
 * supplier's list, so that receiving and selling by the pack's code unpack into its units; each
 * unit checked (well formed, a marked product's GTIN, not sold, not in another pack), and each
 * organization's codes its own.
 */
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gs1CheckDigit } from '../../domain/marking/check-digit';
import { GS } from '../../domain/marking/gs1';
import { createHarness, signupOrg, type Harness } from '../testing/harness';
import { mutation, pullAll, push } from './testing';

let h: Harness;
type Org = Awaited<ReturnType<typeof signupOrg>>;

const GTIN = '04780000000014';
const OTHER_GTIN = '04781234567892';
const unit = (serial: string, gtin = GTIN) => `01${gtin}21${serial}${GS}93a1B2`;
const label = (serial: string) => `01${GTIN}21${serial}`;
/** A transport code: `00` + an 18-digit SSCC with its check digit. */
const sscc = (body17: string) => `00${body17}${gs1CheckDigit(body17)}`;

const one = async (o: Org, name: string, args: unknown) => {
	const res = await push(h, o.token, [mutation(name, args)]);
	expect(res.status).toBe(200);
	return res.body.results[0];
};
const applied = async (o: Org, name: string, args: unknown) => {
	const r = await one(o, name, args);
	expect(r.status, `${name} ${JSON.stringify(r)}`).toBe('applied');
	return r;
};

const made = new Map<Org, { store: string; water: string }>();
/** The organization's store and its one marked water product (one product per GTIN). */
async function setUp(o: Org) {
	const kept = made.get(o);
	if (kept) return kept;
	const ids = { store: uuidv7(), water: uuidv7() };
	await applied(o, 'warehouse.upsert', { id: ids.store, name: 'Store', kind: 'branch' });
	await applied(o, 'product.upsert', {
		id: ids.water,
		sku: `AQ-${ids.water}`,
		name: 'Water',
		unit: 'pcs',
		// Stored as 13 digits: the code's GTIN-14 must still find it.
		gtin: GTIN.slice(1),
		marking: 'water'
	});
	await applied(o, 'price.set', { productId: ids.water, price: 3_500 });
	made.set(o, ids);
	return ids;
}

const receive = async (
	o: Org,
	ids: { store: string; water: string },
	marks: string[],
	qty: number
) => {
	const id = uuidv7();
	await applied(o, 'document.save', {
		id,
		type: 'receipt',
		warehouseId: ids.store,
		lines: [{ productId: ids.water, qty, marks }]
	});
	return one(o, 'document.post', { id });
};

let h1: Org;
let h2: Org;
beforeAll(async () => {
	h = await createHarness();
	h1 = await signupOrg(h);
	h2 = await signupOrg(h);
});
afterAll(() => h.close());

describe('a pack registered', () => {
	it('an unknown SSCC is refused; registered, it is received and sold as its units', async () => {
		const ids = await setUp(h1);
		const pallet = sscc('04780000000000001');
		const units = ['P000000000001', 'P000000000002', 'P000000000003'];
		// Before: nobody said what the pallet holds.
		const before = await receive(h1, ids, [pallet], 3);
		expect(before.status).toBe('rejected');
		expect(before.error.fields['lines.0.marks.0'].code).toBe('mark_malformed');

		const reg = await applied(h1, 'mark.registerPack', {
			code: pallet,
			contents: units.map((s) => unit(s))
		});
		expect(reg.result).toEqual({ code: pallet, units: 3 });
		expect((await receive(h1, ids, [pallet], 3)).status).toBe('applied');
		const state = (await pullAll(h, h1.token)).state.get('marks')!;
		for (const s of units) {
			expect(state.get(label(s))).toMatchObject({
				status: 'received',
				warehouseId: ids.store,
				parentId: pallet,
				productId: ids.water
			});
		}

		// Sold whole by its code: three units, each sold once.
		const sale = await one(h1, 'sale.create', {
			id: uuidv7(),
			warehouseId: ids.store,
			lines: [{ productId: ids.water, qty: 3, marks: [pallet] }],
			payments: [{ method: 'cash', amount: 10_500 }]
		});
		expect(sale.status, JSON.stringify(sale)).toBe('applied');
		const sold = (await pullAll(h, h1.token)).state.get('marks')!;
		for (const s of units) expect(sold.get(label(s))).toMatchObject({ status: 'sold' });
		// One of its units again: already sold.
		const again = await one(h1, 'sale.create', {
			id: uuidv7(),
			warehouseId: ids.store,
			lines: [{ productId: ids.water, qty: 1, marks: [unit(units[0]!)] }],
			payments: [{ method: 'cash', amount: 3_500 }]
		});
		expect(again.error.fields['lines.0.marks.0'].code).toBe('mark_already_sold');
		// A pack's count must match the line's quantity.
		const box = sscc('04780000000000002');
		await applied(h1, 'mark.registerPack', {
			code: box,
			contents: [unit('Q000000000001'), unit('Q000000000002')]
		});
		const short = await one(h1, 'sale.create', {
			id: uuidv7(),
			warehouseId: ids.store,
			lines: [{ productId: ids.water, qty: 3, marks: [box] }],
			payments: [{ method: 'cash', amount: 10_500 }]
		});
		expect(short.error.fields['lines.0.marks']).toMatchObject({
			code: 'marks_missing',
			params: { count: 2, qty: 3 }
		});
	});

	it('a pallet of registered boxes unpacks through both levels', async () => {
		const ids = await setUp(h1);
		const boxA = sscc('04780000000000011');
		const boxB = sscc('04780000000000012');
		const pallet = sscc('04780000000000013');
		await applied(h1, 'mark.registerPack', { code: boxA, contents: [unit('N000000000001')] });
		await applied(h1, 'mark.registerPack', {
			code: boxB,
			contents: [unit('N000000000002'), unit('N000000000003')]
		});
		await applied(h1, 'mark.registerPack', { code: pallet, contents: [boxA, boxB] });
		const got = await receive(h1, ids, [pallet], 3);
		expect(got.status, JSON.stringify(got)).toBe('applied');
		const state = (await pullAll(h, h1.token)).state.get('marks')!;
		expect(state.get(label('N000000000003'))).toMatchObject({
			status: 'received',
			warehouseId: ids.store,
			parentId: boxB
		});
	});

	it('refuses bad contents, naming each, and writes nothing', async () => {
		const ids = await setUp(h1);
		const first = sscc('04780000000000021');
		await applied(h1, 'mark.registerPack', { code: first, contents: [unit('B000000000001')] });
		// A sold unit.
		await applied(h1, 'sale.create', {
			id: uuidv7(),
			warehouseId: ids.store,
			lines: [{ productId: ids.water, qty: 1, marks: [unit('B000000000009')] }],
			payments: [{ method: 'cash', amount: 3_500 }]
		});
		const pack = sscc('04780000000000022');
		const r = await one(h1, 'mark.registerPack', {
			code: pack,
			contents: [
				'not a code',
				unit('B000000000001'),
				unit('B000000000002', OTHER_GTIN),
				unit('B000000000009'),
				unit('B000000000003'),
				unit('B000000000003'),
				sscc('04780000000000029')
			]
		});
		expect(r.status).toBe('rejected');
		expect(r.error.code).toBe('validation');
		const codes = Object.fromEntries(
			Object.entries(r.error.fields as Record<string, { code: string }>).map(([k, v]) => [
				k,
				v.code
			])
		);
		expect(codes).toEqual({
			'contents.0': 'mark_malformed',
			'contents.1': 'mark_in_other_pack',
			'contents.2': 'mark_wrong_product',
			'contents.3': 'mark_already_sold',
			'contents.5': 'duplicate',
			'contents.6': 'mark_malformed'
		});
		const state = (await pullAll(h, h1.token)).state.get('marks')!;
		expect(state.get(label('B000000000003'))).toBeUndefined();
		const bad = await one(h1, 'mark.registerPack', { code: 'nonsense', contents: [unit('B1')] });
		expect(bad.error.fields.code.code).toBe('mark_malformed');
	});

	it("another organization's pack and units are its own", async () => {
		const ids = await setUp(h2);
		const pack = sscc('04780000000000031');
		await applied(h1, 'mark.registerPack', { code: pack, contents: [unit('W000000000001')] });
		// In the second organization, the same SSCC is still unknown ...
		const r = await receive(h2, ids, [pack], 1);
		expect(r.error.fields['lines.0.marks.0'].code).toBe('mark_malformed');
		// ... and it may register the same unit in a pack of its own.
		await applied(h2, 'mark.registerPack', {
			code: sscc('04780000000000032'),
			contents: [unit('W000000000001')]
		});
		// A product the other organization has does not count as this one's.
		const none = await one(h2, 'mark.registerPack', {
			code: sscc('04780000000000033'),
			contents: [unit('W000000000009', OTHER_GTIN)]
		});
		expect(none.error.fields['contents.0'].code).toBe('mark_wrong_product');
	});
});
