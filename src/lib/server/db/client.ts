import { createClient, type Client } from '@libsql/client';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import { cacheStatements } from '#statement-cache';
import * as schema from './schema';
import { serializeClient } from './serialized-client';

export type Db = LibSQLDatabase<typeof schema>;
/** A transaction of `Db` (what `db.transaction` passes its callback). */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface Database {
	client: Client;
	db: Db;
}

/**
 * Opens the database. `url` is a `file:` path for the embedded default or `libsql://…`
 * (Turso) with an auth token. On Workers the package's `workerd` export is the web client,
 * which accepts only remote URLs; that is why nothing here imports a Node module.
 */
export function openDatabase(url: string, authToken?: string): Database {
	const embedded = url.startsWith('file:');
	// Embedded: each connection keeps its prepared statements (a no-op in a worker).
	if (embedded) cacheStatements();
	// Embedded: uses of the database queue behind one lock (see serialized-client.ts). The
	// busy timeout covers another process (a script, a restarting server) holding the lock.
	// Remote: no client-side limit on requests in flight. The client's own (20 by default) starts a
	// queued query when another request's query ends, that is, from another request's context,
	// which a Worker refuses: past 20 queries at once in an isolate, requests were cancelled as
	// hung (seen with 30 sign-ins at once in src/lib/server/workers.test.ts).
	const raw = createClient({
		url,
		authToken,
		...(embedded ? { timeout: 5000 } : { concurrency: Number.MAX_SAFE_INTEGER })
	});
	const client = embedded ? serializeClient(raw) : raw;
	return { client, db: drizzle(client, { schema }) };
}

/** Embedded-file pragmas: WAL lets readers go on while a write commits; wait, don't fail, on a lock. */
export async function tuneEmbedded(client: Client, url: string): Promise<void> {
	if (!url.startsWith('file:')) return;
	// Setting the journal mode takes a lock; ask first (it is kept in the file once set).
	const mode = await client.execute('PRAGMA journal_mode');
	if (String(mode.rows[0]?.[0]).toLowerCase() !== 'wal')
		await client.execute('PRAGMA journal_mode = WAL');
	await client.execute('PRAGMA busy_timeout = 5000');
	await client.execute('PRAGMA foreign_keys = ON');
}
