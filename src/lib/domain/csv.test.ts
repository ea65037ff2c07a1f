import { describe, expect, it } from 'vitest';
import { csvDelimiter, csvRecords, decodeUtf8, toCsv } from './csv';

describe('csv', () => {
	it('decodes UTF-8 without its BOM and refuses other code pages', () => {
		expect(decodeUtf8(new Uint8Array([0xef, 0xbb, 0xbf, 0x41]))).toBe('A');
		expect(decodeUtf8(new Uint8Array([0xd7, 0xe0, 0xe9]))).toBeNull();
		expect(decodeUtf8('\uFEFFA')).toBe('A');
	});

	it('picks the delimiter the header uses, ignoring quoted ones', () => {
		expect(csvDelimiter('sku;name;"a,b,c"')).toBe(';');
		expect(csvDelimiter('sku,name,"a;b;c"\nx;y;z;w')).toBe(',');
	});

	it('writes quoted cells and escapes formulas, and reads them back', () => {
		const text = toCsv(['sku', 'name', 'qty'], [['=HYPERLINK("x")', 'Tea, "green"', -2.5]]);
		expect(text).toBe('\uFEFFsku,name,qty\r\n"\'=HYPERLINK(""x"")","Tea, ""green""",-2.5');
		expect(csvRecords(text.slice(1), ',').records[1]).toEqual([
			'\'=HYPERLINK("x")',
			'Tea, "green"',
			'-2.5'
		]);
	});
});
