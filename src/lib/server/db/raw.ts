/**
 * Statements run straight on libSQL, past drizzle's query builder. Only for the push's hot
 * statements: building a 1,000-parameter insert through drizzle took as long as running it
 * (0.7 ms of 1.45 ms per 100 rows, measured with bench/sync-push.ts), and a push makes several
 * per batch.
 *
 * drizzle keeps the libSQL transaction on its session (`session.tx`) and does not export it; the
 * CSV import tests (src/lib/server/stock/csv.test.ts) fail at once if a drizzle upgrade moves it.
 */
import type { Client, InStatement, InValue, ResultSet, Transaction } from '@libsql/client';
import type { Db, Tx } from './client';

export interface RawStatements {
	execute(stmt: { sql: string; args: InValue[] }): Promise<ResultSet>;
	/** The statements in order, in one round trip (inside a transaction, in it). */
	batch(stmts: InStatement[]): Promise<ResultSet[]>;
}

/** Inside a transaction, its libSQL transaction; outside, the database's client. */
export function rawStatements(db: Db | Tx): RawStatements {
	if ('$client' in db) return (db as { $client: Client }).$client;
	const inner = (db as unknown as { session?: { tx?: Transaction } }).session?.tx;
	if (!inner?.execute) throw new Error('rawStatements needs a drizzle libSQL transaction.');
	return inner;
}

/** `(?, ?, …), (?, ?, …)`: the placeholders of a multi-row VALUES for `rows` rows of `width`. */
function valuesPlaceholders(rows: number, width: number): string {
	const row = `(${Array.from({ length: width }, () => '?').join(', ')})`;
	return Array.from({ length: rows }, () => row).join(', ');
}

/**
 * Whether JSON carries every value exactly: text, null, booleans (1/0 either way) and integers
 * a JS number holds exactly. Decimals stay parameters: SQLite's JSON reader (libSQL 3.45.1) reads
 * some one unit in the last place off (28 of 200,000 random doubles).
 */
function jsonExact(rows: InValue[][]): boolean {
	for (const row of rows) {
		for (const v of row) {
			if (v === null || typeof v === 'string' || typeof v === 'boolean') continue;
			if (typeof v === 'number' && Number.isSafeInteger(v)) continue;
			return false;
		}
	}
	return true;
}

/** Rows a statement takes as one JSON text: far past any parameter limit, and still bounded. */
const JSON_ROWS = 5_000;

/** Parameters in one VALUES statement, under SQLite's limit (32,766). */
const MAX_PARAMS = 30_000;

/**
 * A multi-row INSERT of `rows` into `table` (`cols` its column names), `tail` after it (an
 * ON CONFLICT clause). Rows JSON carries exactly go as ONE JSON text read by `json_each`, not a
 * parameter per value: on a remote database the client encodes each parameter as a JSON object of
 * its own, which cost more CPU than SQLite's writing (100 sales: about 60 ms a push); embedded,
 * binding values one by one costs more than SQLite reading them from one text. Other rows go as
 * VALUES, in chunks under MAX_PARAMS.
 */
export function insertRows(
	table: string,
	cols: string[],
	rows: InValue[][],
	tail = ''
): InStatement[] {
	const stmts: InStatement[] = [];
	const head = `INSERT INTO ${table} (${cols.join(', ')})`;
	if (jsonExact(rows)) {
		const values = cols.map((_, i) => `value ->> ${i}`).join(', ');
		for (let i = 0; i < rows.length; i += JSON_ROWS) {
			stmts.push({
				// `WHERE true`: SQLite would read a bare ON CONFLICT after FROM as a join's ON.
				sql: `${head} SELECT ${values} FROM json_each(?) WHERE true ${tail}`,
				args: [JSON.stringify(rows.slice(i, i + JSON_ROWS))]
			});
		}
		return stmts;
	}
	const per = Math.max(1, Math.floor(MAX_PARAMS / cols.length));
	for (let i = 0; i < rows.length; i += per) {
		const chunk = rows.slice(i, i + per);
		stmts.push({
			sql: `${head} VALUES ${valuesPlaceholders(chunk.length, cols.length)} ${tail}`,
			args: chunk.flat()
		});
	}
	return stmts;
}
