/**
 * The 1C exchange end to end: a simulated 1C client runs the protocol against the real API over
 * a real libSQL file, on the real sample files (src/lib/domain/integrations/commerceml/samples).
 */
import { readFileSync } from 'node:fs';
import { and, eq } from 'drizzle-orm';
import { zipSync } from 'fflate';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toMilli, toMinor, unitOf } from '../../../domain/integrations/commerceml/mapping';
import { encodeText } from '../../../domain/integrations/commerceml/orders';
import { readCml, type CmlRecord } from '../../../domain/integrations/commerceml/reader';
import {
	branches,
	categories,
	onecExchanges,
	onecFileParts,
	onecImages,
	prices,
	priceLists,
	products,
	salesOrders,
	stockBalances,
	stockDocuments,
	syncVersions,
	warehouses
} from '../../db/schema';
import { mutation, push } from '../../sync/testing';
import { createHarness, signupOrg, type Harness } from '../../testing/harness';
import { FILE_LIMIT, onecLimits } from '../../integrations/onec';

const sample = (name: string) =>
	new Uint8Array(
		readFileSync(
			new URL(`../../../domain/integrations/commerceml/samples/${name}`, import.meta.url)
		)
	);
const utf8 = (s: string) => new TextEncoder().encode(s);
const of = <K extends CmlRecord['kind']>(records: CmlRecord[], kind: K) =>
	records.filter((r): r is Extract<CmlRecord, { kind: K }> => r.kind === kind);

let h: Harness;

/** 1C as it talks: Basic auth on checkauth, then the cookie it was given. */
class OneC {
	cookie = '';
	constructor(
		readonly token: string,
		readonly type: 'catalog' | 'sale' = 'catalog'
	) {}

	async call(mode: string, extra: Record<string, string> = {}, body?: Uint8Array) {
		const q = new URLSearchParams({ type: this.type, mode, ...extra });
		const headers: Record<string, string> = this.cookie
			? { cookie: this.cookie }
			: { authorization: `Basic ${btoa(`1c-user:${this.token}`)}` };
		const res = await h.api.request(
			`http://localhost/api/1c/exchange?${q}`,
			{ method: body ? 'POST' : 'GET', headers, body: body as Uint8Array<ArrayBuffer> | undefined },
			{ CLIENT_ADDRESS: '203.0.113.9' }
		);
		const bytes = new Uint8Array(await res.arrayBuffer());
		return {
			status: res.status,
			type: res.headers.get('content-type') ?? '',
			bytes,
			lines: new TextDecoder().decode(bytes).split('\n')
		};
	}

	async checkauth() {
		const r = await this.call('checkauth');
		if (r.lines[0] === 'success') this.cookie = `${r.lines[1]}=${r.lines[2]}`;
		return r;
	}

	/** Sends a file in parts, as 1C does past file_limit. */
	async send(filename: string, bytes: Uint8Array, parts = 3) {
		const size = Math.ceil(bytes.length / parts);
		for (let i = 0; i < bytes.length; i += size) {
			const r = await this.call('file', { filename }, bytes.subarray(i, i + size));
			expect(r.lines[0], r.lines.join(' ')).toBe('success');
		}
	}

	/** Calls import until it is no longer `progress`; answers the last answer and the calls. */
	async importUntilDone(filename: string) {
		const progress: string[] = [];
		for (let calls = 1; ; calls++) {
			const r = await this.call('import', { filename });
			if (r.lines[0] !== 'progress' || calls > 100) return { ...r, calls, progress };
			progress.push(r.lines[1]!);
		}
	}

	/** The whole catalog sequence: checkauth, init, files in parts, import each. */
	async catalog(files: Record<string, Uint8Array>) {
		expect((await this.checkauth()).lines[0]).toBe('success');
		const init = await this.call('init');
		expect(init.lines[0]).toBe('zip=yes');
		expect(init.lines[1]).toMatch(/^file_limit=\d+$/);
		for (const [name, bytes] of Object.entries(files)) await this.send(name, bytes);
		const answers = [];
		for (const name of Object.keys(files)) {
			if (name.endsWith('.zip')) continue;
			answers.push(await this.importUntilDone(name));
		}
		return answers;
	}
}

async function exchangeToken(adminToken: string, scopes = ['exchange:1c']) {
	const res = await h.call(
		'POST',
		'/api/integrations/tokens',
		{ name: '1C', scopes },
		{ token: adminToken }
	);
	expect(res.status).toBe(201);
	return res.body.token as string;
}

/** A main warehouse made as a device would make it. */
async function mainWarehouse(adminToken: string, organizationId: string) {
	const id = uuidv7();
	const r = await push(h, adminToken, [
		mutation('warehouse.upsert', { id, name: 'Главный склад', kind: 'main' })
	]);
	expect(r.body.results[0].status, JSON.stringify(r.body)).toBe('applied');
	const [w] = await h.deps.db
		.select()
		.from(warehouses)
		.where(and(eq(warehouses.organizationId, organizationId), eq(warehouses.id, id)));
	return w!;
}

async function orgVersion(organizationId: string) {
	const [v] = await h.deps.db
		.select()
		.from(syncVersions)
		.where(eq(syncVersions.organizationId, organizationId));
	return v?.version ?? 0;
}

async function setUp() {
	const org = await signupOrg(h);
	const [branch] = await h.deps.db.select().from(branches).where(eq(branches.id, org.branchId));
	const organizationId = branch!.organizationId;
	const token = await exchangeToken(org.token);
	const w = await mainWarehouse(org.token, organizationId);
	const put = await h.call(
		'PUT',
		'/api/integrations/1c/settings',
		{ warehouses: { 'b6112590-41ba-11dd-ac9d-0015e9b8c48d': w.id }, defaultWarehouseId: w.id },
		{ token: org.token }
	);
	expect(put.status, JSON.stringify(put.body)).toBe(200);
	return { org, organizationId, token, warehouseId: w.id };
}

/** What the organization's catalog holds, for comparing product by product. */
async function catalogOf(organizationId: string) {
	const db = h.deps.db;
	const [prods, cats, list, pr, bal] = await Promise.all([
		db.select().from(products).where(eq(products.organizationId, organizationId)),
		db.select().from(categories).where(eq(categories.organizationId, organizationId)),
		db
			.select()
			.from(priceLists)
			.where(and(eq(priceLists.organizationId, organizationId), eq(priceLists.isDefault, true))),
		db.select().from(prices).where(eq(prices.organizationId, organizationId)),
		db.select().from(stockBalances).where(eq(stockBalances.organizationId, organizationId))
	]);
	return {
		products: prods,
		bySku: new Map(prods.map((p) => [p.sku, p])),
		categories: new Map(cats.map((c) => [c.id, c])),
		defaultList: list[0]!.id,
		prices: pr,
		balances: bal
	};
}

beforeAll(async () => {
	h = await createHarness();
});
afterAll(() => h.close());

describe('the 1C exchange over CommerceML 2', () => {
	it('takes the sample catalog and offers through the whole protocol; then sends orders and takes 1C’s changes', async () => {
		const { org, organizationId, token, warehouseId } = await setUp();
		const oneC = new OneC(token);
		// Small steps, as a large catalog on a Worker would take: one good or offer a call.
		const limits = { ...onecLimits };
		Object.assign(onecLimits, { recordsPerPart: 1, stepBudgetMs: 0 });
		const answers = await oneC
			.catalog({ 'import.xml': sample('import.xml'), 'offers.xml': sample('offers.xml') })
			.finally(() => Object.assign(onecLimits, limits));
		// Each file came in 3 parts: read a part a call (the last call reads and applies), then applied.
		expect(answers.map((a) => [a.lines[0], a.calls])).toEqual([
			['success', 5],
			['success', 7]
		]);
		expect(answers[0]!.progress).toEqual([
			'import.xml: 0 records read',
			'import.xml: 0 records read',
			'import.xml: 1 of 3 parts applied',
			'import.xml: 2 of 3 parts applied'
		]);
		expect(answers[0]!.status).toBe(200);
		expect(answers[0]!.type).toMatch(/^text\/plain/);
		expect(answers[0]!.lines[1]).toBe('import.xml: created 24, changed 0, archived 0, refused 0');

		// Product by product, as the files say.
		const imported = readCml(sample('import.xml'));
		const groups = new Map(of(imported, 'group').map((g) => [g.group.id, g.group]));
		const properties = new Map(of(imported, 'property').map((r) => [r.property.id, r.property]));
		const got = await catalogOf(organizationId);
		for (const { good } of of(imported, 'good')) {
			const p = got.bySku.get(good.sku)!;
			expect(p, good.sku).toBeDefined();
			expect(p).toMatchObject({ name: good.name, unit: unitOf(good.unitCode), active: true });
			expect(p.barcodes).toEqual(good.barcodes);
			// Its properties by name, each value as the classifier words it.
			expect(p.attributes).toEqual(
				Object.fromEntries(
					good.properties.map((v) => {
						const property = properties.get(v.id)!;
						return [property.name, property.values[v.value] ?? v.value];
					})
				)
			);
			const category = got.categories.get(p.categoryId!)!;
			const group = groups.get(good.groupIds[0]!)!;
			expect(category.name).toBe(group.name);
			// The category tree is the group tree.
			const parent = group.parentId ? groups.get(group.parentId) : null;
			expect(category.parentId ? got.categories.get(category.parentId)?.name : null).toBe(
				parent?.name ?? null
			);
		}
		expect(got.categories.size).toBe(groups.size);
		const offers = of(readCml(sample('offers.xml')), 'offer').map((o) => o.offer);
		for (const offer of offers) {
			const p = got.products.find((x) => x.name === offer.name)!;
			expect(p, offer.name).toBeDefined();
			const price = got.prices.find(
				(x) => x.productId === p.id && x.priceListId === got.defaultList
			);
			expect(price?.price).toBe(toMinor(offer.prices[0]!.price, 2));
			const balance = got.balances.find(
				(b) => b.productId === p.id && b.warehouseId === warehouseId
			);
			expect(balance?.milli).toBe(toMilli(offer.stocks[0]!.quantity));
		}
		// Stock came as posted stocktakes with their reason, not as overwritten balances: one
		// per part of the offers (a part is one offer here).
		const docs = await h.deps.db
			.select()
			.from(stockDocuments)
			.where(eq(stockDocuments.organizationId, organizationId));
		expect(docs.map((d) => [d.type, d.status, d.reason])).toEqual(
			offers.map(() => ['stocktake', 'posted', 'Stock from 1C'])
		);

		// Devices pull it like any other change.
		const pulled = await h.call('GET', '/api/sync/pull?limit=1000', undefined, {
			token: org.token
		});
		const pulledProducts = pulled.body.changes.filter(
			(c: { table: string }) => c.table === 'products'
		);
		expect(pulledProducts).toHaveLength(7);

		// Orders out: one order of the imported goods.
		const tp = uuidv7();
		const orderId = uuidv7();
		const size38 = got.products.find((p) => p.name.endsWith('(38)'))!;
		const size35 = got.products.find((p) => p.name.endsWith('(35)'))!;
		const pushed = await push(h, org.token, [
			mutation('tradePoint.upsert', { id: tp, name: 'Магазин «Уют»', branchId: org.branchId }),
			mutation('order.create', {
				id: orderId,
				tradePointId: tp,
				lines: [
					{ productId: size38.id, qty: 2 },
					{ productId: size35.id, qty: 1 }
				]
			})
		]);
		expect(pushed.body.results.map((r: { status: string }) => r.status)).toEqual([
			'applied',
			'applied'
		]);
		const sale = new OneC(token, 'sale');
		expect((await sale.checkauth()).lines[0]).toBe('success');
		expect((await sale.call('init')).lines[0]).toBe('zip=yes');
		const query = await sale.call('query');
		expect(query.type).toMatch(/^application\/xml; charset=utf-8/);
		const docsOut = of(readCml(query.bytes), 'document').map((d) => d.document);
		expect(docsOut).toHaveLength(1);
		const [order] = await h.deps.db
			.select()
			.from(salesOrders)
			.where(and(eq(salesOrders.organizationId, organizationId), eq(salesOrders.id, orderId)));
		expect(docsOut[0]).toMatchObject({
			id: orderId,
			number: order!.number,
			operation: 'Заказ товара',
			role: 'Продавец',
			currency: 'UZS',
			sum: '4747.00'
		});
		expect(order!.total).toBe(2 * 171900 + 130900);
		// Lines carry 1C's own Ид, so 1C knows its goods.
		expect(docsOut[0]!.lines).toEqual([
			{
				id: 'bd72d910-55bc-11d9-848a-00112f43529a#90c55447-d3a8-11e4-9423-e0cb4ed5eed4',
				name: size38.name,
				price: '1719.00',
				quantity: '2',
				sum: '3438.00'
			},
			{
				id: 'bd72d913-55bc-11d9-848a-00112f43529a#90c55449-d3a8-11e4-9423-e0cb4ed5eed4',
				name: size35.name,
				price: '1309.00',
				quantity: '1',
				sum: '1309.00'
			}
		]);
		const total = docsOut[0]!.lines.reduce((s, l) => s + toMinor(l.sum, 2)!, 0);
		expect(total).toBe(toMinor(docsOut[0]!.sum, 2));

		// Until 1C says success, the order is offered again; after, never.
		expect(of(readCml((await sale.call('query')).bytes), 'document')).toHaveLength(1);
		expect((await sale.call('success')).lines[0]).toBe('success');
		expect(of(readCml((await sale.call('query')).bytes), 'document')).toHaveLength(0);

		// 1C posts the order and sends it back: Optio confirms it.
		const changes = `<?xml version="1.0" encoding="windows-1251"?>
<КоммерческаяИнформация ВерсияСхемы="2.08"><Документ><Ид>${orderId}</Ид><Номер>${order!.number}</Номер>
<ХозОперация>Заказ товара</ХозОперация><ЗначенияРеквизитов>
<ЗначениеРеквизита><Наименование>Проведен</Наименование><Значение>true</Значение></ЗначениеРеквизита>
</ЗначенияРеквизитов></Документ></КоммерческаяИнформация>`;
		// A large changes file comes in parts, like the catalog: it applies once it is whole.
		const bytes = encodeText(changes, 'windows-1251');
		const third = Math.ceil(bytes.length / 3);
		for (const at of [0, third]) {
			const part = await sale.call(
				'file',
				{ filename: 'orders-changes.xml' },
				bytes.subarray(at, at + third)
			);
			expect(part.lines).toEqual([
				'success',
				'orders-changes.xml: part received, waiting for the rest'
			]);
		}
		const [waiting] = await h.deps.db
			.select()
			.from(salesOrders)
			.where(and(eq(salesOrders.organizationId, organizationId), eq(salesOrders.id, orderId)));
		expect(waiting!.status).toBe('new');
		const applied = await sale.call(
			'file',
			{ filename: 'orders-changes.xml' },
			bytes.subarray(2 * third)
		);
		expect(applied.lines, applied.lines.join(' ')).toEqual(['success', '1 changes applied']);
		const [confirmed] = await h.deps.db
			.select()
			.from(salesOrders)
			.where(and(eq(salesOrders.organizationId, organizationId), eq(salesOrders.id, orderId)));
		expect(confirmed!.status).toBe('confirmed');

		// The Integrations screen lists the exchanges with their counts.
		const list = await h.call('GET', '/api/integrations/1c/exchanges', undefined, {
			token: org.token
		});
		expect(list.body.items.find((e: { type: string }) => e.type === 'catalog')).toMatchObject({
			status: 'success',
			// 22 categories and 2 goods; 5 sizes and their 5 prices; 5 stock lines.
			counts: { created: 34, changed: 5, archived: 0, refused: 0 }
		});
	});

	it('changes nothing when the same files come again: no new versions', async () => {
		const { organizationId, token } = await setUp();
		const files = { 'import.xml': sample('import.xml'), 'offers.xml': sample('offers.xml') };
		await new OneC(token).catalog(files);
		const version = await orgVersion(organizationId);
		const before = await catalogOf(organizationId);
		const again = await new OneC(token).catalog(files);
		expect(again.map((a) => a.lines[1])).toEqual([
			'import.xml: created 0, changed 0, archived 0, refused 0',
			'offers.xml: created 0, changed 0, archived 0, refused 0'
		]);
		expect(await orgVersion(organizationId)).toBe(version);
		const after = await catalogOf(organizationId);
		expect(after.products).toEqual(before.products);
		expect(after.balances).toEqual(before.balances);
	});

	it('a changes-only package touches what it lists; a full one archives what 1C dropped', async () => {
		const { organizationId, token } = await setUp();
		await new OneC(token).catalog({ 'import.xml': sample('import.xml') });
		const xml = new TextDecoder().decode(sample('import.xml'));
		const second = xml.indexOf('<Товар>', xml.indexOf('<Товар>') + 1);
		const firstOnly = (xml.slice(0, second) + xml.slice(xml.indexOf('</Товары>'))).replace(
			'Женские ботфорты коричневые',
			'Ботфорты женские, коричневые'
		);
		const changesOnly = firstOnly.replace(
			'<Каталог СодержитТолькоИзменения="false">',
			'<Каталог СодержитТолькоИзменения="true">'
		);
		expect(changesOnly).not.toBe(firstOnly);
		const [partial] = await new OneC(token).catalog({ 'import.xml': utf8(changesOnly) });
		expect(partial!.lines[1]).toBe('import.xml: created 0, changed 1, archived 0, refused 0');
		let got = await catalogOf(organizationId);
		expect(got.bySku.get('Б-130001')?.name).toBe('Ботфорты женские, коричневые');
		expect(got.bySku.get('Б- 130005')?.active).toBe(true);

		const [full] = await new OneC(token).catalog({ 'import.xml': utf8(firstOnly) });
		expect(full!.lines[1]).toBe('import.xml: created 0, changed 0, archived 1, refused 0');
		got = await catalogOf(organizationId);
		expect(got.bySku.get('Б- 130005')?.active).toBe(false);
	});

	it('reads windows-1251 files as UTF-8 ones', async () => {
		const { organizationId, token } = await setUp();
		const xml = new TextDecoder()
			.decode(sample('import.xml'))
			.replace('\ufeff', '')
			.replace('encoding="UTF-8"', 'encoding="windows-1251"');
		const [r] = await new OneC(token).catalog({
			'import.xml': encodeText(xml, 'windows-1251')
		});
		expect(r!.lines[0]).toBe('success');
		const got = await catalogOf(organizationId);
		expect(got.bySku.get('Б-130001')?.name).toBe('Женские ботфорты коричневые');
	});

	it('takes a zip with the files and the goods’ images, each the product’s photo', async () => {
		const { org, organizationId, token } = await setUp();
		const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 0xff, 0xd9]);
		const image =
			'import_files/9d/9da00149441011e19bb10015174048b8_0e01fd9e204611e8b2a794de807044d1.jpg';
		const zip = zipSync({
			'import.xml': sample('import.xml'),
			'offers.xml': sample('offers.xml'),
			[image]: jpeg
		});
		const oneC = new OneC(token);
		expect((await oneC.checkauth()).lines[0]).toBe('success');
		await oneC.send('import.zip', zip, 2);
		expect((await oneC.importUntilDone('import.xml')).lines[0]).toBe('success');
		expect((await oneC.importUntilDone('offers.xml')).lines[0]).toBe('success');
		const got = await catalogOf(organizationId);
		expect(got.products).toHaveLength(7);
		const images = await h.deps.db
			.select()
			.from(onecImages)
			.where(eq(onecImages.organizationId, organizationId));
		expect(images.map((i) => [i.id, i.productId, i.contentType])).toEqual([
			[image, got.bySku.get('Б-130001')!.id, 'image/jpeg']
		]);
		expect(new Uint8Array(images[0]!.bytes)).toEqual(jpeg);
		// The image is the product's photo, served to the organization's users like any photo.
		const product = got.bySku.get('Б-130001')!;
		expect(product.photoId).toMatch(/^1c-[0-9a-f]{40}$/);
		for (const path of ['', '/thumbnail']) {
			const served = await h.api.request(
				`http://localhost/api/photos/${product.photoId}${path}`,
				{ headers: { authorization: `Bearer ${org.token}` } },
				{ CLIENT_ADDRESS: '203.0.113.9' }
			);
			expect(served.status).toBe(200);
			expect(served.headers.get('content-type')).toBe('image/jpeg');
			expect(new Uint8Array(await served.arrayBuffer())).toEqual(jpeg);
		}
		// The same zip again: the same photo, the product unchanged (no new version).
		const version = await orgVersion(organizationId);
		const again = new OneC(token);
		expect((await again.checkauth()).lines[0]).toBe('success');
		await again.send('import.zip', zip, 2);
		expect((await again.importUntilDone('import.xml')).lines[1]).toBe(
			'import.xml: created 0, changed 0, archived 0, refused 0'
		);
		expect(await orgVersion(organizationId)).toBe(version);
	});

	it('refuses bad input with a clear failure and writes nothing', async () => {
		const { organizationId, token, org } = await setUp();
		const counts = async () => {
			const c = await h.tableCounts();
			// The exchange's own record of the refusal is the one thing written.
			delete c.onec_exchanges;
			return c;
		};
		const readOnlyToken = await exchangeToken(org.token, ['catalog:read']);
		const before = await counts();
		const version = await orgVersion(organizationId);
		const refused = async (bytes: Uint8Array) => {
			const oneC = new OneC(token);
			await oneC.checkauth();
			await oneC.send('import.xml', bytes, 1);
			return oneC.call('import', { filename: 'import.xml' });
		};

		const malformed = await refused(
			utf8('<?xml version="1.0"?>\n<КоммерческаяИнформация>\n<Каталог>\n</Товар>')
		);
		expect(malformed.status).toBe(400);
		expect(malformed.lines[0]).toBe('failure');
		expect(malformed.lines[1]).toMatch(/^import\.xml: Line 4: /);

		const xxe = await refused(
			utf8(
				'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n<КоммерческаяИнформация><Каталог><Товары><Товар><Ид>x</Ид><Наименование>&e;</Наименование></Товар></Товары></Каталог></КоммерческаяИнформация>'
			)
		);
		expect(xxe.lines).toEqual(['failure', expect.stringMatching(/DOCTYPE is not allowed/)]);

		const laughs = await refused(
			utf8(
				`<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">${Array.from(
					{ length: 8 },
					(_, i) => `<!ENTITY a${i + 1} "${`&a${i || ''};`.repeat(10)}">`
				).join('')}]><КоммерческаяИнформация>&a8;</КоммерческаяИнформация>`
			)
		);
		expect(laughs.lines).toEqual(['failure', expect.stringMatching(/DOCTYPE is not allowed/)]);

		// A truncated good file (its second part never came) is malformed too: nothing of it.
		const half = sample('import.xml').subarray(0, 40_000);
		expect((await refused(half)).lines[0]).toBe('failure');

		const wrong = new OneC('opt_nothing_wrong');
		const denied = await wrong.checkauth();
		expect(denied.status).toBe(401);
		expect(denied.lines[0]).toBe('failure');
		const readOnly = new OneC(readOnlyToken);
		expect((await readOnly.checkauth()).status).toBe(401);
		const noCookie = new OneC(token);
		noCookie.cookie = 'optio_1c=forged';
		expect((await noCookie.call('init')).status).toBe(401);

		const cap = onecLimits.maxFileBytes;
		onecLimits.maxFileBytes = 20_000;
		try {
			const big = new OneC(token);
			await big.checkauth();
			const first = await big.call(
				'file',
				{ filename: 'import.xml' },
				sample('import.xml').subarray(0, 15_000)
			);
			expect(first.lines[0]).toBe('success');
			const over = await big.call(
				'file',
				{ filename: 'import.xml' },
				sample('import.xml').subarray(15_000, 30_000)
			);
			expect(over.status).toBe(413);
			expect(over.lines).toEqual(['failure', expect.stringMatching(/larger than 20000 bytes/)]);
		} finally {
			onecLimits.maxFileBytes = cap;
		}

		expect(await counts()).toEqual(before);
		expect(await orgVersion(organizationId)).toBe(version);
		const list = await h.call('GET', '/api/integrations/1c/exchanges', undefined, {
			token: org.token
		});
		expect(list.body.items.filter((e: { status: string }) => e.status === 'failure')).toHaveLength(
			5
		);
	});

	it('keeps organizations apart', async () => {
		const a = await setUp();
		const b = await setUp();
		await new OneC(a.token).catalog({ 'import.xml': sample('import.xml') });
		// B's token with A's cookie is no way into A's exchange.
		const intruder = new OneC(b.token);
		const mine = new OneC(a.token);
		await mine.checkauth();
		const res = await h.api.request(
			'http://localhost/api/1c/exchange?type=catalog&mode=import&filename=import.xml',
			{
				headers: {
					cookie: mine.cookie,
					authorization: `Basic ${btoa(`x:${intruder.token}`)}`
				}
			},
			{ CLIENT_ADDRESS: '203.0.113.9' }
		);
		expect(res.status).toBe(401);
		// The same 1C catalog in B makes B's own rows; A's stay A's.
		await new OneC(b.token).catalog({ 'import.xml': sample('import.xml') });
		const [ca, cb] = [await catalogOf(a.organizationId), await catalogOf(b.organizationId)];
		expect(ca.products).toHaveLength(2);
		expect(cb.products).toHaveLength(2);
		const aIds = new Set(ca.products.map((p) => p.id));
		expect(cb.products.filter((p) => aIds.has(p.id))).toEqual([]);
		// Settings naming another organization's warehouse answer as a missing one.
		const put = await h.call(
			'PUT',
			'/api/integrations/1c/settings',
			{ warehouses: { x: a.warehouseId } },
			{ token: b.org.token }
		);
		expect(put.status).toBe(400);
		expect(put.body.error.fields['warehouses.x'].code).toBe('not_found');
		// B's orders query holds none of A's.
		const sale = new OneC(b.token, 'sale');
		await sale.checkauth();
		expect(of(readCml((await sale.call('query')).bytes), 'document')).toHaveLength(0);
	});
});

describe('manual upload on the Integrations screen', () => {
	it('previews what a file would change, writing nothing, then imports it', async () => {
		const { org, organizationId } = await setUp();
		const upload = (name: string, bytes: Uint8Array, dryRun: boolean) =>
			h.api.request(
				`http://localhost/api/integrations/1c/upload?filename=${name}&dryRun=${dryRun ? 1 : 0}`,
				{
					method: 'POST',
					headers: { authorization: `Bearer ${org.token}` },
					body: bytes as Uint8Array<ArrayBuffer>
				},
				{ CLIENT_ADDRESS: '203.0.113.9' }
			);
		const before = await h.tableCounts();
		const preview = await upload('import.xml', sample('import.xml'), true);
		expect(preview.status).toBe(200);
		expect(await preview.json()).toMatchObject({
			dryRun: true,
			files: [{ name: 'import.xml', kind: 'catalog', counts: { created: 24 } }]
		});
		expect(await h.tableCounts()).toEqual(before);
		const done = await upload('import.xml', sample('import.xml'), false);
		expect(done.status).toBe(200);
		expect((await catalogOf(organizationId)).products).toHaveLength(2);
		const bad = await upload('import.xml', utf8('<КоммерческаяИнформация>'), true);
		expect(bad.status).toBe(400);
		expect((await bad.json()).error.fields.file.code).toBe('invalid');
		const orders = await h.api.request(
			'http://localhost/api/integrations/1c/orders.xml',
			{ headers: { authorization: `Bearer ${org.token}` } },
			{ CLIENT_ADDRESS: '203.0.113.9' }
		);
		expect(orders.headers.get('content-disposition')).toMatch(/attachment; filename="orders-/);
		expect(of(readCml(new Uint8Array(await orders.arrayBuffer())), 'root')).toHaveLength(1);
	});
});

describe('manual upload of a large file', () => {
	it('imports a file larger than file_limit uploaded by hand, stored in parts as 1C would send it', async () => {
		const { org, organizationId } = await setUp();
		const xml = new TextDecoder().decode(sample('import.xml'));
		const end = xml.lastIndexOf('</');
		// Whitespace past file_limit before the closing tag: the same catalog, a larger file.
		const big = utf8(`${xml.slice(0, end)}${' '.repeat(FILE_LIMIT + 1024)}${xml.slice(end)}`);
		const res = await h.api.request(
			'http://localhost/api/integrations/1c/upload?filename=import.xml&dryRun=0',
			{
				method: 'POST',
				headers: { authorization: `Bearer ${org.token}` },
				body: big as Uint8Array<ArrayBuffer>
			},
			{ CLIENT_ADDRESS: '203.0.113.9' }
		);
		expect(res.status, await res.clone().text()).toBe(200);
		expect((await catalogOf(organizationId)).products).toHaveLength(2);
	});
});

describe('the upload preview reads as a stream', () => {
	it('previews a package many windows long as its import turns out, and stops at the size cap', async () => {
		const files = generated(40);
		const one = await setUp();
		const whole = await new OneC(one.token).catalog(files);
		const { org } = await setUp();
		const preview = (name: string, bytes: Uint8Array) =>
			h.api.request(
				`http://localhost/api/integrations/1c/upload?filename=${name}&dryRun=1`,
				{
					method: 'POST',
					headers: { authorization: `Bearer ${org.token}` },
					body: bytes as Uint8Array<ArrayBuffer>
				},
				{ CLIENT_ADDRESS: '203.0.113.9' }
			);
		const before = await h.tableCounts();
		// Windows of 7 records and slices of 500 bytes: each file is many windows long.
		const got = await withLimits({ recordsPerPart: 7, readSliceBytes: 500 }, async () => {
			const r = await preview('package.zip', zipSync(files));
			expect(r.status).toBe(200);
			return (await r.json()) as {
				files: { name: string; counts: Record<string, number>; changes: number }[];
			};
		});
		const said = (c: Record<string, number>) =>
			`created ${c.created}, changed ${c.changed}, archived ${c.archived}, refused ${c.refused}`;
		expect(got.files.map((f) => `${f.name}: ${said(f.counts)}`)).toEqual(
			whole.map((a) => a.lines[1])
		);
		expect(got.files[0]!.changes).toBe(43);
		expect(await h.tableCounts()).toEqual(before);
		// A file past the cap is refused as it streams, before it is read whole.
		const over = await withLimits({ maxFileBytes: 4096 }, async () =>
			preview('import.xml', files['import.xml'])
		);
		expect(over.status).toBe(413);
		expect((await over.json()).error.code).toBe('payload_too_large');
	});
});

/** A generated catalog of `goods` goods in nested groups, and its offers (a price, a stock). */
function generated(goods: number) {
	const groups = [
		'<Группа><Ид>g-root</Ид><Наименование>Все товары</Наименование><Группы>',
		'<Группа><Ид>g-tea</Ид><Наименование>Чай и кофе</Наименование></Группа>',
		'<Группа><Ид>g-milk</Ид><Наименование>Молочные продукты</Наименование></Группа>',
		'</Группы></Группа>'
	].join('');
	const items = Array.from({ length: goods }, (_, i) =>
		[
			`<Товар><Ид>gen-${i}</Ид><Штрихкод>${4_780_000_000_000 + i}</Штрихкод><Артикул>GEN-${i}</Артикул>`,
			`<Наименование>Товар «${i}» — сгущёнка</Наименование><БазоваяЕдиница Код="${i % 3 ? '796' : '166'}"/>`,
			`<Группы><Ид>${i % 2 ? 'g-tea' : 'g-milk'}</Ид></Группы></Товар>`
		].join('')
	);
	const catalog = `<?xml version="1.0" encoding="UTF-8"?>
<КоммерческаяИнформация xmlns="urn:1C.ru:commerceml_2" ВерсияСхемы="2.07"><Классификатор><Ид>c</Ид><Наименование>C</Наименование><Группы>${groups}</Группы></Классификатор>
<Каталог СодержитТолькоИзменения="false"><Товары>${items.join('\n')}</Товары></Каталог></КоммерческаяИнформация>`;
	const offers = Array.from(
		{ length: goods },
		(_, i) =>
			`<Предложение><Ид>gen-${i}</Ид><Наименование>Товар «${i}» — сгущёнка</Наименование><Цены><Цена><ИдТипаЦены>pt</ИдТипаЦены><ЦенаЗаЕдиницу>${1000 + i}.50</ЦенаЗаЕдиницу></Цена></Цены>` +
			`<Склад ИдСклада="b6112590-41ba-11dd-ac9d-0015e9b8c48d" КоличествоНаСкладе="${1 + (i % 7)}"/></Предложение>`
	);
	const offersXml = `<?xml version="1.0" encoding="UTF-8"?>
<КоммерческаяИнформация xmlns="urn:1C.ru:commerceml_2" ВерсияСхемы="2.07"><ПакетПредложений СодержитТолькоИзменения="false">
<ТипыЦен><ТипЦены><Ид>pt</Ид><Наименование>Оптовая</Наименование><Валюта>UZS</Валюта></ТипЦены></ТипыЦен>
<Предложения>${offers.join('\n')}</Предложения></ПакетПредложений></КоммерческаяИнформация>`;
	return { 'import.xml': utf8(catalog), 'offers.xml': utf8(offersXml) };
}

/** A catalog as a user compares it: by SKU, with category names, default prices and stock. */
async function comparable(organizationId: string) {
	const got = await catalogOf(organizationId);
	return [...got.products]
		.sort((a, b) => a.sku.localeCompare(b.sku))
		.map((p) => ({
			sku: p.sku,
			name: p.name,
			unit: p.unit,
			barcodes: p.barcodes,
			active: p.active,
			category: p.categoryId ? got.categories.get(p.categoryId)?.name : null,
			parent: (() => {
				const c = p.categoryId ? got.categories.get(p.categoryId) : undefined;
				return c?.parentId ? got.categories.get(c.parentId)?.name : null;
			})(),
			price: got.prices.find((x) => x.productId === p.id && x.priceListId === got.defaultList)
				?.price,
			milli: got.balances.find((b) => b.productId === p.id)?.milli
		}));
}

async function withLimits<T>(limits: Partial<typeof onecLimits>, run: () => Promise<T>) {
	const before = { ...onecLimits };
	Object.assign(onecLimits, limits);
	try {
		return await run();
	} finally {
		Object.assign(onecLimits, before);
	}
}

describe('large files: parts, resuming, streams', () => {
	it('an import applied a few goods a call, with a part cut short and applied again, gives what one call gives', async () => {
		const files = generated(23);
		const one = await setUp();
		const whole = await new OneC(one.token).catalog(files);
		expect(whole.map((a) => [a.lines[0], a.calls])).toEqual([
			['success', 1],
			['success', 1]
		]);

		const parted = await setUp();
		const oneC = new OneC(parted.token);
		const answers = await withLimits({ recordsPerPart: 4, stepBudgetMs: 0 }, async () => {
			expect((await oneC.checkauth()).lines[0]).toBe('success');
			for (const [name, bytes] of Object.entries(files)) await oneC.send(name, bytes, 7);
			// The file is read in calls first (a stored part or so each), then applied.
			let first = await oneC.call('import', { filename: 'import.xml' });
			for (let i = 0; /records read$/.test(first.lines[1]!) && i < 20; i++) {
				first = await oneC.call('import', { filename: 'import.xml' });
			}
			expect(first.lines).toEqual(['progress', 'import.xml: 1 of 7 parts applied']);
			await oneC.call('import', { filename: 'import.xml' });
			// The server stops after part 2 was written but before it saved that it was: the
			// next call applies part 2 again, which now changes nothing.
			const version = await orgVersion(parted.organizationId);
			const [ex] = await h.deps.db
				.select()
				.from(onecExchanges)
				.where(eq(onecExchanges.organizationId, parted.organizationId));
			const stands = ex!.files as Record<string, { next: number }>;
			stands['import.xml']!.next -= 1;
			await h.deps.db
				.update(onecExchanges)
				.set({ files: stands })
				.where(
					and(eq(onecExchanges.organizationId, parted.organizationId), eq(onecExchanges.id, ex!.id))
				);
			const again = await oneC.call('import', { filename: 'import.xml' });
			expect(again.lines).toEqual(['progress', 'import.xml: 2 of 7 parts applied']);
			expect(await orgVersion(parted.organizationId)).toBe(version);
			// A new client with the same cookie (1C restarted) goes on where the exchange stands.
			const restarted = new OneC(parted.token);
			restarted.cookie = oneC.cookie;
			return [
				await restarted.importUntilDone('import.xml'),
				await restarted.importUntilDone('offers.xml')
			];
		});
		expect(answers.map((a) => a.lines[0])).toEqual(['success', 'success']);
		expect(answers[1]!.progress.filter((p) => /parts applied$/.test(p))).toHaveLength(5);
		// The same counts and the same catalog, product by product.
		expect(answers.map((a) => a.lines[1])).toEqual(whole.map((a) => a.lines[1]));
		expect(whole[0]!.lines[1]).toBe('import.xml: created 26, changed 0, archived 0, refused 0');
		expect(await comparable(parted.organizationId)).toEqual(await comparable(one.organizationId));
		const got = await comparable(parted.organizationId);
		expect(got).toHaveLength(23);
		expect(got[0]).toMatchObject({
			sku: 'GEN-0',
			category: 'Молочные продукты',
			parent: 'Все товары'
		});
		expect(got.every((p) => p.price !== undefined && p.milli !== undefined)).toBe(true);
	});

	it('reads a file a few records a call, answering progress, into the catalog one call makes; a fault found late writes nothing', async () => {
		const files = generated(60);
		const one = await setUp();
		const whole = await new OneC(one.token).catalog(files);

		const stepped = await setUp();
		const oneC = new OneC(stepped.token);
		// Slices of 700 bytes and no time: every call reads a slice or so, a few goods, and stops.
		const answers = await withLimits({ readSliceBytes: 700, stepBudgetMs: 0 }, async () => {
			expect((await oneC.checkauth()).lines[0]).toBe('success');
			// Parts cut inside multi-byte letters: a call stops and the next resumes across them.
			for (const [name, bytes] of Object.entries(files)) await oneC.send(name, bytes, 9);
			return [await oneC.importUntilDone('import.xml'), await oneC.importUntilDone('offers.xml')];
		});
		expect(answers.map((a) => a.lines[0])).toEqual(['success', 'success']);
		const reading = answers[0]!.progress.filter((p) => /records read$/.test(p));
		expect(reading.length).toBeGreaterThan(10);
		expect(answers[1]!.progress.filter((p) => /records read$/.test(p)).length).toBeGreaterThan(10);
		expect(answers.map((a) => a.lines[1])).toEqual(whole.map((a) => a.lines[1]));
		expect(await comparable(stepped.organizationId)).toEqual(await comparable(one.organizationId));

		// A file broken near its end, read over many calls: refused with its line, nothing written.
		const broken = await setUp();
		const before = await h.tableCounts();
		const text = new TextDecoder().decode(files['import.xml']);
		const bad = text.replace(/<\/Товар>\n(?![\s\S]*<\/Товар>\n)/, '</Товарр>\n');
		const failed = await withLimits({ readSliceBytes: 700, stepBudgetMs: 0 }, async () => {
			const c = new OneC(broken.token);
			expect((await c.checkauth()).lines[0]).toBe('success');
			await c.send('import.xml', utf8(bad), 4);
			return c.importUntilDone('import.xml');
		});
		expect(failed.progress.length).toBeGreaterThan(10);
		expect(failed.lines[0]).toBe('failure');
		expect(failed.lines[1]).toMatch(/^import\.xml: Line \d+: /);
		expect((await catalogOf(broken.organizationId)).products).toHaveLength(0);
		const after = await h.tableCounts();
		expect(after.products).toBe(before.products);
	});

	it('unpacks a zip sent in small parts as a stream into parts of its files, read across their boundaries', async () => {
		const files = generated(200);
		const plain = await setUp();
		await new OneC(plain.token).catalog(files);

		const zipped = await setUp();
		const oneC = new OneC(zipped.token);
		const zip = zipSync(files);
		await withLimits({ zipPartBytes: 777 }, async () => {
			expect((await oneC.checkauth()).lines[0]).toBe('success');
			await oneC.send('import.zip', zip, 5);
			expect((await oneC.importUntilDone('import.xml')).lines[0]).toBe('success');
			// import.xml was stored in parts as it inflated (cut inside multi-byte letters).
			const parts = await h.deps.db
				.select({ seq: onecFileParts.seq })
				.from(onecFileParts)
				.where(
					and(
						eq(onecFileParts.organizationId, zipped.organizationId),
						eq(onecFileParts.name, 'import.xml')
					)
				);
			expect(parts.length).toBeGreaterThan(1);
			expect((await oneC.importUntilDone('offers.xml')).lines[0]).toBe('success');
		});
		expect(await comparable(zipped.organizationId)).toEqual(await comparable(plain.organizationId));
	});
});

describe('1C exchange: unpacking a zip in steps', () => {
	it('unpacks a zip over several calls, each resuming where the last stopped, into the catalog one call makes', async () => {
		const jpeg = new Uint8Array(5000).map((_, i) => (i * 7919) % 251);
		jpeg.set([0xff, 0xd8, 0xff, 0xe0]);
		// The sample files, and an image stored as is (method 0) between them.
		const zip = zipSync({
			'import.xml': sample('import.xml'),
			'import_files/ab/photo.jpg': [jpeg, { level: 0 }],
			'offers.xml': sample('offers.xml')
		});
		const run = async (limits: Partial<typeof onecLimits>) => {
			const org = await setUp();
			const oneC = new OneC(org.token);
			return withLimits(limits, async () => {
				expect((await oneC.checkauth()).lines[0]).toBe('success');
				await oneC.send('import.zip', zip, 3);
				// Unpacking: what a call stored stays stored, never dropped and written again.
				const partIds = async () =>
					(
						await h.deps.db
							.select({ id: onecFileParts.id, name: onecFileParts.name })
							.from(onecFileParts)
							.where(eq(onecFileParts.organizationId, org.organizationId))
					)
						.filter((p) => p.name !== 'import.zip')
						.map((p) => p.id);
				let kept: string[] = [];
				const progress: string[] = [];
				for (;;) {
					const r = await oneC.call('import', { filename: 'import.xml' });
					const ids = await partIds();
					expect(ids).toEqual(expect.arrayContaining(kept));
					kept = ids;
					if (!/unpacking/.test(r.lines[1] ?? '') || progress.length > 100) break;
					progress.push(r.lines[1]!);
				}
				const rest = await oneC.importUntilDone('import.xml');
				const first = { ...rest, progress: [...progress, ...rest.progress] };
				const stored = async (name: string) =>
					(
						await h.deps.db
							.select({ seq: onecFileParts.seq, bytes: onecFileParts.bytes })
							.from(onecFileParts)
							.where(
								and(
									eq(onecFileParts.organizationId, org.organizationId),
									eq(onecFileParts.name, name)
								)
							)
					)
						.sort((a, b) => a.seq - b.seq)
						.map((p) => new Uint8Array(p.bytes));
				const files = {
					'import.xml': await stored('import.xml'),
					image: await stored('import_files/ab/photo.jpg'),
					'offers.xml': await stored('offers.xml'),
					zip: await stored('import.zip')
				};
				const second = await oneC.importUntilDone('offers.xml');
				return { org, answers: [first, second], files };
			});
		};
		const whole = await run({});
		expect(whole.answers[0]!.progress.filter((p) => /unpacking/.test(p))).toEqual([]);
		// Slices of 1 KiB and no time: every call unpacks a slice or so and answers progress.
		const stepped = await run({ zipSliceBytes: 1024, zipPartBytes: 2048, stepBudgetMs: 0 });
		const unpacking = stepped.answers[0]!.progress.filter((p) => /unpacking/.test(p));
		expect(unpacking.length).toBeGreaterThan(5);
		expect(unpacking[0]).toBe('import.xml: unpacking import.zip');
		expect(stepped.answers.map((a) => a.lines[0])).toEqual(['success', 'success']);
		expect(stepped.answers.map((a) => a.lines[1])).toEqual(whole.answers.map((a) => a.lines[1]));
		// Each file stored once, byte for byte, in parts numbered without a gap; the zip is gone.
		const joined = (parts: Uint8Array[]) => Buffer.concat(parts);
		expect(stepped.files['import.xml'].length).toBeGreaterThan(3);
		expect(joined(stepped.files['import.xml'])).toEqual(Buffer.from(sample('import.xml')));
		expect(joined(stepped.files['offers.xml'])).toEqual(Buffer.from(sample('offers.xml')));
		expect(joined(stepped.files.image)).toEqual(Buffer.from(jpeg));
		expect(stepped.files.zip).toEqual([]);
		expect(await comparable(stepped.org.organizationId)).toEqual(
			await comparable(whole.org.organizationId)
		);
		expect((await comparable(stepped.org.organizationId)).length).toBeGreaterThan(5);
	});
});

/**
 * Counts the commits made through the harness's database client while `run` runs: a write
 * statement run alone, a batch that writes, a transaction committed. `fail(sql)` true makes the
 * batch holding that statement fail as a killed process would leave it: nothing of it written.
 */
async function commitsDuring<T>(run: () => Promise<T>, fail?: (sql: string) => boolean) {
	type Stmt = string | { sql: string };
	type Method = (this: unknown, ...a: unknown[]) => Promise<unknown>;
	const client = h.deps.client as unknown as Record<string, Method>;
	// The client's own methods (its class's), unqueued: the proxy queues the patched ones.
	const own = Object.getPrototypeOf(client) as Record<'execute' | 'batch', Method>;
	const writes = (s: Stmt) =>
		/^\s*(INSERT|UPDATE|DELETE|REPLACE)\b/i.test(typeof s === 'string' ? s : s.sql);
	let commits = 0;
	// Set through the proxy onto the client itself, which then calls them bound to it.
	client.execute = async function (s: unknown, ...rest: unknown[]) {
		const r = await own.execute.call(this, s, ...rest);
		if (writes(s as Stmt)) commits++;
		return r;
	};
	client.batch = async function (stmts: unknown, ...rest: unknown[]) {
		const list = stmts as Stmt[];
		if (fail && list.some((s) => fail(typeof s === 'string' ? s : s.sql))) {
			throw new Error('killed before its commit');
		}
		const r = await own.batch.call(this, stmts, ...rest);
		if (list.some(writes)) commits++;
		return r;
	};
	try {
		return { result: await run(), commits };
	} finally {
		delete client.execute;
		delete client.batch;
	}
}

describe('1C exchange: one commit per part', () => {
	it('applies a part of goods or offers in one commit, and a part whose commit fails leaves nothing of it', async () => {
		const files = generated(23);
		const one = await setUp();
		await new OneC(one.token).catalog(files);

		const parted = await setUp();
		const oneC = new OneC(parted.token);
		const linksOf = async () =>
			Number(
				(
					await h.deps.client.execute({
						sql: `SELECT count(*) AS n FROM onec_links WHERE organization_id = ? AND kind = 'product'`,
						args: [parted.organizationId]
					})
				).rows[0]!.n
			);
		const perCall: { answer: string; commits: number }[] = [];
		await withLimits({ recordsPerPart: 4, stepBudgetMs: 0 }, async () => {
			expect((await oneC.checkauth()).lines[0]).toBe('success');
			for (const [name, bytes] of Object.entries(files)) await oneC.send(name, bytes, 2);
			for (const name of Object.keys(files)) {
				for (let i = 0; i < 40; i++) {
					const { result, commits } = await commitsDuring(() =>
						oneC.call('import', { filename: name })
					);
					perCall.push({ answer: result.lines.slice(0, 2).join(' '), commits });
					if (result.lines[0] !== 'progress') break;
					// Part 3 of the catalog fails as a killed process would leave it.
					if (result.lines[1] === 'import.xml: 2 of 7 parts applied') {
						const version = await orgVersion(parted.organizationId);
						const links = await linksOf();
						const killed = await commitsDuring(
							() => oneC.call('import', { filename: name }),
							// The batch of the part's mutations (whatever else it holds).
							(sql) => /^\s*INSERT INTO sync_versions/i.test(sql)
						);
						// (The server answers 500; a killed one answers nothing. 1C calls again.)
						expect(killed.result.status).toBe(500);
						// Nothing of the part: no link, no version, the exchange where it stood.
						expect(await linksOf()).toBe(links);
						expect(await orgVersion(parted.organizationId)).toBe(version);
					}
				}
			}
		});
		// Each call that applied a part of goods (not the full catalog's archiving) or of offers
		// (past the first, which also remembers the warehouses and price types 1C named) committed once.
		const applied = perCall.filter((c) =>
			/: [2-6] of 7 parts applied$|: [2-6] of 6 parts applied$/.test(c.answer)
		);
		expect(applied.length).toBeGreaterThanOrEqual(9);
		expect(applied.map((c) => c.commits)).toEqual(applied.map(() => 1));
		expect(perCall.at(-1)!.answer).toMatch(/^success offers.xml: /);
		// The import's mutation ids are made for one call: nothing to answer a repeat from is kept.
		const remembered = await h.deps.client.execute({
			sql: `SELECT count(*) AS n FROM applied_mutations WHERE organization_id = ? AND client_id LIKE '1c:%'`,
			args: [parted.organizationId]
		});
		expect(Number(remembered.rows[0]!.n)).toBe(0);
		// The failed part was applied again by the next call: the same catalog as one call makes.
		expect(await comparable(parted.organizationId)).toEqual(await comparable(one.organizationId));
	});
});

/** The statements sent through the harness's database client while `run` runs (SQL and args). */
async function statementsDuring<T>(run: () => Promise<T>) {
	type Stmt = string | { sql: string; args?: unknown };
	type Method = (this: unknown, ...a: unknown[]) => Promise<unknown>;
	const client = h.deps.client as unknown as Record<string, Method>;
	const own = Object.getPrototypeOf(client) as Record<'execute' | 'batch', Method>;
	const seen: { sql: string; args: unknown[] }[] = [];
	const note = (s: Stmt) =>
		seen.push(
			typeof s === 'string'
				? { sql: s, args: [] }
				: { sql: s.sql, args: Array.isArray(s.args) ? s.args : [] }
		);
	client.execute = async function (s: unknown, ...rest: unknown[]) {
		note(s as Stmt);
		return own.execute.call(this, s, ...rest);
	};
	client.batch = async function (stmts: unknown, ...rest: unknown[]) {
		for (const s of stmts as Stmt[]) note(s);
		return own.batch.call(this, stmts, ...rest);
	};
	try {
		return { result: await run(), seen };
	} finally {
		delete client.execute;
		delete client.batch;
	}
}

/** A file's staged rows of records (not its head): their seq and how many records each holds. */
async function stagedRows(organizationId: string, file: string) {
	const r = await h.deps.client.execute({
		sql: `SELECT seq, key, data FROM onec_records WHERE organization_id = ? AND file = ? AND seq >= 0 ORDER BY seq`,
		args: [organizationId, file]
	});
	return r.rows.map((x) => ({
		seq: Number(x.seq),
		key: String(x.key),
		records: (JSON.parse(String(x.data)) as unknown[]).length
	}));
}

describe('1C exchange: what an import stores and reads of its own', () => {
	it('stages a part of records to a row, and looks up no idempotency records for the ids it makes', async () => {
		const files = generated(23);
		const one = await setUp();
		const whole = await new OneC(one.token).catalog(files);

		const parted = await setUp();
		const oneC = new OneC(parted.token);
		let staged: Awaited<ReturnType<typeof stagedRows>> = [];
		const { result: answers, seen } = await statementsDuring(() =>
			withLimits({ recordsPerPart: 5, stepBudgetMs: 0 }, async () => {
				expect((await oneC.checkauth()).lines[0]).toBe('success');
				for (const [name, bytes] of Object.entries(files)) await oneC.send(name, bytes, 2);
				let r = await oneC.call('import', { filename: 'import.xml' });
				for (let i = 0; /records read$/.test(r.lines[1]!) && i < 40; i++) {
					r = await oneC.call('import', { filename: 'import.xml' });
				}
				expect(r.lines).toEqual(['progress', 'import.xml: 1 of 6 parts applied']);
				staged = await stagedRows(parted.organizationId, 'import.xml');
				return [await oneC.importUntilDone('import.xml'), await oneC.importUntilDone('offers.xml')];
			})
		);
		// 23 goods read a few a call: five rows of up to five goods (one row per good before).
		expect(staged.map((s) => [s.seq, s.records])).toEqual([
			[0, 5],
			[5, 5],
			[10, 5],
			[15, 5],
			[20, 3]
		]);
		expect(answers.map((a) => a.lines.slice(0, 2))).toEqual(
			whole.map((a) => ['success', a.lines[1]])
		);
		expect(await comparable(parted.organizationId)).toEqual(await comparable(one.organizationId));
		// The planner asked for the idempotency records of no id: the import's are made per call.
		const lookups = seen.filter((s) => /FROM applied_mutations/i.test(s.sql));
		expect(lookups.length).toBeGreaterThan(5);
		expect(lookups.map((s) => s.args[1])).toEqual(lookups.map(() => '[]'));
	});

	it('finishes an exchange whose records were staged a row each (before rows held a part)', async () => {
		const files = generated(23);
		const one = await setUp();
		const whole = await new OneC(one.token).catalog(files);

		const old = await setUp();
		const oneC = new OneC(old.token);
		const answers = await withLimits({ recordsPerPart: 4, stepBudgetMs: 0 }, async () => {
			expect((await oneC.checkauth()).lines[0]).toBe('success');
			for (const [name, bytes] of Object.entries(files)) await oneC.send(name, bytes, 2);
			let r = await oneC.call('import', { filename: 'import.xml' });
			for (let i = 0; /records read$/.test(r.lines[1]!) && i < 40; i++) {
				r = await oneC.call('import', { filename: 'import.xml' });
			}
			expect(r.lines).toEqual(['progress', 'import.xml: 1 of 7 parts applied']);
			// The rows as the earlier code staged them: one record each, keyed by its Ид, and the
			// file's state without `chunk`.
			const db = h.deps.client;
			const rows = await db.execute({
				sql: `SELECT exchange_id, seq, data FROM onec_records WHERE organization_id = ? AND file = 'import.xml' AND seq >= 0`,
				args: [old.organizationId]
			});
			for (const row of rows.rows) {
				const records = JSON.parse(String(row.data)) as { id: string }[];
				await db.execute({
					sql: `DELETE FROM onec_records WHERE organization_id = ? AND exchange_id = ? AND file = 'import.xml' AND seq = ?`,
					args: [old.organizationId, String(row.exchange_id), Number(row.seq)]
				});
				for (const [i, rec] of records.entries()) {
					await db.execute({
						sql: `INSERT INTO onec_records (organization_id, exchange_id, file, seq, key, data) VALUES (?, ?, 'import.xml', ?, ?, ?)`,
						args: [
							old.organizationId,
							String(row.exchange_id),
							Number(row.seq) + i,
							rec.id,
							JSON.stringify(rec)
						]
					});
				}
			}
			const [ex] = await h.deps.db
				.select()
				.from(onecExchanges)
				.where(eq(onecExchanges.organizationId, old.organizationId));
			const stands = ex!.files as Record<string, { chunk?: number }>;
			expect(stands['import.xml']!.chunk).toBe(4);
			delete stands['import.xml']!.chunk;
			await h.deps.db
				.update(onecExchanges)
				.set({ files: stands })
				.where(
					and(eq(onecExchanges.organizationId, old.organizationId), eq(onecExchanges.id, ex!.id))
				);
			expect((await stagedRows(old.organizationId, 'import.xml')).length).toBe(23);
			return [await oneC.importUntilDone('import.xml'), await oneC.importUntilDone('offers.xml')];
		});
		expect(answers.map((a) => a.lines.slice(0, 2))).toEqual(
			whole.map((a) => ['success', a.lines[1]])
		);
		expect(await comparable(old.organizationId)).toEqual(await comparable(one.organizationId));
	});
});
