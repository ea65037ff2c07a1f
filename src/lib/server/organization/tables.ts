/**
 * Every table that holds an organization's rows and how to find them, read from the database
 * itself so a table added later is exported and purged without anyone remembering to list it.
 */
import type { Client } from '@libsql/client';

export interface OrgTable {
	name: string;
	columns: string[];
	/** A WHERE clause with one `?`: the organization's id. */
	where: string;
	/**
	 * The order to page through its rows in: the primary key's columns, or rowid for a table
	 * without one (a WITHOUT ROWID table, such as 1C's staged records, has no rowid to order by).
	 */
	order: string;
}

/** Rows tied to the organization through another table (no organization_id of their own). */
const THROUGH: Record<string, string> = {
	organizations: 'id = ?',
	sessions: 'user_id IN (SELECT id FROM users WHERE organization_id = ?)',
	ticket_comments: 'ticket_id IN (SELECT id FROM support_tickets WHERE organization_id = ?)'
};

/** Not an organization's data: migrations, sign-in throttling (keyed by login or address). */
const GLOBAL = new Set(['_migrations', 'signin_throttle', 'erasure_marker']);

/** Credentials never leave the database, not even in an export. */
export const SECRET_COLUMNS = new Set(['password_hash', 'secret_hash', 'secret']);

export async function organizationTables(client: Client): Promise<OrgTable[]> {
	const tables = await client.execute(
		"SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
	);
	const out: OrgTable[] = [];
	for (const { name } of tables.rows) {
		const table = String(name);
		if (GLOBAL.has(table)) continue;
		const info = await client.execute(`PRAGMA table_info("${table}")`);
		const columns = info.rows.map((r) => String(r.name));
		const key = info.rows
			.filter((r) => Number(r.pk) > 0)
			.sort((a, b) => Number(a.pk) - Number(b.pk))
			.map((r) => `"${String(r.name)}"`);
		const where = columns.includes('organization_id') ? 'organization_id = ?' : THROUGH[table];
		if (!where) throw new Error(`No rule says whose rows ${table} holds (tables.ts)`);
		out.push({ name: table, columns, where, order: key.length ? key.join(', ') : 'rowid' });
	}
	return out;
}
