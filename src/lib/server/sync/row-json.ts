/**
 * A device row's JSON text written by SQLite (issue 13): for a source whose row is its columns,
 * `json_object(…)` per row in `toRow`'s key order, so the pull sends text SQLite made instead of
 * driver rows mapped by drizzle, `toRow` and `JSON.stringify` (3–10× less CPU a row, measured in
 * bench/pull-json.ts before this was wired in). The text must be exactly what
 * `JSON.stringify(toRow(row))` writes; where SQLite would print a value differently, Node does:
 * - a REAL: SQLite prints 15 significant digits (41.311123456789 for 41.31112345678901) and
 *   `1.0e-07` for 1e-7, so REAL columns come out raw and Node prints them (`JSON.stringify`);
 * - a key only present when set (a receipt's `fiscal`): its own `json_object`, NULL when unset;
 * - a value `toRow` computes (a price's id, a balance's quantity from thousandths): an SQL
 *   expression given with the source, or a column Node formats with the function `toRow` uses.
 * Key order and which column feeds which key are read off `toRow` itself (`probe`), so the SQL
 * cannot drift from it; pull-json.test.ts compares both texts on every source.
 */
import { getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';

/** How a key that is not a column passed through is written. */
export type Derived =
	/** SQL giving the value as json_object takes it (text, integer, or JSON via `json(…)`). */
	| { sql: string }
	/** A column read raw and printed by Node with `format` (what `toRow` applies to it). */
	| { column: string; format: (v: never) => unknown }
	/** A column passed through, its key written only when the value is truthy (as `toRow` does). */
	| { whenSet: string };

/** One piece of a row's text: SQLite's `json_object` of some keys, or one value Node prints. */
type Piece =
	| { kind: 'sql'; field: string }
	| { kind: 'node'; field: string; key: string; format: (v: never) => unknown };

export interface RowJson {
	/** The select's fields: `version`, then one per piece. */
	fields: Record<string, SQL | SQLiteColumn>;
	/** A selected row's JSON text. */
	text: (row: Record<string, unknown>) => string;
}

/** Column types whose stored value SQLite writes exactly as `JSON.stringify` of drizzle's value. */
function exprOf(c: SQLiteColumn): string | null {
	const name = `"${c.name}"`;
	switch (c.columnType) {
		case 'SQLiteText':
		case 'SQLiteInteger':
			return name;
		// Stored by drizzle's JSON.stringify, so the text is already what the device gets.
		case 'SQLiteTextJson':
			return `json(${name})`;
		// drizzle reads any non-zero integer as true.
		case 'SQLiteBoolean':
			return `CASE WHEN ${name} IS NULL THEN NULL WHEN ${name} THEN json('true') ELSE json('false') END`;
		default:
			return null;
	}
}

/** JavaScript's truthiness of a JSON column's value, in SQL (a key written only when set). */
const truthy = (name: string) =>
	`CASE json_type(${name}) WHEN 'object' THEN 1 WHEN 'array' THEN 1 WHEN 'true' THEN 1 ` +
	`WHEN 'integer' THEN json_extract(${name}, '$') <> 0 WHEN 'real' THEN json_extract(${name}, '$') <> 0 ` +
	`WHEN 'text' THEN json_extract(${name}, '$') <> '' ELSE 0 END`;

/**
 * `toRow` called on a row of stand-ins (each column a value of its own), so what it returns
 * tells its keys in order, and which of them are a column passed through unchanged.
 */
function probe(
	columns: Record<string, SQLiteColumn>,
	toRow: (r: never) => object
): { key: string; column: string | null }[] {
	const standIn = new Map<unknown, string>();
	const row: Record<string, unknown> = {};
	for (const [key, c] of Object.entries(columns)) {
		// Arrays for JSON columns (a `toRow` may map over them), strings for the rest: each unique.
		const v = c.columnType === 'SQLiteTextJson' ? [] : `\u0000${key}`;
		standIn.set(v, key);
		row[key] = v;
	}
	const out = toRow(row as never) as Record<string, unknown>;
	return Object.entries(out).map(([key, v]) => ({ key, column: standIn.get(v) ?? null }));
}

/**
 * The select fields and text assembly of a source's rows, checked against its `toRow` when the
 * module loads: a key that is neither a column of a type SQLite writes exactly nor given in
 * `derived` throws here, never sends different text.
 */
export function rowJson(
	table: SQLiteTable & { version: SQLiteColumn },
	toRow: (r: never) => object,
	derived: Record<string, Derived> = {}
): RowJson {
	const columns: Record<string, SQLiteColumn> = getTableColumns(table);
	const fields: Record<string, SQL | SQLiteColumn> = { version: table.version };
	const pieces: Piece[] = [];
	let run: string[] = [];
	const flush = () => {
		if (!run.length) return;
		const field = `j${pieces.length}`;
		fields[field] = sql.raw(`json_object(${run.join(', ')})`);
		pieces.push({ kind: 'sql', field });
		run = [];
	};
	const tableName = (table as unknown as Record<symbol, string>)[Symbol.for('drizzle:Name')];
	for (const { key, column } of probe(columns, toRow)) {
		const d = derived[key];
		const quoted = `'${key}'`;
		if (d && 'sql' in d) {
			run.push(`${quoted}, ${d.sql}`);
			continue;
		}
		if (d && 'whenSet' in d) {
			const c = columns[d.whenSet]!;
			const expr = exprOf(c);
			if (!expr) throw new Error(`${tableName}.${key}: no exact SQL form`);
			flush();
			const field = `j${pieces.length}`;
			fields[field] = sql.raw(
				`CASE WHEN ${truthy(`"${c.name}"`)} THEN json_object(${quoted}, ${expr}) END`
			);
			pieces.push({ kind: 'sql', field });
			continue;
		}
		const c = d ? columns[d.column] : column ? columns[column] : undefined;
		if (!c) throw new Error(`${tableName}.${key}: not a column; give its SQL in \`derived\``);
		const expr = d ? null : exprOf(c);
		if (expr) {
			run.push(`${quoted}, ${expr}`);
			continue;
		}
		// A REAL (or a column `toRow` formats): raw from SQLite, printed by Node.
		flush();
		const field = `n${pieces.length}`;
		fields[field] = c;
		pieces.push({
			kind: 'node',
			field,
			key: JSON.stringify(key),
			format: d ? d.format : (v: never) => v
		});
	}
	flush();

	const only = pieces.length === 1 && pieces[0]!.kind === 'sql' ? pieces[0]!.field : null;
	return {
		fields,
		text: (row) => {
			if (only) return String(row[only]);
			let out = '';
			for (const p of pieces) {
				const v = row[p.field];
				let inner: string;
				if (p.kind === 'sql') {
					if (v === null) continue;
					inner = String(v).slice(1, -1);
					if (!inner) continue;
				} else {
					inner = `${p.key}:${JSON.stringify(v === null ? null : p.format(v as never))}`;
				}
				out += out ? `,${inner}` : inner;
			}
			return `{${out}}`;
		}
	};
}
