import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeDidox, type FakeDidox } from '../../../../../tests/fakes/didox-operator';
import { createHarness, signupOrg, type Harness } from '../../testing/harness';
import { mutation, push } from '../../sync/testing';

let h: Harness;
let didox: FakeDidox;
let org: Awaited<ReturnType<typeof signupOrg>>;
let other: Awaited<ReturnType<typeof signupOrg>>;
const sale = uuidv7();
const walkIn = uuidv7();
const water = uuidv7();
const warehouse = uuidv7();
const point = uuidv7();

const seller = {
	tin: '305123456',
	name: 'OOO Toza Suv Distribution',
	vatRegCode: '326060012345',
	account: '20208000900123456001',
	bankId: '00873',
	address: 'Tashkent, Amir Temur 1'
};

beforeAll(async () => {
	didox = await startFakeDidox();
	h = await createHarness({ didoxApiUrl: didox.url });
	org = await signupOrg(h);
	other = await signupOrg(h);
	const shop = uuidv7();
	const res = await push(h, org.token, [
		mutation('warehouse.upsert', {
			id: warehouse,
			name: 'Main',
			kind: 'branch',
			branchId: org.branchId
		}),
		mutation('product.upsert', {
			id: water,
			sku: 'WAT-05',
			name: 'Still water 0.5 l',
			unit: 'pcs',
			ikpu: '02201001001000000',
			packageCode: '1209779',
			vatRate: 12,
			gtin: '4780000054321'
		}),
		mutation('price.set', { productId: water, price: 560_000 }),
		mutation('counterparty.upsert', {
			id: shop,
			name: 'Registon market',
			kind: 'customer',
			taxId: '301987654',
			address: 'Samarkand, Registan 5'
		}),
		mutation('tradePoint.upsert', {
			id: point,
			name: 'Registon market',
			counterpartyId: shop,
			branchId: org.branchId
		}),
		mutation('sale.create', {
			id: sale,
			warehouseId: warehouse,
			tradePointId: point,
			lines: [{ productId: water, qty: 12 }],
			payments: [{ method: 'cash', amount: 6_720_000 }]
		}),
		mutation('sale.create', {
			id: walkIn,
			warehouseId: warehouse,
			tradePointId: null,
			lines: [{ productId: water, qty: 1 }],
			payments: [{ method: 'cash', amount: 560_000 }]
		})
	]);
	expect(
		res.body.results.filter((r: { status: string }) => r.status !== 'applied'),
		JSON.stringify(res.body)
	).toEqual([]);
});
afterAll(async () => {
	await h.close();
	await didox.close();
});

describe('e-invoices', () => {
	it('prepare the ESF of a sale to a company, download it, send it and follow its state', async () => {
		const as = { token: org.token };
		const noSeller = await h.call('POST', '/api/einvoices', { source: 'sale', id: sale }, as);
		expect(noSeller.status).toBe(400);
		expect(noSeller.body.error.fields).toHaveProperty('seller');

		const set = await h.call(
			'PUT',
			'/api/einvoices/settings',
			{ seller, partnerToken: didox.token, userKey: 'user-key-of-the-seller' },
			as
		);
		expect(set.status).toBe(200);
		expect(set.body.settings).toEqual({ seller, hasPartnerToken: true, hasUserKey: true });
		expect(JSON.stringify(set.body)).not.toContain(didox.token);

		const made = await h.call('POST', '/api/einvoices', { source: 'sale', id: sale }, as);
		expect(made.status).toBe(201);
		const einvoice = made.body.einvoice;
		expect(einvoice).toMatchObject({ source: 'sale', sourceId: sale, state: 'draft' });
		// Asked again, the same document (one per sale).
		const again = await h.call('POST', '/api/einvoices', { source: 'sale', id: sale }, as);
		expect(again.body.einvoice.id).toBe(einvoice.id);

		const doc = await h.call('GET', `/api/einvoices/${einvoice.id}/document`, undefined, as);
		expect(doc.status).toBe(200);
		expect(doc.headers.get('content-disposition')).toContain(`esf-${einvoice.number}.json`);
		expect(doc.body).toMatchObject({
			FacturaDoc: { FacturaNo: einvoice.number },
			SellerTin: '305123456',
			BuyerTin: '301987654',
			Buyer: { Name: 'Registon market', Address: 'Samarkand, Registan 5' },
			ProductList: {
				Tin: '305123456',
				HasVat: true,
				Products: [
					{
						OrdNo: 1,
						Name: 'Still water 0.5 l',
						CatalogCode: '02201001001000000',
						PackageCode: '1209779',
						Count: 12,
						Summa: 5000,
						DeliverySum: 60000,
						VatRate: 12,
						VatSum: 7200,
						DeliverySumWithVat: 67200,
						WithoutVat: false
					}
				]
			}
		});

		const sent = await h.call('POST', `/api/einvoices/${einvoice.id}/send`, {}, as);
		expect(sent.status).toBe(200);
		expect(sent.body.einvoice.state).toBe('sent');
		const operatorId = sent.body.einvoice.operatorId as string;
		expect(didox.documents.get(operatorId)).toEqual(doc.body);
		expect(didox.headers[0]).toMatchObject({
			'partner-authorization': didox.token,
			'user-key': 'user-key-of-the-seller'
		});
		const twice = await h.call('POST', `/api/einvoices/${einvoice.id}/send`, {}, as);
		expect(twice.status).toBe(409);

		for (const [status, state] of [
			[1, 'signed'],
			[2, 'accepted']
		] as const) {
			didox.setStatus(operatorId, status);
			const r = await h.call('POST', `/api/einvoices/${einvoice.id}/refresh`, {}, as);
			expect(r.body.einvoice.state).toBe(state);
		}
	});

	it('refuses a sale with no company customer, and another organization’s ids answer as missing', async () => {
		const walk = await h.call(
			'POST',
			'/api/einvoices',
			{ source: 'sale', id: walkIn },
			{ token: org.token }
		);
		expect(walk.status).toBe(400);
		expect(walk.body.error.fields).toHaveProperty('buyer');

		const theirs = await h.call(
			'POST',
			'/api/einvoices',
			{ source: 'sale', id: sale },
			{ token: other.token }
		);
		const made = await h.call(
			'POST',
			'/api/einvoices',
			{ source: 'sale', id: uuidv7() },
			{ token: other.token }
		);
		expect(theirs.status).toBe(404);
		expect(theirs.body).toEqual(made.body);
		const list = await h.call('GET', '/api/einvoices', undefined, { token: other.token });
		expect(list.body.items).toEqual([]);
	});

	it('lists the marking codes a sale of marked water moved, unit by unit, as the operator wants them', async () => {
		const as = { token: org.token };
		const marked = uuidv7();
		const saleOfMarked = uuidv7();
		// (01) GTIN-14, (21) a 13-character serial, GS, (93) a 4-character check: a water unit.
		const code = (serial: string) => `0104780000012345${'21'}${serial}\x1d93AbC1`;
		const res = await push(h, org.token, [
			mutation('product.upsert', {
				id: marked,
				sku: 'WAT-15M',
				name: 'Marked water 1.5 l',
				unit: 'pcs',
				ikpu: '02201001001000000',
				packageCode: '1209779',
				vatRate: 12,
				gtin: '4780000012345',
				marking: 'water'
			}),
			mutation('price.set', { productId: marked, price: 800_000 }),
			mutation('sale.create', {
				id: saleOfMarked,
				warehouseId: warehouse,
				tradePointId: point,
				lines: [
					{ productId: marked, qty: 2, marks: [code('SERIALWATER01'), code('SERIALWATER02')] }
				],
				payments: [{ method: 'cash', amount: 1_600_000 }]
			})
		]);
		expect(res.body.results.map((r: { status: string }) => r.status)).toEqual([
			'applied',
			'applied',
			'applied'
		]);
		const made = await h.call('POST', '/api/einvoices', { source: 'sale', id: saleOfMarked }, as);
		expect(made.status).toBe(201);
		const doc = await h.call(
			'GET',
			`/api/einvoices/${made.body.einvoice.id}/document`,
			undefined,
			as
		);
		expect(doc.body.ProductList.Products[0].Marks).toMatchObject({
			KIZ: ['010478000001234521SERIALWATER01', '010478000001234521SERIALWATER02'],
			NomUpak: [],
			IdentTransUpak: []
		});
	});
});
