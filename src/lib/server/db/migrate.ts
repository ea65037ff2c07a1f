/**
 * Applies drizzle-kit's SQL migrations. Our own small runner rather than drizzle's migrator,
 * because that one reads the folder with `node:fs`, which Workers do not have: here the SQL
 * arrives as strings (bundled by Vite in the app, read from disk by the scripts).
 *
 * Safe when several runners start at once (Workers isolates, a deploy script and a server): each
 * migration is one transaction that first claims its row in `_migrations`. A runner that finds
 * the row taken rolls back and moves on, so every migration is applied once, in order.
 */
import type { Client } from '@libsql/client';
import { isUniqueViolation } from './errors';

export interface Migration {
	name: string;
	sql: string;
}

/** Applies, in name order, each migration not yet recorded; returns the names applied. */
export async function applyMigrations(client: Client, migrations: Migration[]): Promise<string[]> {
	await client.execute(
		'CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)'
	);
	const done = new Set(
		(await client.execute('SELECT name FROM _migrations')).rows.map((r) => String(r.name))
	);
	const applied: string[] = [];
	for (const m of [...migrations].sort((a, b) => a.name.localeCompare(b.name))) {
		if (done.has(m.name)) continue;
		const statements = m.sql
			.split('--> statement-breakpoint')
			.map((s) => s.trim())
			.filter(Boolean);
		try {
			await client.batch(
				[
					// The claim comes first: a second runner fails here, before any of the SQL.
					{
						sql: 'INSERT INTO _migrations (name, applied_at) VALUES (?, ?)',
						args: [m.name, Date.now()]
					},
					...statements
				],
				'write'
			);
		} catch (err) {
			// Another runner applied it since we looked (its transaction committed first).
			if (isUniqueViolation(err)) continue;
			throw err;
		}
		applied.push(m.name);
	}
	return applied;
}
