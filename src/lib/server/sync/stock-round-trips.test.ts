/**
 * Stock documents, returns and visits cost a constant number of database round trips, whatever
 * their size: a 2,000-line document is read and written in as many statements as a one-line
 * one. Counted on the database client the server uses, as a remote libSQL would see them.
 */
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_DOCUMENT_LINES } from '../../domain/inventory/schemas';
import { createHarness, signupOrg, type Harness } from '../testing/harness';
import { mutation, push } from './testing';

let h: Harness;
let org: Awaited<ReturnType<typeof signupOrg>>;
const warehouse = uuidv7();
const van = uuidv7();
const products = Array.from({ length: MAX_DOCUMENT_LINES }, () => uuidv7());

beforeAll(async () => {
	h = await createHarness();
	org = await signupOrg(h);
	const setup = [
		...products.map((id, i) =>
			mutation('product.upsert', { id, sku: `RT-${i}`, name: `Counted ${i}`, unit: 'pcs' })
		),
		mutation('warehouse.upsert', { id: warehouse, name: 'Main', kind: 'branch' }),
		mutation('warehouse.upsert', { id: van, name: 'Van', kind: 'branch' })
	];
	for (let i = 0; i < setup.length; i += 500) {
		expect((await push(h, org.token, setup.slice(i, i + 500))).status).toBe(200);
	}
}, 120_000);

afterAll(() => h.close());

/**
 * Round trips the server makes to the database while `fn` runs: a batch counts once, and so does
 * each statement of a transaction. Checking the caller's session is not the push's (it is cached
 * for a few seconds, so counting it would count the clock).
 *
 * The client is a Proxy queuing every call (serialized-client.ts); a counter set on it lands on
 * the libSQL client behind, which the Proxy then calls inside its queue: the counter calls the
 * client's own method from its class, never the queued one (that would wait for itself).
 */
async function roundTrips(fn: () => Promise<void>) {
	type Methods = Record<string, (...a: unknown[]) => unknown>;
	let n = 0;
	const isSession = (stmt: unknown) =>
		/from "sessions"/i.test(
			typeof stmt === 'string' ? stmt : ((stmt as { sql?: string }).sql ?? '')
		);
	const wrapped: [Methods, string][] = [];
	const count = (target: object, method: string, counts: (args: unknown[]) => boolean) => {
		const own = Object.getPrototypeOf(target) as Methods;
		(target as Methods)[method] = async function (this: unknown, ...args: unknown[]) {
			if (counts(args)) n++;
			const result = await own[method]!.apply(this, args);
			if (method === 'transaction') {
				count(result as object, 'execute', () => true);
				count(result as object, 'batch', () => true);
			}
			return result;
		};
		wrapped.push([target as Methods, method]);
	};
	const client = h.deps.client;
	count(client, 'execute', (args) => !isSession(args[0]));
	count(client, 'batch', () => true);
	count(client, 'transaction', () => false);
	try {
		await fn();
		return n;
	} finally {
		for (const [target, method] of wrapped) delete target[method];
	}
}

/** A push that must be applied, in full. */
async function applied(mutations: ReturnType<typeof mutation>[]) {
	const res = await push(h, org.token, mutations);
	expect(res.status).toBe(200);
	for (const r of res.body.results)
		expect(r, JSON.stringify(r)).toMatchObject({ status: 'applied' });
	return res.body.results as { result: Record<string, unknown> }[];
}

/** Saves, posts and cancels a document of `n` lines of each type, counting each push. */
async function costOf(n: number) {
	const lines = products.slice(0, n).map((productId) => ({ productId, qty: 3 }));
	const receipt = uuidv7();
	const transfer = uuidv7();
	const stocktake = uuidv7();
	return {
		postReceipt: await roundTrips(async () => {
			await applied([
				mutation('document.save', { id: receipt, type: 'receipt', warehouseId: warehouse, lines }),
				mutation('document.post', { id: receipt })
			]);
		}),
		transferAndCount: await roundTrips(async () => {
			await applied([
				mutation('document.save', {
					id: transfer,
					type: 'transfer',
					warehouseId: warehouse,
					toWarehouseId: van,
					lines: lines.map((l) => ({ ...l, qty: 1 }))
				}),
				mutation('document.post', { id: transfer }),
				mutation('document.save', {
					id: stocktake,
					type: 'stocktake',
					warehouseId: warehouse,
					lines: lines.map((l) => ({ ...l, qty: 5 }))
				}),
				mutation('document.post', { id: stocktake })
			]);
		}),
		cancel: await roundTrips(async () => {
			await applied([
				mutation('document.cancel', { id: stocktake }),
				mutation('document.cancel', { id: transfer })
			]);
		})
	};
}

describe('stock documents on the server', () => {
	it('a 2,000-line document is saved, posted and cancelled in as many round trips as a one-line one', async () => {
		const small = await costOf(1);
		const large = await costOf(MAX_DOCUMENT_LINES);
		expect(large).toEqual(small);
		// One read, one more for the rows the documents name, one write.
		for (const n of Object.values(large)) expect(n).toBeLessThanOrEqual(3);
		const balances = await h.call(
			'GET',
			`/api/stock/balances?warehouseId=${warehouse}`,
			undefined,
			{
				token: org.token
			}
		);
		// Received 3, 1 sent to the van, counted 5 (+3), the count and the transfer cancelled: 3
		// more each round (the first product went through both).
		const qty = new Map(
			(balances.body.items as { productId: string; qty: number }[]).map((i) => [i.productId, i.qty])
		);
		expect(qty.get(products[0]!)).toBe(6);
		expect(qty.get(products[MAX_DOCUMENT_LINES - 1]!)).toBe(3);
	}, 120_000);
});
