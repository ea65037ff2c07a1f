import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { encodeText, ordersDocument, orderChangeOf } from './orders';
import {
	planCatalog,
	planOffers,
	toMinor,
	unitOf,
	DEFAULT_SETTINGS,
	type CatalogState
} from './mapping';
import {
	CmlError,
	createCmlReader,
	readCml,
	type CmlDocument,
	type CmlGood,
	type CmlGroup,
	type CmlOffer,
	type CmlRecord
} from './reader';

const sample = (name: string) =>
	new Uint8Array(readFileSync(new URL(`./samples/${name}`, import.meta.url)));

const of = <K extends CmlRecord['kind']>(records: CmlRecord[], kind: K) =>
	records.filter((r): r is Extract<CmlRecord, { kind: K }> => r.kind === kind);

const utf8 = (s: string) => new TextEncoder().encode(s);

function failure(bytes: Uint8Array): CmlError {
	try {
		readCml(bytes);
	} catch (err) {
		if (err instanceof CmlError) return err;
		throw err;
	}
	throw new Error('read without a failure');
}

describe('reading CommerceML', () => {
	it('reads the sample import.xml (UTF-8 with BOM): nested groups, properties, goods', () => {
		const records = readCml(sample('import.xml'));
		expect(of(records, 'root')[0]).toEqual({ kind: 'root', version: '2.07' });
		expect(of(records, 'catalog')[0]).toEqual({ kind: 'catalog', onlyChanges: false });
		const groups = of(records, 'group').map((r) => r.group);
		expect(groups).toHaveLength(22);
		expect(groups).toContainEqual({
			id: 'f3257ce7-9c2f-11e1-a282-0011955bd175',
			name: 'Бытовая техника с учетом серий, гарантия 12 мес.',
			parentId: '453d6e1a-7233-11e0-8636-0011951d229d'
		});
		const goods = of(records, 'good').map((r) => r.good);
		expect(goods.map((g) => [g.id, g.sku, g.name, g.barcodes, g.unitCode, g.groupIds])).toEqual([
			[
				'bd72d910-55bc-11d9-848a-00112f43529a',
				'Б-130001',
				'Женские ботфорты коричневые',
				['2000018987155'],
				'715',
				['e5a4c309-a659-11dd-acee-0015e9b8c48d']
			],
			[
				'bd72d913-55bc-11d9-848a-00112f43529a',
				'Б- 130005',
				'Ботинки женские демисезонные',
				[],
				'715',
				['e5a4c309-a659-11dd-acee-0015e9b8c48d']
			]
		]);
		expect(goods[0]!.images).toHaveLength(3);
		expect(goods[0]!.requisites['ВидНоменклатуры']).toBe('Обувь');
		const makers = of(records, 'property').find((p) => p.property.name === 'Производитель');
		expect(makers?.property.values['444bbea3-6b18-11e0-9819-e0cb4ed5eed4']).toBe(
			'Обувной комбинат'
		);
	});

	it('reads the sample offers.xml: price types, warehouses, offers with characteristics', () => {
		const records = readCml(sample('offers.xml'));
		expect(of(records, 'offers')[0]).toEqual({ kind: 'offers', onlyChanges: false });
		expect(of(records, 'priceType').map((r) => r.priceType)).toEqual([
			{ id: 'bb14a3a4-6b17-11e0-9819-e0cb4ed5eed4', name: 'Розничная', currency: 'RUB' }
		]);
		expect(of(records, 'warehouse')).toHaveLength(5);
		const offers = of(records, 'offer').map((r) => r.offer);
		expect(offers.map((o) => [o.goodId, o.prices[0]!.price, o.quantity, o.stocks])).toEqual([
			['bd72d910-55bc-11d9-848a-00112f43529a', '1719', '20', [stock('20')]],
			['bd72d910-55bc-11d9-848a-00112f43529a', '1496', '19', [stock('19')]],
			['bd72d913-55bc-11d9-848a-00112f43529a', '1309', '120', [stock('120')]],
			['bd72d913-55bc-11d9-848a-00112f43529a', '1309', '15', [stock('15')]],
			['bd72d913-55bc-11d9-848a-00112f43529a', '1271', '45', [stock('45')]]
		]);
		expect(offers[0]!.characteristics[0]).toEqual({ name: 'Размер', value: '40' });
	});

	it('reads windows-1251 (the sample orders.xml) the same as UTF-8', () => {
		const docs = of(readCml(sample('orders.xml')), 'document').map((r) => r.document);
		expect(docs[0]).toMatchObject({
			id: '20',
			operation: 'Заказ товара',
			sum: '9683.42',
			counterparties: [{ name: 'Петр Петров', role: 'Покупатель' }]
		});
		expect(docs[0]!.lines.map((l) => l.name)).toEqual([
			'Доставка заказа',
			'Комбайн MOULINEX A77 4C'
		]);
		expect(orderChangeOf(docs[0]!)).toMatchObject({ status: 'delivered', paid: true });
	});

	it('reads CommerceML 3.1 (another namespace, prefixed names) and UTF-8 without a BOM', () => {
		const xml = `<?xml version="1.0" encoding="UTF-8"?>
<c:КоммерческаяИнформация xmlns:c="urn:1C.ru:commerceml_3" ВерсияСхемы="3.1">
<c:Каталог СодержитТолькоИзменения="true"><c:Товары><c:Товар><c:Ид>g1</c:Ид>
<c:Артикул>A-1</c:Артикул><c:Наименование>Чай</c:Наименование>
<c:БазоваяЕдиница Код="166"/></c:Товар></c:Товары></c:Каталог></c:КоммерческаяИнформация>`;
		const records = readCml(utf8(xml));
		expect(of(records, 'catalog')[0]!.onlyChanges).toBe(true);
		expect(of(records, 'good')[0]!.good).toMatchObject({ id: 'g1', sku: 'A-1', unitCode: '166' });
	});

	it('gives the same records however the bytes are split (a file arriving in parts)', () => {
		const bytes = sample('import.xml');
		const whole = readCml(bytes);
		const r = createCmlReader();
		const parts: CmlRecord[] = [];
		// Splits land inside multi-byte Cyrillic characters too.
		for (let i = 0; i < bytes.length; i += 777) parts.push(...r.write(bytes.subarray(i, i + 777)));
		parts.push(...r.end());
		expect(parts).toEqual(whole);
	});

	it('refuses malformed XML with the line and the reason', () => {
		const err = failure(
			utf8('<?xml version="1.0"?>\n<КоммерческаяИнформация>\n<Каталог>\n</Товар>\n')
		);
		expect(err.line).toBe(4);
		expect(err.message).toMatch(/^Line 4: /);
	});

	it('refuses DTDs: no external entities (XXE), no entity expansion (billion laughs)', () => {
		const xxe = failure(
			utf8(
				'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n<КоммерческаяИнформация>&e;</КоммерческаяИнформация>'
			)
		);
		expect(xxe.reason).toMatch(/DOCTYPE is not allowed/);
		expect(xxe.line).toBe(2);
		const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from(
			{ length: 9 },
			(_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`
		).join('')}]><КоммерческаяИнформация>&lol9;</КоммерческаяИнформация>`;
		expect(failure(utf8(laughs)).reason).toMatch(/DOCTYPE is not allowed/);
		// Without a DTD an unknown entity is an error, never text.
		expect(failure(utf8('<КоммерческаяИнформация>&e;</КоммерческаяИнформация>')).reason).toMatch(
			/entity/i
		);
	});

	it('refuses what is not CommerceML, bytes not in the declared encoding, and empty files', () => {
		expect(failure(utf8('<html></html>')).reason).toMatch(/Not CommerceML/);
		expect(failure(new Uint8Array([0x3c, 0x61, 0xff, 0xfe, 0x3e])).reason).toMatch(
			/not valid text/
		);
		expect(failure(new Uint8Array(0)).reason).toMatch(/empty/);
	});
});

const stock = (quantity: string) => ({
	warehouseId: 'b6112590-41ba-11dd-ac9d-0015e9b8c48d',
	quantity
});

function emptyState(): CatalogState {
	let n = 0;
	return {
		digits: 2,
		currency: 'RUB',
		links: new Map(),
		products: new Map(),
		categories: new Map(),
		priceLists: [{ id: 'base', name: 'Base', isDefault: true }],
		prices: new Map(),
		balances: new Map(),
		warehouseIds: new Set(['main']),
		settings: { ...DEFAULT_SETTINGS, warehouses: { [stock('').warehouseId]: 'main' } },
		newId: () => `00000000-0000-7000-8000-${String(++n).padStart(12, '0')}`
	};
}

/** The state after the steps, as the server would have it (the plans' writes, simplified). */
function applyPlan(state: CatalogState, steps: ReturnType<typeof planCatalog>['steps']) {
	for (const s of steps) {
		if (s.name === 'product.upsert') state.products.set(s.args.id, { ...s.args });
		if (s.name === 'category.upsert') state.categories.set(s.args.id, { ...s.args });
	}
}

function catalogOf(bytes: Uint8Array) {
	const r = readCml(bytes);
	return {
		onlyChanges: of(r, 'catalog')[0]?.onlyChanges ?? false,
		groups: of(r, 'group').map((x) => x.group as CmlGroup),
		properties: of(r, 'property').map((x) => x.property),
		goods: of(r, 'good').map((x) => x.good as CmlGood)
	};
}

function offersOf(bytes: Uint8Array) {
	const r = readCml(bytes);
	return {
		onlyChanges: of(r, 'offers')[0]?.onlyChanges ?? false,
		priceTypes: of(r, 'priceType').map((x) => x.priceType),
		offers: of(r, 'offer').map((x) => x.offer as CmlOffer)
	};
}

describe('mapping CommerceML to mutations', () => {
	it('fills the IKPU, package code, VAT and GTIN a card carries, keeps what it does not, and plans nothing the second time', () => {
		const state = emptyState();
		const card = (over: Partial<CmlGood> = {}): CmlGood => ({
			id: 'water-1',
			sku: 'AQ-05',
			name: 'Aqua 0.5 l',
			barcodes: ['2000018987155', '4780000000007'],
			unitCode: '796',
			groupIds: [],
			images: [],
			properties: [],
			requisites: { 'Код ИКПУ': '02202001001000000', 'Код упаковки': '1209779' },
			taxRates: [{ name: 'НДС', rate: '12' }],
			deleted: false,
			...over
		});
		const file = { onlyChanges: false, groups: [], properties: [], goods: [card()] };
		const first = planCatalog(file, state);
		expect(first.steps).toEqual([
			{
				name: 'product.upsert',
				args: expect.objectContaining({
					ikpu: '02202001001000000',
					packageCode: '1209779',
					vatRate: 12,
					gtin: '4780000000007'
				})
			}
		]);
		applyPlan(state, first.steps);
		expect(planCatalog(file, state).steps).toEqual([]);
		// A card without them leaves the product's own (a manager's, or an earlier import's).
		const bare = planCatalog(
			{ ...file, goods: [card({ name: 'Aqua 0.5 L', requisites: {}, taxRates: [] })] },
			state
		);
		expect(bare.steps).toHaveLength(1);
		const args = bare.steps[0]!.args as Record<string, unknown>;
		expect(args.name).toBe('Aqua 0.5 L');
		for (const f of ['ikpu', 'packageCode', 'vatRate']) expect(args).not.toHaveProperty(f);
		// A new VAT rate in 1C is a change.
		const vat = planCatalog(
			{ ...file, goods: [card({ taxRates: [{ name: 'НДС', rate: '15' }] })] },
			state
		);
		expect(vat.steps).toEqual([
			{ name: 'product.upsert', args: expect.objectContaining({ vatRate: 15 }) }
		]);
	});

	it('plans categories parents first, products with SKU, unit, barcodes and category', () => {
		const state = emptyState();
		const plan = planCatalog(catalogOf(sample('import.xml')), state);
		const cats = plan.steps.filter((s) => s.name === 'category.upsert');
		expect(cats).toHaveLength(22);
		const seen = new Set<string>();
		for (const c of cats) {
			if (c.args.parentId) expect(seen.has(c.args.parentId)).toBe(true);
			seen.add(c.args.id);
		}
		const products = plan.steps.flatMap((s) => (s.name === 'product.upsert' ? [s.args] : []));
		const shoes = state.links.get('group:e5a4c309-a659-11dd-acee-0015e9b8c48d');
		expect(products.map((p) => [p.sku, p.name, p.unit, p.barcodes, p.categoryId])).toEqual([
			['Б-130001', 'Женские ботфорты коричневые', 'pcs', ['2000018987155'], shoes],
			['Б- 130005', 'Ботинки женские демисезонные', 'pcs', [], shoes]
		]);
		expect(plan.counts).toEqual({ created: 24, changed: 0, archived: 0, refused: 0 });
		const link = plan.links.find((l) => l.onecId === 'bd72d910-55bc-11d9-848a-00112f43529a');
		const boots = products.find((p) => p.id === link?.optioId);
		expect(boots?.attributes).toMatchObject({ Производитель: 'Обувной комбинат' });
	});

	it('keeps a product’s properties where a good names none or a property the file leaves out', () => {
		const state = emptyState();
		const file = catalogOf(sample('import.xml'));
		applyPlan(state, planCatalog(file, state).steps);
		const [first] = file.goods;
		const id = state.links.get(`product:${first!.id}`)!;
		const before = state.products.get(id)!.attributes;
		expect(Object.keys(before ?? {}).length).toBeGreaterThan(0);

		// A changes-only package: the good again without values, then with a value of a property
		// this file does not describe (its classifier left out). Neither changes the product.
		for (const properties of [[], [{ id: 'not-in-this-file', value: 'x' }]]) {
			const plan = planCatalog(
				{ ...file, onlyChanges: true, properties: [], goods: [{ ...first!, properties }] },
				state
			);
			expect(plan.steps).toEqual([]);
		}

		// 1C changed the maker: the product's properties follow, the rest stay as they were.
		const maker = file.properties.find((p) => p.name === 'Производитель')!;
		const other = Object.keys(maker.values).find(
			(v) => maker.values[v] !== before?.['Производитель']
		)!;
		const changed = planCatalog(
			{
				...file,
				onlyChanges: true,
				goods: [
					{
						...first!,
						properties: first!.properties.map((v) =>
							v.id === maker.id ? { ...v, value: other } : v
						)
					}
				]
			},
			state
		);
		expect(changed.steps).toEqual([
			{
				name: 'product.upsert',
				args: expect.objectContaining({
					attributes: { ...before, Производитель: maker.values[other] }
				})
			}
		]);
	});

	it('plans nothing for the same catalog a second time; a full one archives what it dropped', () => {
		const state = emptyState();
		const file = catalogOf(sample('import.xml'));
		applyPlan(state, planCatalog(file, state).steps);
		const again = planCatalog(file, state);
		expect(again.steps).toEqual([]);
		expect(again.counts).toEqual({ created: 0, changed: 0, archived: 0, refused: 0 });

		const onlyFirst = { ...file, goods: file.goods.slice(0, 1) };
		const changesOnly = planCatalog({ ...onlyFirst, onlyChanges: true }, state);
		expect(changesOnly.steps).toEqual([]);
		const full = planCatalog(onlyFirst, state);
		expect(full.steps).toEqual([
			{ name: 'product.upsert', args: expect.objectContaining({ sku: 'Б- 130005', active: false }) }
		]);
		expect(full.counts.archived).toBe(1);
	});

	it('plans sizes as products of their own, prices in minor units, stock as a stocktake', () => {
		const state = emptyState();
		applyPlan(state, planCatalog(catalogOf(sample('import.xml')), state).steps);
		const plan = planOffers(offersOf(sample('offers.xml')), state);
		const products = plan.steps.flatMap((s) => (s.name === 'product.upsert' ? [s.args] : []));
		expect(products).toHaveLength(5);
		expect(products[0]).toMatchObject({
			sku: 'Б-130001/90c55447',
			name: 'Женские ботфорты коричневые (38)'
		});
		const prices = plan.steps.flatMap((s) => (s.name === 'price.set' ? [s.args.price] : []));
		expect(prices).toEqual([171900, 149600, 130900, 130900, 127100]);
		const doc = plan.steps.find((s) => s.name === 'document.save');
		expect(doc?.args).toMatchObject({ type: 'stocktake', warehouseId: 'main' });
		expect(doc?.name === 'document.save' && doc.args.lines.map((l) => l.qty)).toEqual([
			20, 19, 120, 15, 45
		]);
		applyPlan(state, plan.steps);
		// Balances now hold what was counted: the same file again moves nothing.
		expect(planOffers(offersOf(sample('offers.xml')), state).steps).toEqual([]);
	});

	it('refuses stock of an unmapped warehouse, saying which', () => {
		const state = emptyState();
		state.settings.warehouses = {};
		applyPlan(state, planCatalog(catalogOf(sample('import.xml')), state).steps);
		const plan = planOffers(offersOf(sample('offers.xml')), state);
		expect(plan.steps.some((s) => s.name === 'document.save')).toBe(false);
		expect(plan.problems).toContainEqual({
			id: 'b6112590-41ba-11dd-ac9d-0015e9b8c48d',
			reason: expect.stringMatching(/not mapped/)
		});
	});

	it('converts money and units as 1C writes them', () => {
		expect(toMinor('1 719,5', 2)).toBe(171950);
		expect(toMinor('9335.425', 2)).toBe(933543);
		expect(toMinor('abc', 2)).toBeNull();
		expect([unitOf('796'), unitOf('166'), unitOf('112'), unitOf('999'), unitOf(null)]).toEqual([
			'pcs',
			'kg',
			'l',
			'pcs',
			'pcs'
		]);
	});
});

describe('orders out', () => {
	const order = {
		id: '0190a000-0000-7000-8000-000000000001',
		number: 'ORD-1',
		orderedAt: Date.UTC(2026, 0, 2, 10, 0, 0),
		status: 'new',
		total: 450050,
		comment: 'Позвонить <до> 10 & «срочно» 𝄞',
		counterparty: { id: 'c1', name: 'ООО «Ромашка»', taxId: '123' },
		tradePoint: { id: 't1', name: 'Ромашка на Чиланзаре', address: null },
		lines: [
			{ id: 'g1', name: 'Чай', sku: 'A', unit: 'kg', unitPrice: 150000, qty: 1.5, net: 225000 },
			{ id: 'g2', name: 'Сахар', sku: 'B', unit: 'pcs', unitPrice: 75025, qty: 3, net: 225050 }
		]
	};

	it('writes a document a CommerceML reader reads back with the right totals, in both encodings', () => {
		for (const encoding of ['utf-8', 'windows-1251'] as const) {
			const xml = ordersDocument([order], {
				currency: 'UZS',
				digits: 2,
				timezone: 'Asia/Tashkent',
				encoding,
				now: Date.now()
			});
			const doc = of(readCml(encodeText(xml, encoding)), 'document')[0]!.document as CmlDocument;
			expect(doc).toMatchObject({
				id: order.id,
				number: 'ORD-1',
				date: '2026-01-02',
				time: '15:00:00',
				operation: 'Заказ товара',
				sum: '4500.50',
				comment: order.comment,
				counterparties: [{ id: 'c1', name: 'ООО «Ромашка»', role: 'Покупатель' }]
			});
			expect(doc.lines).toEqual([
				{ id: 'g1', name: 'Чай', price: '1500.00', quantity: '1.5', sum: '2250.00' },
				{ id: 'g2', name: 'Сахар', price: '750.25', quantity: '3', sum: '2250.50' }
			]);
			const sum = doc.lines.reduce((s, l) => s + toMinor(l.sum, 2)!, 0);
			expect(sum).toBe(toMinor(doc.sum, 2));
		}
	});
});

describe('reading a file across calls', () => {
	/** Reads `bytes` a slice at a time, stopping at every checkpoint and going on with a new reader. */
	function readInSteps(bytes: Uint8Array, slice: number) {
		const records: CmlRecord[] = [];
		let reader = createCmlReader();
		let at = 0;
		let resumes = 0;
		while (at < bytes.length) {
			records.push(...reader.write(bytes.subarray(at, at + slice)));
			at += slice;
			const cp = reader.checkpoint();
			if (cp && at < bytes.length) {
				// Records read after the checkpoint are read again by the next reader.
				reader = createCmlReader(cp);
				at = cp.byte;
				resumes++;
				const kept = records.filter((r) => r.kind !== 'root' && r.kind !== 'catalog');
				records.length = 0;
				records.push(...kept);
			}
		}
		records.push(...reader.end());
		return {
			records: records.filter(
				(r) => r.kind !== 'root' && r.kind !== 'catalog' && r.kind !== 'offers'
			),
			resumes
		};
	}
	const whole = (bytes: Uint8Array) =>
		readCml(bytes).filter((r) => r.kind !== 'root' && r.kind !== 'catalog' && r.kind !== 'offers');

	it('resumes from a checkpoint in UTF-8 (Cyrillic, a BOM) and windows-1251 to the same records', () => {
		const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...sample('import.xml')]);
		const cp1251 = encodeText(
			new TextDecoder()
				.decode(sample('offers.xml'))
				.replace('encoding="UTF-8"', 'encoding="windows-1251"'),
			'windows-1251'
		);
		for (const bytes of [sample('import.xml'), bom, sample('offers.xml'), cp1251]) {
			const stepped = readInSteps(bytes, 301);
			expect(stepped.resumes).toBeGreaterThan(3);
			expect(stepped.records).toEqual(whole(bytes));
		}
	});

	it('resumes at the right byte when slices cut characters of two, three and four bytes', () => {
		// The byte a checkpoint names is counted from the bytes fed, less what the decoder keeps
		// of a character cut at a slice's end: slices of 1 and 2 bytes keep it over several writes.
		const goods = Array.from(
			{ length: 12 },
			(_, i) => `<Товар><Ид>g-${i}</Ид><Наименование>Чай №${i} — 𝄞🍵 «€»</Наименование></Товар>`
		).join('\n');
		const bytes = utf8(
			`<?xml version="1.0" encoding="UTF-8"?>\n<КоммерческаяИнформация ВерсияСхемы="2.07"><Каталог><Товары>${goods}</Товары></Каталог></КоммерческаяИнформация>`
		);
		const expected = whole(bytes);
		expect(expected).toHaveLength(12);
		expect(expected[11]).toMatchObject({ good: { name: 'Чай №11 — 𝄞🍵 «€»' } });
		for (const slice of [1, 2, 3, 5, 7, 64]) {
			const stepped = readInSteps(bytes, slice);
			expect(stepped.resumes).toBeGreaterThan(3);
			expect(stepped.records).toEqual(expected);
		}
	});

	it('says the line of an error in a resumed part as in the whole file', () => {
		const text = new TextDecoder().decode(sample('import.xml'));
		const cut = text.lastIndexOf('</Товар>');
		const broken = utf8(`${text.slice(0, cut)}</Товар2>${text.slice(cut + '</Товар>'.length)}`);
		const expected = failure(broken).line;
		const reader = createCmlReader();
		reader.write(broken.subarray(0, cut - 400));
		const cp = reader.checkpoint()!;
		const rest = createCmlReader(cp);
		expect(() => rest.write(broken.subarray(cp.byte))).toThrow(
			expect.objectContaining({ line: expected })
		);
	});
});
