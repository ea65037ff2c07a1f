// What the backup and restore scripts ask of an embedded database file (plain JavaScript: they
// run where only the production dependencies are installed).
import { createClient } from '@libsql/client';
import { existsSync } from 'node:fs';
import { databaseUrl, embeddedPath } from './database-location.js';

/**
 * The embedded database's file, as the server would open it; exits with a message when the
 * database is remote (Turso keeps its own backups).
 */
export function embeddedDatabaseOrExit(env = process.env) {
	const url = databaseUrl(env);
	const path = embeddedPath(url);
	if (path === null) {
		console.error(
			`DATABASE_URL is a remote database (${url.split('?')[0]}). These scripts copy the embedded ` +
				'file; Turso keeps point-in-time backups of its databases (README: "Backups").'
		);
		process.exit(1);
	}
	return path;
}

/** Opens an existing file (never creates one: libSQL would make an empty database). */
export function openExisting(path) {
	if (!existsSync(path)) throw new Error(`There is no database at ${path}.`);
	const client = createClient({ url: `file:${path}` });
	return client;
}

/** `PRAGMA integrity_check`'s verdict: 'ok', or its first problems. */
export async function integrity(client) {
	const rs = await client.execute('PRAGMA integrity_check');
	return rs.rows.map((r) => String(r[0])).join('; ');
}

/** Row counts by table. */
export async function rowCounts(client) {
	const tables = await client.execute(
		"SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
	);
	const counts = {};
	for (const row of tables.rows) {
		const name = row[0];
		const rs = await client.execute(`SELECT count(*) FROM "${String(name).replaceAll('"', '""')}"`);
		counts[String(name)] = Number(rs.rows[0]?.[0]);
	}
	return counts;
}

/** "31 tables, 1,204 rows, integrity ok" */
export function summary(counts, verdict) {
	const rows = Object.values(counts).reduce((a, b) => a + b, 0);
	return `${Object.keys(counts).length} tables, ${rows.toLocaleString('en')} rows, integrity ${verdict}`;
}

/** The first argument that is not an option, or exits with the usage line. */
export function fileArgument(usage) {
	const file = process.argv.slice(2).find((a) => !a.startsWith('-'));
	if (!file) {
		console.error(`Usage: ${usage}`);
		process.exit(2);
	}
	return file;
}
