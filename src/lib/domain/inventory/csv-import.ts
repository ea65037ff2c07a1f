/**
 * The products-and-opening-balances CSV: parsed and checked row by row with the catalog's own
 * rules, so the device previews exactly what the server will refuse. Pure: no I/O.
 *
 * The format (one header row, columns in any order, names case-insensitive):
 *   sku*, name*, unit* (pcs pack box kg l m), barcodes (separated by `;` or spaces; quote the
 *   cell in a `;` file), category (a name), price (in currency units: `12500.50` or `12 500,50`),
 *   qty (the opening quantity in the one warehouse chosen for the import), and the tax catalog's
 *   ikpu (17 digits), package_code, vat (whole percent), gtin (with its check digit) and marking
 *   (tobacco alcohol beer appliances medicines water, or `none` to clear it).
 * An empty optional cell leaves that field of an existing product as it is; an empty or zero
 * qty adds no stock. Delimiter `,` or `;`; the file must be UTF-8 (a BOM is fine).
 */
import {
	MARKING_GROUPS,
	MAX_PRICE,
	UNITS,
	productUpsertArgs,
	type MarkingGroup,
	type Unit
} from '../catalog/schemas';
import { csvDelimiter, csvRecords, decodeUtf8 } from '../csv';
import { parseMoney } from '../money';
import { isCleanText } from '../validation';
import { QTY_PROBLEM_TEXT, toMilli, type QtyProblem } from './quantity';

export const IMPORT_COLUMNS = [
	'sku',
	'name',
	'unit',
	'barcodes',
	'category',
	'price',
	'qty',
	'ikpu',
	'package_code',
	'vat',
	'gtin',
	'marking'
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];
const REQUIRED: readonly ImportColumn[] = ['sku', 'name', 'unit'];
/** Other spellings people type for the same columns. */
const ALIASES: Record<string, ImportColumn> = {
	barcode: 'barcodes',
	quantity: 'qty',
	mxik: 'ikpu',
	packagecode: 'package_code',
	vat_rate: 'vat'
};

/**
 * The most data rows one file may carry. Every row goes through the sync mutators (about 8
 * statements), and the import's one transaction holds the database's write lock throughout:
 * measured on the embedded file, 20,000 rows held it for 20-30 s, stalling every device's push;
 * 5,000 hold it for about 5 s. A bigger catalog is imported in several files.
 */
export const MAX_IMPORT_ROWS = 5_000;
/** The largest file the server reads: far more than 5,000 rows need, a cap on memory. */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
const MAX_CATEGORY_NAME = 120;

/** Machine-readable, so the screen can say it in the user's language. */
export type ImportProblemCode =
	| 'encoding'
	| 'empty_file'
	| 'malformed'
	| 'too_many_rows'
	| 'missing_column'
	| 'unknown_column'
	| 'duplicate_column'
	| 'required'
	| 'too_long'
	| 'control_chars'
	| 'unknown_unit'
	| 'bad_barcode'
	| 'too_many_barcodes'
	| 'bad_price'
	| 'duplicate_sku'
	| 'qty_negative'
	| `qty_${QtyProblem}`
	| 'digits'
	| 'check_digit'
	| 'bad_vat'
	| 'unknown_marking'
	// Found by the server, which knows the warehouses:
	| 'warehouse_required';

/**
 * One thing wrong. `row` is the spreadsheet's row number (the header is row 1); 0 is the
 * file as a whole. `message` is English for API clients; `params` fill the translation.
 */
export interface ImportProblem {
	row: number;
	field: ImportColumn | 'file' | 'warehouseId';
	code: ImportProblemCode;
	message: string;
	params?: Record<string, string | number>;
}

/** A row that passed every check, in the units the catalog and the ledger store. */
export interface ImportProduct {
	sku: string;
	name: string;
	unit: Unit;
	/** Undefined: keep an existing product's. */
	barcodes?: string[];
	category?: string;
	/** Minor units. */
	price?: number;
	/** Thousandths of the unit; undefined or 0: no opening stock. */
	milli?: number;
	/** The tax catalog's fields: undefined keeps an existing product's, null clears it. */
	ikpu?: string;
	packageCode?: string;
	vatRate?: number;
	gtin?: string;
	marking?: MarkingGroup | null;
}

export interface ImportRow {
	row: number;
	/** The cells as typed, for the preview table. */
	cells: Partial<Record<ImportColumn, string>>;
	/** Null when the row has a problem. */
	product: ImportProduct | null;
}

/** What an import does (or, in a preview, would do). */
export interface ImportSummary {
	rows: number;
	creates: number;
	updates: number;
	/** Categories named in the file that do not exist yet. */
	categories: number;
	/** Rows with an opening quantity. */
	balances: number;
	errors: ImportProblem[];
}

export interface ParsedImport {
	columns: ImportColumn[];
	rows: ImportRow[];
	problems: ImportProblem[];
}

const problem = (
	row: number,
	field: ImportProblem['field'],
	code: ImportProblemCode,
	message: string,
	params?: ImportProblem['params']
): ImportProblem => ({ row, field, code, message, ...(params ? { params } : {}) });

const fileProblem = (
	code: ImportProblemCode,
	message: string,
	params?: ImportProblem['params']
) => ({
	columns: [],
	rows: [],
	problems: [problem(0, 'file', code, message, params)]
});

/** Header cells to columns, or the problems that make the file unreadable. */
function readHeader(header: string[]): {
	columns: (ImportColumn | null)[];
	problems: ImportProblem[];
} {
	const problems: ImportProblem[] = [];
	const columns = header.map((raw) => {
		const name = raw.trim().toLowerCase();
		// An own-property lookup: a header named `constructor` is an unknown column, not Object's.
		const column =
			(Object.hasOwn(ALIASES, name) ? ALIASES[name] : undefined) ??
			(IMPORT_COLUMNS as readonly string[]).find((c) => c === name);
		if (!column) {
			// An empty header cell (a trailing delimiter) is harmless; a misspelt one would
			// silently drop a column, so it is refused.
			if (name)
				problems.push(
					problem(1, 'file', 'unknown_column', `Unknown column "${raw}".`, { name: raw })
				);
			return null;
		}
		return column as ImportColumn;
	});
	for (const c of new Set(columns)) {
		if (c && columns.filter((x) => x === c).length > 1) {
			problems.push(problem(1, c, 'duplicate_column', `Column ${c} appears twice.`, { name: c }));
		}
	}
	for (const c of REQUIRED) {
		if (!columns.includes(c)) {
			problems.push(problem(1, c, 'missing_column', `The file has no ${c} column.`, { name: c }));
		}
	}
	return { columns, problems };
}

/** A typed quantity: digits with a `.` or `,` decimal mark, spaces grouping thousands. */
function quantityOf(text: string): number | null {
	const clean = text.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
	return /^-?\d+(\.\d+)?$/.test(clean) ? Number(clean) : null;
}

/** Checks one record; pushes its problems and returns its product when it has none. */
function readRow(
	row: number,
	cells: Partial<Record<ImportColumn, string>>,
	digits: number,
	problems: ImportProblem[]
): ImportProduct | null {
	const before = problems.length;
	const add = (
		field: ImportColumn,
		code: ImportProblemCode,
		message: string,
		params?: ImportProblem['params']
	) => problems.push(problem(row, field, code, message, params));

	const unitText = cells.unit?.trim().toLowerCase() ?? '';
	const unit = (UNITS as readonly string[]).includes(unitText) ? (unitText as Unit) : undefined;
	if (!unitText) add('unit', 'required', 'Required');
	else if (!unit)
		add('unit', 'unknown_unit', `Unknown unit; use one of ${UNITS.join(', ')}`, {
			units: UNITS.join(', ')
		});

	const barcodes = cells.barcodes?.trim()
		? cells.barcodes.split(/[;\s]+/).filter(Boolean)
		: undefined;
	const tax = readTaxCells(cells, add);
	// The catalog's own schema for sku, name, barcodes and the tax fields: the limits a device meets.
	const checked = productUpsertArgs.safeParse({
		id: '00000000-0000-7000-8000-000000000000',
		sku: cells.sku ?? '',
		name: cells.name ?? '',
		unit: unit ?? 'pcs',
		barcodes,
		...tax
	});
	const taxColumn = { ikpu: 'ikpu', packageCode: 'package_code', gtin: 'gtin' } as const;
	for (const issue of checked.error?.issues ?? []) {
		const key = issue.path[0] as string;
		if (key in taxColumn) {
			const column = taxColumn[key as keyof typeof taxColumn];
			// Only the first problem of a cell: a short GTIN is wrong in length, not in check digit.
			if (problems.slice(before).some((p) => p.field === column)) continue;
			const { code, ...params } = (issue as { params?: Record<string, string> }).params ?? {};
			if (code === 'check_digit') add(column, 'check_digit', issue.message);
			else add(column, 'digits', issue.message, params);
			continue;
		}
		const field = key as 'sku' | 'name' | 'barcodes';
		if (field === 'barcodes') {
			if (issue.path.length > 1)
				add('barcodes', 'bad_barcode', 'Not a barcode', {
					value: String(barcodes?.[issue.path[1] as number])
				});
			else add('barcodes', 'too_many_barcodes', 'At most 20 barcodes', { max: 20 });
		} else if (issue.code === 'too_small') add(field, 'required', 'Required');
		else if (issue.code === 'custom') add(field, 'control_chars', issue.message);
		else if (issue.code === 'too_big')
			add(field, 'too_long', issue.message, { max: Number(issue.maximum) });
	}

	const category = cells.category?.trim() || undefined;
	if (category && !isCleanText(category)) {
		add('category', 'control_chars', 'No control characters or broken characters');
	} else if (category && category.length > MAX_CATEGORY_NAME) {
		add('category', 'too_long', `At most ${MAX_CATEGORY_NAME} characters`, {
			max: MAX_CATEGORY_NAME
		});
	}

	let price: number | undefined;
	if (cells.price?.trim()) {
		const minor = parseMoney(cells.price, digits);
		if (minor === null || minor > MAX_PRICE) {
			add(
				'price',
				'bad_price',
				`Not a price (a non-negative amount with at most ${digits} decimals)`,
				{ digits }
			);
		} else price = minor;
	}

	let milli: number | undefined;
	if (cells.qty?.trim()) {
		const qty = quantityOf(cells.qty);
		// Without a known unit, check the number as a measured one; the unit's own problem is reported.
		const q =
			qty === null
				? { problem: 'not_a_number' as const }
				: qty === 0
					? { milli: 0 }
					: toMilli(qty, unit ?? 'kg');
		if (qty !== null && qty < 0) add('qty', 'qty_negative', 'Cannot be negative');
		else if ('problem' in q) add('qty', `qty_${q.problem}`, QTY_PROBLEM_TEXT[q.problem]);
		else milli = q.milli || undefined;
	}

	if (problems.length > before || !checked.success || !unit) return null;
	return {
		sku: checked.data.sku,
		name: checked.data.name,
		unit,
		...(barcodes ? { barcodes: checked.data.barcodes } : {}),
		...(category ? { category } : {}),
		...(price !== undefined ? { price } : {}),
		...(milli ? { milli } : {}),
		...(tax.ikpu !== undefined ? { ikpu: tax.ikpu } : {}),
		...(tax.packageCode !== undefined ? { packageCode: tax.packageCode } : {}),
		...(tax.vatRate !== undefined ? { vatRate: tax.vatRate } : {}),
		...(tax.gtin !== undefined ? { gtin: tax.gtin } : {}),
		...(tax.marking !== undefined ? { marking: tax.marking } : {})
	};
}

/** The marking cell's word for "not marked": clears the product's group. */
const NO_MARKING = 'none';

/**
 * The tax columns as `product.upsert` args (empty cells left out, so an existing product keeps
 * its values); problems the schema cannot name in the file's terms (a VAT that is not a whole
 * percent, an unknown marking group) are added here.
 */
function readTaxCells(
	cells: Partial<Record<ImportColumn, string>>,
	add: (
		field: ImportColumn,
		code: ImportProblemCode,
		message: string,
		params?: ImportProblem['params']
	) => void
): Pick<ImportProduct, 'ikpu' | 'packageCode' | 'vatRate' | 'gtin' | 'marking'> {
	const cell = (c: ImportColumn) => cells[c]?.trim() || undefined;
	let vatRate: number | undefined;
	const vat = cell('vat')?.replace(/\s*%$/, '');
	if (vat !== undefined) {
		if (/^\d{1,3}$/.test(vat) && Number(vat) <= 100) vatRate = Number(vat);
		else add('vat', 'bad_vat', 'A whole percent from 0 to 100');
	}
	let marking: MarkingGroup | null | undefined;
	const group = cell('marking')?.toLowerCase();
	if (group === NO_MARKING) marking = null;
	else if (group && (MARKING_GROUPS as readonly string[]).includes(group))
		marking = group as MarkingGroup;
	else if (group)
		add('marking', 'unknown_marking', `Use one of ${MARKING_GROUPS.join(', ')} or none`, {
			groups: [...MARKING_GROUPS, NO_MARKING].join(', ')
		});
	return {
		ikpu: cell('ikpu'),
		packageCode: cell('package_code'),
		vatRate,
		gtin: cell('gtin'),
		marking
	};
}

/**
 * Reads an import file: the rows with what each becomes, and every problem found, so a
 * preview shows them all at once. `digits`: the currency's minor digits (see money.ts).
 * @example parseImportCsv('sku,name,unit,qty\nA-1,Tea,pcs,5', { digits: 2 }).rows[0].product
 * // { sku: 'A-1', name: 'Tea', unit: 'pcs', milli: 5000 }
 */
export function parseImportCsv(
	input: Uint8Array | string,
	{ digits, maxRows = MAX_IMPORT_ROWS }: { digits: number; maxRows?: number }
): ParsedImport {
	const text = decodeUtf8(input);
	if (text === null) {
		return fileProblem(
			'encoding',
			'The file is not UTF-8 text (it looks like Windows-1251 or another code page). Save it as "CSV UTF-8" and try again.'
		);
	}
	const { records, problems: malformed } = csvRecords(text, csvDelimiter(text));
	const isBlank = (r: string[]) => r.every((c) => !c.trim());
	const headerAt = records.findIndex((r) => !isBlank(r));
	if (headerAt < 0) return fileProblem('empty_file', 'The file has no rows.');
	const dataRows = records.slice(headerAt + 1).filter((r) => !isBlank(r)).length;
	if (dataRows > maxRows) {
		return fileProblem(
			'too_many_rows',
			`At most ${maxRows} rows per file; this one has ${dataRows}.`,
			{ max: maxRows, count: dataRows }
		);
	}

	const header = readHeader(records[headerAt]!);
	const columns = header.columns.filter((c): c is ImportColumn => !!c);
	const problems = [...header.problems];
	if (problems.length) return { columns, rows: [], problems };
	for (const m of malformed) {
		problems.push(problem(m.record + 1, 'file', 'malformed', m.message));
	}

	const rows: ImportRow[] = [];
	const firstRowOf = new Map<string, number>();
	records.forEach((record, i) => {
		if (i <= headerAt || isBlank(record)) return;
		const row = i + 1;
		const cells: Partial<Record<ImportColumn, string>> = {};
		header.columns.forEach((c, j) => {
			if (c) cells[c] = record[j] ?? '';
		});
		const product = readRow(row, cells, digits, problems);
		const sku = cells.sku?.trim();
		const first = sku ? firstRowOf.get(sku) : undefined;
		if (sku && first !== undefined) {
			problems.push(
				problem(row, 'sku', 'duplicate_sku', `SKU ${sku} is already on row ${first}`, {
					sku,
					first
				})
			);
			rows.push({ row, cells, product: null });
			return;
		}
		if (sku) firstRowOf.set(sku, row);
		rows.push({ row, cells, product });
	});
	// A problem papaparse found (an unclosed quote) spoils its row even when its cells look fine.
	const spoiled = new Set(malformed.map((m) => m.record + 1));
	for (const r of rows) if (spoiled.has(r.row)) r.product = null;
	problems.sort((a, b) => a.row - b.row);
	return { columns, rows, problems };
}

/** Problems by row number, for highlighting a preview. */
export function problemsByRow(problems: readonly ImportProblem[]): Map<number, ImportProblem[]> {
	const out = new Map<number, ImportProblem[]>();
	for (const p of problems) out.set(p.row, [...(out.get(p.row) ?? []), p]);
	return out;
}
