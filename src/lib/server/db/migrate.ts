/**
 * Applies drizzle-kit's SQL migrations. Our own small runner rather than drizzle's migrator,
 * because that one reads the folder with `node:fs`, which Workers do not have: here the SQL
 * arrives as strings (bundled by Vite in the app, read from disk by the scripts).
 */
import type { Client } from '@libsql/client';

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
		await client.batch(
			[
				...statements,
				{
					sql: 'INSERT INTO _migrations (name, applied_at) VALUES (?, ?)',
					args: [m.name, Date.now()]
				}
			],
			'write'
		);
		applied.push(m.name);
	}
	return applied;
}
