/**
 * The `marks` download is bounded (issue 18): a device is sent the codes of the warehouses its
 * stock covers, and of those sold only the ones sold within `MARKS_SOLD_WINDOW_DAYS`, so a
 * double sale is still refused at the scan offline while years of sold codes stay on the server.
 */
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { GS } from '../../domain/marking/gs1';
import {
	MARKS_SOLD_WINDOW_DAYS,
	markProblem,
	readMark,
	type ReadMark
} from '../../domain/marking/state';
import { createHarness, employee, signupOrg, type Harness } from '../testing/harness';
import { mutation, pullAll, push } from './testing';

let h: Harness;
let org: Awaited<ReturnType<typeof signupOrg>>;
let rep: Awaited<ReturnType<typeof employee>>;

const GTIN = '04780000000045';
const code = (serial: string) => `01${GTIN}21${serial}${GS}93a1B2`;
const label = (serial: string) => `01${GTIN}21${serial}`;

beforeAll(async () => {
	h = await createHarness();
	org = await signupOrg(h);
	rep = await employee(h, org.token, 'rep', org.branchId);
});
afterAll(() => {
	vi.useRealTimers();
	h.close();
});

const applied = async (token: string, name: string, args: unknown) => {
	const res = await push(h, token, [mutation(name, args)]);
	expect(res.status).toBe(200);
	const r = res.body.results[0];
	expect(r.status, `${name} ${JSON.stringify(r)}`).toBe('applied');
	return r;
};

describe('the marks download', () => {
	it("carries the van's codes and recent sales, not another warehouse's codes or old sales", async () => {
		const store = uuidv7();
		const van = uuidv7();
		const water = uuidv7();
		await applied(org.token, 'warehouse.upsert', { id: store, name: 'Store', kind: 'branch' });
		await applied(org.token, 'warehouse.upsert', {
			id: van,
			name: 'Van',
			kind: 'van',
			ownerId: rep.id
		});
		await applied(org.token, 'product.upsert', {
			id: water,
			sku: 'DL-W',
			name: 'Water',
			unit: 'pcs',
			gtin: GTIN,
			marking: 'water'
		});
		await applied(org.token, 'price.set', { productId: water, price: 3_500 });
		const receive = async (warehouseId: string, serials: string[]) => {
			const id = uuidv7();
			await applied(org.token, 'document.save', {
				id,
				type: 'receipt',
				warehouseId,
				lines: [{ productId: water, qty: serials.length, marks: serials.map(code) }]
			});
			await applied(org.token, 'document.post', { id });
		};
		await receive(store, ['DLSTORE000001']);
		await receive(van, ['DLVAN00000001', 'DLVAN00000002', 'DLVAN00000003']);
		const sell = (serial: string) =>
			applied(rep.token, 'sale.create', {
				id: uuidv7(),
				warehouseId: van,
				lines: [{ productId: water, qty: 1, marks: [code(serial)] }],
				payments: [{ method: 'cash', amount: 3_500 }]
			});
		// One sold past the window (the server's clock set back), one sold today.
		vi.useFakeTimers({ toFake: ['Date'] });
		vi.setSystemTime(Date.now() - (MARKS_SOLD_WINDOW_DAYS + 10) * 86_400_000);
		await sell('DLVAN00000001');
		vi.useRealTimers();
		await sell('DLVAN00000002');

		const marks = (await pullAll(h, rep.token)).state.get('marks')!;
		expect([...marks.keys()].sort()).toEqual([label('DLVAN00000002'), label('DLVAN00000003')]);
		expect(marks.get(label('DLVAN00000002'))).toMatchObject({ status: 'sold' });

		// The rep's device, offline, refuses the recent sale's code at the scan ...
		const read: ReadMark = readMark(code('DLVAN00000002'));
		expect(
			markProblem(
				read,
				marks.get(label('DLVAN00000002')) as never,
				{ id: water, gtin: GTIN },
				{
					day: '2026-11-30',
					strict: false
				}
			)?.code
		).toBe('mark_already_sold');
		// ... and the server still refuses the old one it no longer sends.
		const res = await push(h, rep.token, [
			mutation('sale.create', {
				id: uuidv7(),
				warehouseId: van,
				lines: [{ productId: water, qty: 1, marks: [code('DLVAN00000001')] }],
				payments: [{ method: 'cash', amount: 3_500 }]
			})
		]);
		expect(res.body.results[0].error.fields['lines.0.marks.0'].code).toBe('mark_already_sold');
	});
});
