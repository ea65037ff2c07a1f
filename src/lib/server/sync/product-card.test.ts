/**
 * A product's photo, pack size (issue 15 item 1) and properties (issue 16: 1C's Свойства):
 * product.upsert takes `photoId`, `packSize` and `attributes`, the pull carries them under the
 * same names, what an edit leaves out stays (so the CSV import, which names none, keeps them), a
 * list of properties given replaces the old one, and bad values are refused with nothing written.
 */
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ATTRIBUTES } from '$lib/domain/catalog/schemas';
import { createHarness, signupOrg, type Harness } from '../testing/harness';
import { mutation, pullAll, push } from './testing';

let h: Harness;
let org: Awaited<ReturnType<typeof signupOrg>>;

const upsert = async (args: Record<string, unknown>) => {
	const res = await push(h, org.token, [mutation('product.upsert', args)]);
	expect(res.status).toBe(200);
	return res.body.results[0];
};
const pulled = async (id: string) =>
	(await pullAll(h, org.token)).state.get('products')!.get(id) as Record<string, unknown>;

const product = (over: Record<string, unknown> = {}) => ({
	id: uuidv7(),
	sku: `PK-${uuidv7().slice(-8)}`,
	name: 'Cola 1 l',
	unit: 'pcs',
	...over
});

beforeAll(async () => {
	h = await createHarness();
	org = await signupOrg(h);
});
afterAll(() => h.close());

describe('product.upsert photo and pack size', () => {
	it('stores and pulls them, keeps them through an edit and a CSV import that name neither, clears with null', async () => {
		const photoId = uuidv7();
		const p = product({ photoId, packSize: 12 });
		expect((await upsert(p)).status).toBe('applied');
		expect(await pulled(p.id)).toMatchObject({ photoId, packSize: 12 });

		expect((await upsert({ id: p.id, sku: p.sku, name: 'Cola 1 l PET', unit: 'pcs' })).status).toBe(
			'applied'
		);
		expect(await pulled(p.id)).toMatchObject({ name: 'Cola 1 l PET', photoId, packSize: 12 });

		const csv = await h.api.request('http://localhost/api/stock/import', {
			method: 'POST',
			headers: { authorization: `Bearer ${org.token}`, 'content-type': 'text/csv' },
			body: ['sku,name,unit,price', `${p.sku},Cola 1 l glass,pcs,7000`].join('\n')
		});
		expect(csv.status).toBe(200);
		expect(await pulled(p.id)).toMatchObject({ name: 'Cola 1 l glass', photoId, packSize: 12 });

		await upsert({
			id: p.id,
			sku: p.sku,
			name: 'Cola 1 l',
			unit: 'pcs',
			photoId: null,
			packSize: null
		});
		expect(await pulled(p.id)).toMatchObject({ photoId: null, packSize: null });
	});

	it('takes a weighed product’s pack in thousandths (a 0.25 kg bag)', async () => {
		const p = product({ unit: 'kg', packSize: 0.25 });
		expect((await upsert(p)).status).toBe('applied');
		expect(await pulled(p.id)).toMatchObject({ packSize: 0.25 });
	});

	it('refuses a fractional pack of pieces, a pack of nothing, four decimals and a malformed photo id', async () => {
		const cases: [Record<string, unknown>, string, string][] = [
			[{ packSize: 12.5 }, 'packSize', 'whole_only'],
			[{ packSize: 0 }, 'packSize', 'not_positive'],
			[{ packSize: -6 }, 'packSize', 'not_positive'],
			[{ unit: 'kg', packSize: 0.0005 }, 'packSize', 'too_many_decimals'],
			[{ packSize: '12' }, 'packSize', 'invalid'],
			[{ photoId: '../etc/passwd' }, 'photoId', 'format'],
			[{ photoId: 'x'.repeat(65) }, 'photoId', 'format']
		];
		for (const [fields, field, code] of cases) {
			const p = product(fields);
			const r = await upsert(p);
			expect(r.status, JSON.stringify(fields)).toBe('rejected');
			expect(r.error.code).toBe('validation');
			expect(r.error.fields[field].code, JSON.stringify(fields)).toBe(code);
			expect((await pullAll(h, org.token)).state.get('products')!.has(p.id)).toBe(false);
		}
	});
});

describe('product.upsert attributes', () => {
	it('stores and pulls them, keeps them through an edit and a CSV import, replaces them whole', async () => {
		const attributes = { Производитель: 'Toshkent choy', 'Вид чая': 'Зелёный' };
		const p = product({ attributes });
		expect((await upsert(p)).status).toBe('applied');
		expect((await pulled(p.id)).attributes).toEqual(attributes);

		expect((await upsert({ id: p.id, sku: p.sku, name: 'Чай 100 г', unit: 'pcs' })).status).toBe(
			'applied'
		);
		expect(await pulled(p.id)).toMatchObject({ name: 'Чай 100 г', attributes });

		const csv = await h.api.request('http://localhost/api/stock/import', {
			method: 'POST',
			headers: { authorization: `Bearer ${org.token}`, 'content-type': 'text/csv' },
			body: ['sku,name,unit,price', `${p.sku},Чай 250 г,pcs,9000`].join('\n')
		});
		expect(csv.status).toBe(200);
		expect(await pulled(p.id)).toMatchObject({ name: 'Чай 250 г', attributes });

		await upsert({ ...p, attributes: { Производитель: 'Samarqand choy' } });
		expect((await pulled(p.id)).attributes).toEqual({ Производитель: 'Samarqand choy' });
		await upsert({ ...p, attributes: {} });
		expect((await pulled(p.id)).attributes).toEqual({});
	});

	it('pulls a product made before properties existed with none', async () => {
		const p = product();
		await upsert(p);
		expect((await pulled(p.id)).attributes).toEqual({});
	});

	it('refuses an empty value, a long name, too many and a value that is not text', async () => {
		const many = Object.fromEntries(
			Array.from({ length: MAX_ATTRIBUTES + 1 }, (_, i) => [`p${i}`, 'x'])
		);
		const cases: [Record<string, unknown>, string, string][] = [
			[{ Бренд: '  ' }, 'attributes.Бренд', 'required'],
			[{ Бренд: 'x'.repeat(501) }, 'attributes.Бренд', 'too_long'],
			[{ ['x'.repeat(101)]: 'y' }, `attributes.${'x'.repeat(101)}`, 'too_long'],
			[many, 'attributes', 'too_big'],
			[{ Бренд: 5 }, 'attributes.Бренд', 'invalid']
		];
		for (const [attributes, field, code] of cases) {
			const p = product({ attributes });
			const r = await upsert(p);
			expect(r.status, field).toBe('rejected');
			expect(r.error.code).toBe('validation');
			expect(r.error.fields[field]?.code, `${field}: ${JSON.stringify(r.error.fields)}`).toBe(code);
			expect((await pullAll(h, org.token)).state.get('products')!.has(p.id)).toBe(false);
		}
	});
});
