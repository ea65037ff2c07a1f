/**
 * Text a device sends must be stored exactly as sent, or refused: a NUL cut a name short and a
 * lone surrogate became U+FFFD while the push answered `applied`, so device and server disagreed.
 */
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, signupOrg, type Harness } from '../testing/harness';
import { mutation, pullAll, push } from './testing';

let h: Harness;
let org: Awaited<ReturnType<typeof signupOrg>>;

beforeAll(async () => {
	h = await createHarness();
	org = await signupOrg(h);
});
afterAll(() => h.close());

describe('text fields over sync push', () => {
	it.each([
		['a NUL byte', 'a\u0000b'],
		['a lone high surrogate', 'Choy \uD83C'],
		['a lone low surrogate', '\uDF75 Choy'],
		['an escape character', 'Choy\u001b[31m'],
		['a C1 control', 'Choy\u0085'],
		['a line break in a name', 'Choy\nqora']
	])('refuses a product name with %s, naming the field, and stores nothing', async (_, name) => {
		const before = await h.tableCounts();
		const res = await push(h, org.token, [
			mutation('product.upsert', { id: uuidv7(), sku: `S-${uuidv7()}`, name, unit: 'pcs' })
		]);
		expect(res.status).toBe(200);
		expect(res.body.results[0]).toMatchObject({
			status: 'rejected',
			error: { code: 'validation', fields: { name: { code: 'control_chars' } } }
		});
		expect(typeof res.body.results[0].error.fields.name.message).toBe('string');
		const after = await h.tableCounts();
		// The refusal itself is recorded (a repeat answers the same); no product is.
		expect(after.products).toBe(before.products);
	});

	it('refuses the same in a multi-line field, where line breaks and tabs are fine', async () => {
		const tradePointId = uuidv7();
		const visit = uuidv7();
		const res = await push(h, org.token, [
			mutation('tradePoint.upsert', { id: tradePointId, name: 'Kiosk' }),
			mutation('visit.checkIn', {
				id: visit,
				tradePointId,
				at: Date.now(),
				location: null
			}),
			mutation('visit.checkOut', {
				id: visit,
				at: Date.now() + 1000,
				outcome: 'no_sale',
				reason: 'closed',
				note: 'Line one\n\tLine two\u0000'
			}),
			mutation('visit.checkOut', {
				id: visit,
				at: Date.now() + 1000,
				outcome: 'no_sale',
				reason: 'closed',
				note: 'Line one\r\n\tLine two'
			})
		]);
		expect(res.body.results.map((r: { status: string }) => r.status)).toEqual([
			'applied',
			'applied',
			'rejected',
			'applied'
		]);
		expect(res.body.results[2].error.fields).toMatchObject({ note: { code: 'control_chars' } });
	});

	it('applies and stores exactly a name with emoji, Cyrillic and Uzbek letters', async () => {
		const id = uuidv7();
		const name = 'Choy o‘g‘it 🍵 Чай «Зелёный» ўғил Қора';
		const res = await push(h, org.token, [
			mutation('product.upsert', { id, sku: `S-${uuidv7()}`, name, unit: 'pcs' })
		]);
		expect(res.body.results[0].status).toBe('applied');
		const { state } = await pullAll(h, org.token);
		expect(state.get('products')!.get(id)).toMatchObject({ name });
	});
});
