import { describe, expect, it } from 'vitest';
import { parseImportCsv, problemsByRow } from './csv-import';

const parse = (text: string, maxRows?: number) => parseImportCsv(text, { digits: 2, maxRows });
const codes = (text: string) => parse(text).problems.map((p) => `${p.row}:${p.field}:${p.code}`);

describe('parseImportCsv', () => {
	it('reads every column into the units the catalog and the ledger store', () => {
		const r = parse(
			'sku,name,unit,barcodes,category,price,qty\n' +
				'TEA-1,Green tea,pcs,4780000000011;4780000000028,Tea,"12 500,50",24\n' +
				'SUG-1,"Sugar, white",kg,,,,1.005\n'
		);
		expect(r.problems).toEqual([]);
		expect(r.rows.map((x) => x.product)).toEqual([
			{
				sku: 'TEA-1',
				name: 'Green tea',
				unit: 'pcs',
				barcodes: ['4780000000011', '4780000000028'],
				category: 'Tea',
				price: 1250050,
				milli: 24000
			},
			{ sku: 'SUG-1', name: 'Sugar, white', unit: 'kg', milli: 1005 }
		]);
	});

	it('takes a ; delimiter, a BOM, any column order and case, and comma decimals', () => {
		const bytes = new TextEncoder().encode(
			'\uFEFFQty;Unit;SKU;Name;Price;Barcode\r\n2,5;kg;A;Чай зелёный;10,5;"111111;222222"\r\n'
		);
		const r = parseImportCsv(bytes, { digits: 2 });
		expect(r.problems).toEqual([]);
		expect(r.rows[0]!.product).toEqual({
			sku: 'A',
			name: 'Чай зелёный',
			unit: 'kg',
			barcodes: ['111111', '222222'],
			price: 1050,
			milli: 2500
		});
	});

	it('refuses bytes that are not UTF-8, naming the likely cause', () => {
		// "Чай" in Windows-1251, as an Excel in Russian saves "CSV" by default.
		const cp1251 = new Uint8Array([
			...new TextEncoder().encode('sku,name,unit\nA,'),
			0xd7,
			0xe0,
			0xe9,
			...new TextEncoder().encode(',pcs\n')
		]);
		const r = parseImportCsv(cp1251, { digits: 2 });
		expect(r.rows).toEqual([]);
		expect(r.problems).toEqual([
			expect.objectContaining({ row: 0, field: 'file', code: 'encoding' })
		]);
		expect(r.problems[0]!.message).toMatch(/not UTF-8.*Windows-1251.*CSV UTF-8/);
	});

	it('lists every bad row with its spreadsheet row number and column', () => {
		const text = [
			'sku,name,unit,price,qty',
			'A,Tea,pcs,10,5', // row 2: fine
			',Nameless,pcs,,', // row 3
			'B,,box,,', // row 4
			'C,Bad unit,kilo,,', // row 5
			'D,Bad price,pcs,12.345,', // row 6
			'E,Half a piece,pcs,,1.5', // row 7
			'F,Too fine,kg,,1.0001', // row 8
			'G,Negative,kg,,-3', // row 9
			'H,Too much,kg,,1000000001', // row 10
			'A,Again,pcs,,', // row 11
			'I,Words,kg,,five', // row 12
			'J,Free price,pcs,-1,' // row 13
		].join('\n');
		expect(codes(text)).toEqual([
			'3:sku:required',
			'4:name:required',
			'5:unit:unknown_unit',
			'6:price:bad_price',
			'7:qty:qty_whole_only',
			'8:qty:qty_too_many_decimals',
			'9:qty:qty_negative',
			'10:qty:qty_too_large',
			'11:sku:duplicate_sku',
			'12:qty:qty_not_a_number',
			'13:price:bad_price'
		]);
		const r = parse(text);
		expect(r.rows.filter((x) => x.product).map((x) => x.row)).toEqual([2]);
		expect(problemsByRow(r.problems).get(11)![0]!.params).toEqual({ sku: 'A', first: 2 });
	});

	it('keeps row numbers right past blank lines and cells with line breaks', () => {
		// A line break inside a quoted cell is one row; in a name it is refused, as on a device.
		const r = parse('sku,name,unit\n\nA,"Two\nlines",pcs\nB,,pcs\nC,Tea,pcs\n');
		expect(r.rows.map((x) => x.row)).toEqual([3, 4, 5]);
		expect(r.problems.map((p) => `${p.row}:${p.field}:${p.code}`)).toEqual([
			'3:name:control_chars',
			'4:name:required'
		]);
	});

	it('checks sku, name and barcodes with the catalog schema', () => {
		expect(
			codes(
				`sku,name,unit,barcodes\n${'S'.repeat(65)},Tea,pcs,\nB,Tea,pcs,12\nC,Tea,pcs,${'1234 '.repeat(21)}`
			)
		).toEqual(['2:sku:too_long', '3:barcodes:bad_barcode', '4:barcodes:too_many_barcodes']);
	});

	it('refuses a header it cannot trust: missing, unknown or repeated columns', () => {
		expect(codes('sku,name,prise\nA,Tea,1')).toEqual([
			'1:file:unknown_column',
			'1:unit:missing_column'
		]);
		expect(codes('sku,name,unit,qty,quantity\n')).toEqual(['1:qty:duplicate_column']);
		// Names Object itself carries are unknown columns like any other, not a crash.
		expect(codes('sku,name,unit,constructor,__proto__\nA,Tea,pcs,1,2')).toEqual([
			'1:file:unknown_column',
			'1:file:unknown_column'
		]);
	});

	it('reads zero and empty quantities as no stock, and empty cells as "keep as is"', () => {
		const r = parse('sku,name,unit,barcodes,category,price,qty\nA,Tea,pcs,,,,0\nB,Tea,kg,,, ,');
		expect(r.rows.map((x) => x.product)).toEqual([
			{ sku: 'A', name: 'Tea', unit: 'pcs' },
			{ sku: 'B', name: 'Tea', unit: 'kg' }
		]);
	});

	it('refuses a file that is empty or too long before checking rows', () => {
		expect(codes('\n\n')).toEqual(['0:file:empty_file']);
		expect(parse('sku,name,unit\nA,a,pcs\nB,b,pcs\nC,c,pcs', 2).problems).toEqual([
			expect.objectContaining({ code: 'too_many_rows', params: { max: 2, count: 3 } })
		]);
	});

	it('reports an unclosed quote and keeps that row out', () => {
		const r = parse('sku,name,unit\nA,"Tea,pcs\n');
		expect(r.problems.map((p) => p.code)).toContain('malformed');
		expect(r.rows.every((x) => x.product === null)).toBe(true);
	});
});
