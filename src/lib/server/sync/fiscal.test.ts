import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNED_STAMP } from '../../domain/fiscal/testing';
import { createHarness, signupOrg, type Harness } from '../testing/harness';
import { mutation, push } from './testing';

let h: Harness;
let org: Awaited<ReturnType<typeof signupOrg>>;
let other: Awaited<ReturnType<typeof signupOrg>>;
const sale = uuidv7();

const stamp = { ...SIGNED_STAMP, state: 'queued' };

async function fiscalize(token: string, args: unknown) {
	const res = await push(h, token, [mutation('receipt.fiscalize', args)]);
	return res.body.results[0] as { status: string; error?: { code: string; fields?: object } };
}

async function pulledFiscal() {
	const res = await h.call('GET', '/api/sync/pull?limit=5000', undefined, { token: org.token });
	const row = res.body.changes.find(
		(c: { table: string; row: { id: string } }) => c.table === 'receipts' && c.row.id === sale
	)?.row;
	return row?.fiscal;
}

beforeAll(async () => {
	h = await createHarness();
	org = await signupOrg(h);
	other = await signupOrg(h);
	const warehouse = uuidv7();
	const product = uuidv7();
	const res = await push(h, org.token, [
		mutation('warehouse.upsert', {
			id: warehouse,
			name: 'Till',
			kind: 'branch',
			branchId: org.branchId
		}),
		mutation('product.upsert', { id: product, sku: 'W', name: 'Water', unit: 'pcs' }),
		mutation('price.set', { productId: product, price: 100_000 }),
		mutation('sale.create', {
			id: sale,
			warehouseId: warehouse,
			lines: [{ productId: product, qty: 1 }],
			payments: [{ method: 'cash', amount: 100_000 }]
		})
	]);
	expect(res.body.results.every((r: { status: string }) => r.status === 'applied')).toBe(true);
});
afterAll(() => h.close());

describe('receipt.fiscalize', () => {
	it('keeps the register’s stamp on the receipt; queued becomes fiscal; no other signature replaces it', async () => {
		expect(await pulledFiscal()).toBeUndefined();
		expect((await fiscalize(org.token, { receiptId: sale, stamp })).status).toBe('applied');
		expect(await pulledFiscal()).toEqual(stamp);
		const sent = { ...stamp, state: 'fiscal' };
		expect((await fiscalize(org.token, { receiptId: sale, stamp: sent })).status).toBe('applied');
		expect(await pulledFiscal()).toEqual(sent);

		const other = await fiscalize(org.token, {
			receiptId: sale,
			stamp: { ...sent, fiscalSign: '999999999999' }
		});
		expect(other).toMatchObject({ status: 'rejected', error: { code: 'conflict' } });
		const nonfiscal = await fiscalize(org.token, {
			receiptId: sale,
			stamp: { state: 'nonfiscal', register: 'none' }
		});
		expect(nonfiscal.status).toBe('rejected');
		expect(await pulledFiscal()).toEqual(sent);
	});

	it('refuses a stamp that is not the tax operator’s, and another organization’s receipt is missing', async () => {
		const bad = await fiscalize(org.token, {
			receiptId: sale,
			stamp: { ...stamp, qrUrl: 'https://example.com/check?s=1' }
		});
		expect(bad).toMatchObject({ status: 'rejected', error: { code: 'validation' } });
		const short = await fiscalize(org.token, {
			receiptId: sale,
			stamp: { ...stamp, fiscalSign: '123' }
		});
		expect(short.status).toBe('rejected');

		const theirs = await fiscalize(other.token, { receiptId: sale, stamp });
		const none = await fiscalize(other.token, { receiptId: uuidv7(), stamp });
		expect(theirs).toMatchObject({ status: 'rejected', error: { code: 'not_found' } });
		expect(theirs.error).toEqual(none.error);
	});
});
