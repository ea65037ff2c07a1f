/**
 * Reading and writing CSV, shared by the import preview on the device and the server that
 * decides. CSV quoting has enough corners (quoted delimiters, doubled quotes, line breaks
 * inside a cell) that we use papaparse, a well-kept parser, rather than splitting lines.
 */
import Papa from 'papaparse';

/**
 * The text of a file that must be UTF-8, or null when it is not (a spreadsheet saved as
 * Windows-1251 gives bytes that are invalid UTF-8; decoding them leniently would import
 * mojibake names). A UTF-8 byte-order mark, which Excel writes, is dropped.
 * @example decodeUtf8(new Uint8Array([0xef, 0xbb, 0xbf, 0x61])) // 'a'
 */
export function decodeUtf8(input: Uint8Array | string): string | null {
	if (typeof input === 'string') return input.replace(/^\uFEFF/, '');
	try {
		return new TextDecoder('utf-8', { fatal: true }).decode(input);
	} catch {
		return null;
	}
}

/**
 * `;` or `,`: whichever the header line has more of outside quotes. Spreadsheets in locales
 * whose decimal mark is a comma (ru, uz) save with `;`.
 * @example csvDelimiter('sku;name;price') // ';'
 */
export function csvDelimiter(text: string): ',' | ';' {
	const firstLine = (/^[^\r\n]*/.exec(text)?.[0] ?? '').replace(/"[^"]*"/g, '');
	const count = (c: string) => firstLine.split(c).length - 1;
	return count(';') > count(',') ? ';' : ',';
}

/** A parse problem papaparse reports, with the 0-based record it is in. */
export interface RecordProblem {
	record: number;
	message: string;
}

/**
 * Every record of the text as arrays of cells, empty lines included (as `['']`), so a
 * record's index plus one is the row number a spreadsheet shows.
 */
export function csvRecords(
	text: string,
	delimiter: string
): { records: string[][]; problems: RecordProblem[] } {
	const result = Papa.parse<string[]>(text, { delimiter, skipEmptyLines: false });
	// A file ending in a line break gives one last empty record that no spreadsheet shows.
	const records = result.data;
	if (records.length && records.at(-1)!.length === 1 && records.at(-1)![0] === '') records.pop();
	return {
		records,
		problems: result.errors.map((e) => ({ record: e.row ?? 0, message: e.message }))
	};
}

/**
 * CSV text for a spreadsheet: a byte-order mark so Excel reads UTF-8 (Cyrillic names), cells
 * quoted where needed, and text cells that start like a formula (`=`, `+`, `-`, `@`) escaped
 * so opening the file never runs one. Numbers are written as numbers.
 * @example toCsv(['sku', 'qty'], [['A-1', 2.5]]) // '\uFEFFsku,qty\r\nA-1,2.5'
 */
export function toCsv(header: string[], rows: (string | number | null)[][]): string {
	return '\uFEFF' + Papa.unparse({ fields: header, data: rows }, { escapeFormulae: true });
}
