import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvRecords } from '../../domain/csv';
import { createHarness, employee, signupOrg, type Harness } from '../testing/harness';
import { mutation, push } from '../sync/testing';

let h: Harness;
let org: Awaited<ReturnType<typeof signupOrg>>;
let other: Awaited<ReturnType<typeof signupOrg>>;
let manager: Awaited<ReturnType<typeof employee>>;
let storekeeper: Awaited<ReturnType<typeof employee>>;
let rep: Awaited<ReturnType<typeof employee>>;
const W = { main: uuidv7(), van: uuidv7(), far: uuidv7(), foreign: uuidv7() };

/** Posts the file's bytes as a browser's `fetch(url, {body: file})` does. */
async function upload(token: string, body: Uint8Array<ArrayBuffer> | string, query = '') {
	const res = await h.api.request(`http://localhost/api/stock/import${query}`, {
		method: 'POST',
		headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
		body
	});
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	return { status: res.status, body: (await res.json()) as any };
}

async function download(token: string, path: string) {
	const res = await h.call('GET', path, undefined, { token });
	return { ...res, records: csvRecords(String(res.body).replace(/^\uFEFF/, ''), ',').records };
}

async function sql(query: string, args: (string | number)[] = []) {
	return (await h.deps.client.execute({ sql: query, args })).rows;
}

const GOOD = [
	'sku,name,unit,barcodes,category,price,qty',
	'TEA-1,Green tea 100 g,pcs,4780000000011,Tea,12500.50,24',
	'SUG-1,"Sugar, white",kg,,Grocery,9800,12.5',
	'SOA-1,Soap,pcs,,,,'
].join('\n');

beforeAll(async () => {
	h = await createHarness();
	org = await signupOrg(h);
	other = await signupOrg(h);
	const second = await h.call('POST', '/api/branches', { name: 'Samarkand' }, { token: org.token });
	manager = await employee(h, org.token, 'manager', org.branchId);
	storekeeper = await employee(h, org.token, 'storekeeper', org.branchId);
	rep = await employee(h, org.token, 'rep', org.branchId);
	const setup = await push(h, org.token, [
		mutation('warehouse.upsert', { id: W.main, name: 'Tashkent main', kind: 'branch' }),
		mutation('warehouse.upsert', { id: W.van, name: 'Van 01', kind: 'van', ownerId: rep.id }),
		mutation('warehouse.upsert', {
			id: W.far,
			name: 'Samarkand main',
			kind: 'branch',
			branchId: second.body.branch.id
		})
	]);
	const foreign = await push(h, other.token, [
		mutation('warehouse.upsert', { id: W.foreign, name: 'Theirs', kind: 'branch' })
	]);
	for (const r of [...setup.body.results, ...foreign.body.results]) {
		expect(r.status, JSON.stringify(r)).toBe('applied');
	}
});
afterAll(() => h.close());

describe('POST /api/stock/import', () => {
	it('previews every bad row and writes nothing', async () => {
		const before = await h.tableCounts();
		const res = await upload(
			manager.token,
			'sku,name,unit,price,qty\nA,Tea,pcs,1,2\n,No sku,pcs,,\nB,Half,pcs,,0.5\nA,Twice,pcs,,',
			`?dryRun=1&warehouseId=${W.main}`
		);
		expect(res.status).toBe(200);
		expect(res.body).toMatchObject({ dryRun: true, rows: 4, creates: 1, updates: 0, balances: 1 });
		expect(
			res.body.errors.map((e: { row: number; field: string }) => `${e.row}:${e.field}`)
		).toEqual(['3:sku', '4:qty', '5:sku']);
		expect(res.body.errors[0]).toEqual({
			row: 3,
			field: 'sku',
			code: 'required',
			message: 'Required'
		});
		expect(await h.tableCounts()).toEqual(before);
	});

	it('imports nothing when one row is broken, and says which', async () => {
		const before = await h.tableCounts();
		const res = await upload(
			org.token,
			`${GOOD}\nBAD-1,Bad price,pcs,,,abc,`,
			`?warehouseId=${W.main}`
		);
		expect(res.status).toBe(400);
		expect(res.body.error).toMatchObject({
			code: 'validation',
			message: 'Nothing was imported: 1 row has errors.',
			rows: [{ row: 5, field: 'price', code: 'bad_price' }]
		});
		expect(await h.tableCounts()).toEqual(before);
	});

	it('asks for a warehouse when rows carry quantities', async () => {
		const res = await upload(org.token, GOOD, '?dryRun=1');
		expect(res.body.errors).toEqual([
			expect.objectContaining({ row: 0, field: 'warehouseId', code: 'warehouse_required' })
		]);
	});

	it('refuses a Windows-1251 file with a clear message, in the preview and the import', async () => {
		const cp1251 = new Uint8Array([
			...new TextEncoder().encode('sku,name,unit\nA,'),
			0xd7,
			0xe0,
			0xe9,
			...new TextEncoder().encode(',pcs\n')
		]);
		const preview = await upload(org.token, cp1251, '?dryRun=1');
		expect(preview.body.errors).toEqual([
			expect.objectContaining({ row: 0, field: 'file', code: 'encoding' })
		]);
		const res = await upload(org.token, cp1251);
		expect(res.status).toBe(400);
		expect(res.body.error.rows[0].message).toMatch(/not UTF-8.*Save it as "CSV UTF-8"/);
	});

	it('creates products, categories, prices and balances with one posted receipt', async () => {
		const preview = await upload(manager.token, GOOD, `?dryRun=1&warehouseId=${W.main}`);
		expect(preview.body).toMatchObject({
			rows: 3,
			creates: 3,
			updates: 0,
			categories: 2,
			errors: []
		});

		const res = await upload(manager.token, GOOD, `?warehouseId=${W.main}`);
		expect(res.status, JSON.stringify(res.body)).toBe(200);
		expect(res.body).toMatchObject({ creates: 3, updates: 0, categories: 2, balances: 2 });
		expect(res.body.documents).toHaveLength(1);

		const products = await sql(
			`SELECT p.sku, p.name, p.unit, p.barcodes, c.name AS category, pr.price
			 FROM products p LEFT JOIN categories c ON c.id = p.category_id
			 LEFT JOIN prices pr ON pr.product_id = p.id
			 WHERE p.organization_id = ? ORDER BY p.sku`,
			[org.user.organizationId]
		);
		expect(products.map((r) => ({ ...r }))).toEqual([
			{ sku: 'SOA-1', name: 'Soap', unit: 'pcs', barcodes: '[]', category: null, price: null },
			{
				sku: 'SUG-1',
				name: 'Sugar, white',
				unit: 'kg',
				barcodes: '[]',
				category: 'Grocery',
				price: 980000
			},
			{
				sku: 'TEA-1',
				name: 'Green tea 100 g',
				unit: 'pcs',
				barcodes: '["4780000000011"]',
				category: 'Tea',
				price: 1250050
			}
		]);
		const [doc] = await sql('SELECT * FROM stock_documents WHERE id = ?', [
			res.body.documents[0].id
		]);
		expect(doc).toMatchObject({
			type: 'receipt',
			status: 'posted',
			warehouse_id: W.main,
			comment: 'Opening balances (import)',
			number: res.body.documents[0].number
		});
		const balances = await h.call('GET', `/api/stock/balances?warehouseId=${W.main}`, undefined, {
			token: manager.token
		});
		expect(balances.body.items.map((b: { qty: number }) => b.qty).sort()).toEqual([12.5, 24]);

		const audit = await h.call('GET', '/api/audit?action=stock.imported', undefined, {
			token: org.token
		});
		expect(audit.body.items[0]).toMatchObject({
			actorId: manager.id,
			entityId: W.main,
			after: { rows: 3, creates: 3, updates: 0, balances: 2 }
		});
	});

	it('re-importing updates products by SKU and keeps what empty cells leave out', async () => {
		const res = await upload(
			org.token,
			'sku;name;unit;price\nTEA-1;Green tea 250 g;pcs;13000\nNEW-1;New;box;'
		);
		expect(res.status, JSON.stringify(res.body)).toBe(200);
		expect(res.body).toMatchObject({ creates: 1, updates: 1, documents: [] });
		const [tea] = await sql(
			`SELECT p.name, p.barcodes, c.name AS category, pr.price FROM products p
			 JOIN categories c ON c.id = p.category_id JOIN prices pr ON pr.product_id = p.id
			 WHERE p.sku = 'TEA-1' AND p.organization_id = ?`,
			[org.user.organizationId]
		);
		expect({ ...tea }).toEqual({
			name: 'Green tea 250 g',
			barcodes: '["4780000000011"]',
			category: 'Tea',
			price: 1300000
		});
		const [n] = await sql('SELECT count(*) AS n FROM products WHERE organization_id = ?', [
			org.user.organizationId
		]);
		expect(n!.n).toBe(4);
	});

	it('guards who imports where', async () => {
		const file = 'sku,name,unit,qty\nX-1,X,pcs,1';
		expect((await upload(storekeeper.token, file, `?warehouseId=${W.main}`)).status).toBe(403);
		expect((await upload(rep.token, file, `?warehouseId=${W.van}`)).status).toBe(403);
		// Another branch's warehouse, or another organization's: as if it did not exist.
		expect((await upload(manager.token, file, `?warehouseId=${W.far}`)).status).toBe(404);
		expect((await upload(org.token, file, `?warehouseId=${W.foreign}`)).status).toBe(404);
	});

	it('refuses more rows than one transaction should hold, before reading them', async () => {
		const rows = Array.from({ length: 5001 }, (_, i) => `S-${i},P,pcs`);
		const res = await upload(org.token, ['sku,name,unit', ...rows].join('\n'));
		expect(res.status).toBe(400);
		expect(res.body.error.rows).toEqual([
			expect.objectContaining({ row: 0, code: 'too_many_rows', params: { max: 5000, count: 5001 } })
		]);
	});

	it('refuses a body over 5 MiB with 413', async () => {
		const big = 'sku,name,unit\n' + 'A,'.padEnd(5 * 1024 * 1024, 'a') + ',pcs\n';
		const res = await upload(org.token, big, '?dryRun=1');
		expect(res.status).toBe(413);
		expect(res.body.error.code).toBe('payload_too_large');
	});
});

describe('CSV exports', () => {
	it('exports balances as CSV, by warehouse and SKU', async () => {
		const res = await download(org.token, '/api/stock/balances.csv');
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(res.headers.get('content-disposition')).toMatch(
			/^attachment; filename="balances-\d{4}-\d{2}-\d{2}\.csv"$/
		);
		expect(res.records).toEqual([
			['sku', 'name', 'unit', 'warehouse', 'qty'],
			['SUG-1', 'Sugar, white', 'kg', 'Tashkent main', '12.5'],
			['TEA-1', 'Green tea 250 g', 'pcs', 'Tashkent main', '24']
		]);
	});

	it('exports documents one line per row, filtered', async () => {
		const res = await download(
			org.token,
			`/api/stock/documents.csv?type=receipt&warehouseId=${W.main}`
		);
		expect(res.status).toBe(200);
		const [header, ...rows] = res.records;
		expect(header).toEqual([
			'number',
			'type',
			'status',
			'date',
			'warehouse',
			'to_warehouse',
			'sku',
			'name',
			'qty',
			'cost'
		]);
		expect(rows.map((r) => [r[1], r[2], r[4], r[6], r[8], r[9]])).toEqual([
			['receipt', 'posted', 'Tashkent main', 'TEA-1', '24', ''],
			['receipt', 'posted', 'Tashkent main', 'SUG-1', '12.5', '']
		]);
		expect(rows[0]![3]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
		const none = await download(org.token, '/api/stock/documents.csv?type=writeoff');
		expect(none.records).toHaveLength(1);
		const past = await download(org.token, '/api/stock/documents.csv?to=2020-01-01');
		expect(past.records).toHaveLength(1);
	});

	it('shows only the warehouses the reader may see', async () => {
		expect(
			(await download(other.token, `/api/stock/balances.csv?warehouseId=${W.main}`)).status
		).toBe(404);
		expect(
			(await download(other.token, `/api/stock/documents.csv?warehouseId=${W.main}`)).status
		).toBe(404);
		expect(
			(await download(rep.token, `/api/stock/balances.csv?warehouseId=${W.main}`)).status
		).toBe(404);
		// A rep sees their van only: empty, but never the branch's stock.
		expect((await download(rep.token, '/api/stock/balances.csv')).records).toHaveLength(1);
		expect((await download(other.token, '/api/stock/documents.csv')).records).toHaveLength(1);
	});
});
