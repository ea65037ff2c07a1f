import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../domain/errors';
import { MUTATIONS } from '../../domain/sync/registry';
import { createHarness, employee, signupOrg, type Harness } from '../testing/harness';
import { mutation, pullAll, push } from './testing';
import { argsHash } from './push';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';

let h: Harness;
let org: Awaited<ReturnType<typeof signupOrg>>;
let other: Awaited<ReturnType<typeof signupOrg>>;

beforeAll(async () => {
	h = await createHarness();
	org = await signupOrg(h);
	other = await signupOrg(h);
});
afterAll(() => h.close());

describe('push', () => {
	it('hashes args as records stored by earlier releases did, whatever the key order', () => {
		const args = { productId: '0190c1de-0000-7000-8000-000000000001', price: 1250, note: 'чай' };
		// Earlier releases stored hex SHA-256 (pure JS) of the sorted-key JSON of [name, v, args].
		const stored = encodeHexLowerCase(
			sha256(
				new TextEncoder().encode(
					'["price.set",1,{"note":"чай","price":1250,"productId":"0190c1de-0000-7000-8000-000000000001"}]'
				)
			)
		);
		expect(argsHash({ name: 'price.set', args })).toBe(stored);
		expect(
			argsHash({
				name: 'price.set',
				v: 1,
				args: { price: 1250, note: 'чай', productId: args.productId }
			})
		).toBe(stored);
		expect(argsHash({ name: 'price.set', v: 2, args })).not.toBe(stored);
	});

	it('refuses to hash args nested past the JSON depth limit instead of running out of stack', () => {
		let args: unknown = {};
		for (let i = 0; i < 100_000; i++) args = { a: args };
		expect(() => argsHash({ name: 'category.upsert', args })).toThrow(AppError);
	});

	it('applies every kind of mutation and the pull returns the rows', async () => {
		const category = uuidv7();
		const product = uuidv7();
		const customer = uuidv7();
		const point = uuidv7();
		const res = await push(h, org.token, [
			mutation('category.upsert', { id: category, name: 'Drinks' }),
			mutation('product.upsert', {
				id: product,
				sku: 'T-1',
				name: 'Tea',
				unit: 'pcs',
				categoryId: category,
				barcodes: ['4780000000011']
			}),
			mutation('price.set', { productId: product, price: 1_250_000 }),
			mutation('counterparty.upsert', { id: customer, name: 'Navruz LLC', taxId: '301234567' }),
			mutation('tradePoint.upsert', {
				id: point,
				name: 'Kiosk 7',
				counterpartyId: customer,
				channel: 'kiosk',
				location: { lat: 41.31, lng: 69.28, source: 'gps' }
			}),
			mutation('tradePoint.archive', { id: point })
		]);
		expect(res.status).toBe(200);
		expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(
			Array(6).fill('applied')
		);
		const { state } = await pullAll(h, org.token);
		expect(state.get('products')!.get(product)).toMatchObject({
			sku: 'T-1',
			categoryId: category,
			barcodes: ['4780000000011'],
			active: true
		});
		const [list] = [...state.get('priceLists')!.values()] as { id: string; isDefault: boolean }[];
		expect(list!.isDefault).toBe(true);
		expect(state.get('prices')!.get(`${list!.id}:${product}`)).toMatchObject({ price: 1_250_000 });
		expect(state.get('tradePoints')!.get(point)).toMatchObject({
			name: 'Kiosk 7',
			branchId: org.branchId,
			lat: 41.31,
			locationSource: 'gps',
			archived: true,
			channel: 'kiosk'
		});
		expect(state.get('counterparties')!.get(customer)).toMatchObject({
			name: 'Navruz LLC',
			taxId: '301234567',
			kind: 'customer'
		});
	});

	it('answers a repeat with the first result and changes nothing', async () => {
		const m = mutation('category.upsert', { id: uuidv7(), name: 'Once' });
		const first = await push(h, org.token, [m]);
		const before = await h.tableCounts();
		const again = await push(h, org.token, [m, m]);
		expect(again.body.results).toEqual([
			{ id: m.id, status: 'duplicate', result: first.body.results[0].result },
			{ id: m.id, status: 'duplicate', result: first.body.results[0].result }
		]);
		expect(await h.tableCounts()).toEqual(before);
	});

	it('decides two edits of one record by arrival, never by the devices’ clocks', async () => {
		const id = uuidv7();
		await push(h, org.token, [mutation('category.upsert', { id, name: 'Original' })]);
		const { state: before } = await pullAll(h, org.token);
		const v0 = (before.get('categories')!.get(id) as { version: number }).version;
		// A device whose clock runs a day fast sends first; one a day slow sends second.
		const fast = { ...mutation('category.upsert', { id, name: 'Fast clock' }) };
		const slow = { ...mutation('category.upsert', { id, name: 'Slow clock' }) };
		fast.createdAt = Date.now() + 86_400_000;
		slow.createdAt = Date.now() - 86_400_000;
		await push(h, org.token, [fast], 'device-fast');
		await push(h, org.token, [slow], 'device-slow');
		const row = (await pullAll(h, org.token)).state.get('categories')!.get(id) as {
			name: string;
			version: number;
		};
		expect(row.name).toBe('Slow clock');
		expect(row.version).toBeGreaterThan(v0);
	});

	it('refuses the same id with other args, and writes nothing', async () => {
		const m = mutation('category.upsert', { id: uuidv7(), name: 'First' });
		await push(h, org.token, [m]);
		const before = await h.tableCounts();
		const res = await push(h, org.token, [
			{ ...m, args: { ...(m.args as object), name: 'Second' } }
		]);
		expect(res.body.results[0]).toMatchObject({
			status: 'rejected',
			error: { code: 'idempotency_conflict' }
		});
		expect(await h.tableCounts()).toEqual(before);
	});

	it('refuses bad mutations one by one without stopping the batch', async () => {
		const rep = await employee(h, org.token, 'rep', org.branchId);
		const good = uuidv7();
		const batch = [
			mutation('nope.doIt', {}),
			mutation('tradePoint.upsert', { id: 'bad', name: '' }),
			mutation('price.set', { productId: uuidv7(), price: 100 }),
			mutation('tradePoint.upsert', { id: good, name: 'Still applied' })
		];
		const res = await push(h, org.token, batch);
		expect(
			res.body.results.map(
				(r: { status: string; error?: { code: string } }) => r.error?.code ?? r.status
			)
		).toEqual(['unknown_mutation', 'validation', 'not_found', 'applied']);
		expect(res.body.results[1].error.fields).toMatchObject({
			id: { code: 'format' },
			name: { code: 'required' }
		});
		expect(res.body.results[2].error.fields).toMatchObject({
			productId: { code: 'not_found', message: 'Not found' }
		});
		const repTry = await push(h, rep.token, [
			mutation('product.upsert', { id: uuidv7(), sku: 'R', name: 'R', unit: 'pcs' })
		]);
		expect(repTry.body.results[0].error.code).toBe('forbidden');
	});

	it("never overwrites another organization's row: the same id is the caller's own record", async () => {
		const theirs = uuidv7();
		await push(h, other.token, [mutation('tradePoint.upsert', { id: theirs, name: 'Theirs' })]);
		// Archiving an id the caller does not have is `not_found`, whoever else has it.
		const missing = await push(h, org.token, [mutation('tradePoint.archive', { id: theirs })]);
		expect(missing.body.results[0].error.code).toBe('not_found');
		const res = await push(h, org.token, [
			mutation('tradePoint.upsert', { id: theirs, name: 'Ours' }),
			mutation('tradePoint.archive', { id: theirs })
		]);
		expect(res.body.results.map((r: { status: string }) => r.status)).toEqual([
			'applied',
			'applied'
		]);
		expect((await pullAll(h, other.token)).state.get('tradePoints')!.get(theirs)).toMatchObject({
			name: 'Theirs',
			archived: false
		});
		expect((await pullAll(h, org.token)).state.get('tradePoints')!.get(theirs)).toMatchObject({
			name: 'Ours',
			archived: true
		});
	});

	it('refuses a second product with the same SKU, naming the field', async () => {
		await push(h, org.token, [
			mutation('product.upsert', { id: uuidv7(), sku: 'DUP-1', name: 'A', unit: 'pcs' })
		]);
		const res = await push(h, org.token, [
			mutation('product.upsert', { id: uuidv7(), sku: 'DUP-1', name: 'B', unit: 'pcs' })
		]);
		expect(res.body.results[0].error).toMatchObject({
			code: 'conflict',
			fields: { sku: { code: expect.any(String) } }
		});
	});

	it('asks a device that is too old to update, and accepts the previous args version', async () => {
		const def = MUTATIONS['category.upsert'] as {
			version: number;
			upgradePrevious?: (a: unknown) => unknown;
		};
		const saved = { version: def.version, upgradePrevious: def.upgradePrevious };
		try {
			def.version = 3;
			def.upgradePrevious = (a) => {
				const { title, ...rest } = a as { title: string };
				return { ...rest, name: title };
			};
			const old = await push(h, org.token, [
				{ ...mutation('category.upsert', { id: uuidv7(), name: 'x' }), v: 1 }
			]);
			expect(old.body.results[0].error.code).toBe('update_required');
			const id = uuidv7();
			const previous = await push(h, org.token, [
				{ ...mutation('category.upsert', { id, title: 'Old shape' }), v: 2 }
			]);
			expect(previous.body.results[0].status).toBe('applied');
			expect((await pullAll(h, org.token)).state.get('categories')!.get(id)).toMatchObject({
				name: 'Old shape'
			});
		} finally {
			Object.assign(def, saved);
		}
	});
});
