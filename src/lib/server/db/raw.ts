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
export function valuesPlaceholders(rows: number, width: number): string {
	const row = `(${Array.from({ length: width }, () => '?').join(', ')})`;
	return Array.from({ length: rows }, () => row).join(', ');
}
