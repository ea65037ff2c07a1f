/**
 * The tax catalog's fields on a product (issue 18 item 1): IKPU, package code, VAT, GTIN and the
 * marking group, through product.upsert, the pull, the catalog CSV import and its export.
 */
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvRecords } from '../../domain/csv';
import { createHarness, signupOrg, type Harness } from '../testing/harness';
import { mutation, pullAll, push } from './testing';

let h: Harness;
let org: Awaited<ReturnType<typeof signupOrg>>;
let other: Awaited<ReturnType<typeof signupOrg>>;

const IKPU = '02202001001000000';
const GTIN = '4780000000014';

const upsert = async (token: string, args: Record<string, unknown>) => {
	const res = await push(h, token, [mutation('product.upsert', args)]);
	expect(res.status).toBe(200);
	return res.body.results[0];
};

const product = (over: Record<string, unknown> = {}) => ({
	id: uuidv7(),
	sku: `W-${uuidv7().slice(-8)}`,
	name: 'Water 0.5 l',
	unit: 'pcs',
	...over
});

async function upload(token: string, body: string, query = '') {
	const res = await h.api.request(`http://localhost/api/stock/import${query}`, {
		method: 'POST',
		headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
		body
	});
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	return { status: res.status, body: (await res.json()) as any };
}

beforeAll(async () => {
	h = await createHarness();
	org = await signupOrg(h);
	other = await signupOrg(h);
});
afterAll(() => h.close());

describe('product.upsert tax and marking fields', () => {
	it('stores them, pulls them under the same names, keeps what is left out, clears with null', async () => {
		const p = product({
			ikpu: IKPU,
			packageCode: '1209779',
			vatRate: 12,
			gtin: GTIN,
			marking: 'water'
		});
		expect((await upsert(org.token, p)).status).toBe('applied');
		const pulled = (await pullAll(h, org.token)).state.get('products')!.get(p.id);
		expect(pulled).toMatchObject({
			ikpu: IKPU,
			packageCode: '1209779',
			vatRate: 12,
			gtin: GTIN,
			marking: 'water'
		});

		// A rename that names none of them leaves them; null clears one.
		const renamed = { id: p.id, sku: p.sku, name: 'Water 0.5 l still', unit: 'pcs' };
		expect((await upsert(org.token, { ...renamed, marking: null })).status).toBe('applied');
		const after = (await pullAll(h, org.token)).state.get('products')!.get(p.id);
		expect(after).toMatchObject({
			name: 'Water 0.5 l still',
			ikpu: IKPU,
			vatRate: 12,
			gtin: GTIN,
			marking: null
		});
	});

	it('a product without them pulls them as null', async () => {
		const p = product();
		await upsert(org.token, p);
		expect((await pullAll(h, org.token)).state.get('products')!.get(p.id)).toMatchObject({
			ikpu: null,
			packageCode: null,
			vatRate: null,
			gtin: null,
			marking: null
		});
	});

	it('refuses a malformed IKPU, a GTIN with a wrong check digit, a fractional VAT, an unknown group', async () => {
		const cases: [Record<string, unknown>, string, string][] = [
			[{ ikpu: '0220200100100000' }, 'ikpu', 'digits'],
			[{ ikpu: '0220200100100000X' }, 'ikpu', 'digits'],
			[{ gtin: '4780000000015' }, 'gtin', 'check_digit'],
			[{ gtin: '478000000001' }, 'gtin', 'check_digit'],
			[{ gtin: '47800000000' }, 'gtin', 'digits'],
			[{ packageCode: '12-97' }, 'packageCode', 'digits'],
			[{ vatRate: 12.5 }, 'vatRate', 'not_integer'],
			[{ vatRate: 101 }, 'vatRate', 'too_big'],
			[{ marking: 'cheese' }, 'marking', 'invalid']
		];
		for (const [fields, field, code] of cases) {
			const p = product(fields);
			const r = await upsert(org.token, p);
			expect(r.status, JSON.stringify(fields)).toBe('rejected');
			expect(r.error.code).toBe('validation');
			expect(r.error.fields[field].code, JSON.stringify(fields)).toBe(code);
			// Nothing written.
			expect((await pullAll(h, org.token)).state.get('products')!.has(p.id)).toBe(false);
		}
	});

	it('accepts GTIN-8, 12, 13 and 14', async () => {
		for (const gtin of ['96385074', '036000291452', GTIN, '04780000000014']) {
			expect((await upsert(org.token, product({ gtin }))).status, gtin).toBe('applied');
		}
	});
});

describe('the catalog CSV carries the tax fields', () => {
	it('imports them, exports them in the import’s format, and refuses bad cells by column', async () => {
		const file = [
			'sku,name,unit,price,ikpu,package_code,vat,gtin,marking',
			`AQ-05,Aqua 0.5 l,pcs,3500,${IKPU},1209779,12%,${GTIN},water`,
			'BR-05,Beer 0.5 l,pcs,9000,,,,,beer'
		].join('\n');
		const done = await upload(org.token, file);
		expect(done.status, JSON.stringify(done.body)).toBe(200);
		const exported = await h.call('GET', '/api/stock/products.csv', undefined, {
			token: org.token
		});
		expect(exported.status).toBe(200);
		expect(exported.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		const records = csvRecords(String(exported.body).replace(/^\uFEFF/, ''), ',').records;
		expect(records[0]).toEqual([
			'sku',
			'name',
			'unit',
			'barcodes',
			'category',
			'price',
			'ikpu',
			'package_code',
			'vat',
			'gtin',
			'marking'
		]);
		const row = (sku: string) => records.find((r) => r[0] === sku);
		expect(row('AQ-05')).toEqual([
			'AQ-05',
			'Aqua 0.5 l',
			'pcs',
			'',
			'',
			'3500.00',
			IKPU,
			'1209779',
			'12',
			GTIN,
			'water'
		]);
		expect(row('BR-05')!.slice(6)).toEqual(['', '', '', '', 'beer']);
		// Another organization's export holds none of it.
		const theirs = await h.call('GET', '/api/stock/products.csv', undefined, {
			token: other.token
		});
		expect(String(theirs.body)).not.toContain('AQ-05');

		// The exported file imports back unchanged; `none` clears a group.
		const again = await upload(
			org.token,
			['sku,name,unit,marking', 'BR-05,Beer 0.5 l,pcs,none'].join('\n')
		);
		expect(again.status).toBe(200);
		const state = (await pullAll(h, org.token)).state.get('products')!;
		const beer = [...state.values()].find((p) => (p as { sku: string }).sku === 'BR-05');
		expect(beer).toMatchObject({ marking: null });

		const bad = await upload(
			org.token,
			['sku,name,unit,ikpu,vat,gtin,marking', 'X-1,Bad,pcs,123,12.5,4780000000015,cheese'].join(
				'\n'
			),
			'?dryRun=1'
		);
		expect(bad.status).toBe(200);
		expect(bad.body.errors.map((e: { field: string; code: string }) => [e.field, e.code])).toEqual([
			['vat', 'bad_vat'],
			['marking', 'unknown_marking'],
			['ikpu', 'digits'],
			['gtin', 'check_digit']
		]);
	});
});
