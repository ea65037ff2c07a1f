/** What the stock sections share: pushing mutations as a device does, and simple statistics. */
import { createClient, type Client } from '@libsql/client';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { uuidv7 } from 'uuidv7';
import { readMigrations } from '../scripts/lib/node-runtime';

export interface BenchMutation {
	id: string;
	name: string;
	args: unknown;
	createdAt: number;
}

export const mutation = (name: string, args: unknown): BenchMutation => ({
	id: uuidv7(),
	name,
	args,
	createdAt: Date.now()
});

/** Pushes in batches of `batch` and throws unless every mutation was applied. */
export async function pushAll(
	baseURL: string,
	token: string,
	mutations: BenchMutation[],
	batch = 500
): Promise<unknown[]> {
	const results: unknown[] = [];
	for (let i = 0; i < mutations.length; i += batch) {
		const res = await fetch(`${baseURL}/api/sync/push`, {
			method: 'POST',
			headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
			body: JSON.stringify({ clientId: 'bench', mutations: mutations.slice(i, i + batch) })
		});
		const body = (await res.json()) as { results: { status: string; result: unknown }[] };
		if (!res.ok || body.results.some((r) => r.status !== 'applied')) {
			throw new Error(`push answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
		}
		results.push(...body.results.map((r) => r.result));
	}
	return results;
}

export { percentile } from './stats';

export const round2 = (n: number) => Number(n.toFixed(2));

/**
 * A fresh libSQL file holding only `tables`, created by the app's own migrations (their
 * indexes and triggers included), so a raw baseline pays for the same index upkeep.
 */
export async function rawDatabase(
	tables: readonly string[]
): Promise<{ client: Client; close: () => void }> {
	const dir = mkdtempSync(join(tmpdir(), 'optio-raw-'));
	const client = createClient({ url: `file:${join(dir, 'raw.db')}` });
	await client.execute('PRAGMA journal_mode = WAL');
	const migrations = readMigrations(fileURLToPath(new URL('../drizzle', import.meta.url)));
	// Triggers and indexes made here, so a later migration's DROP of one is replayed too.
	const made = new Set<string>();
	for (const m of migrations.sort((a, b) => a.name.localeCompare(b.name))) {
		for (const stmt of m.sql.split('--> statement-breakpoint')) {
			const dropped = droppedName(stmt);
			if (dropped ? made.delete(dropped) : tables.includes(tableOf(stmt) ?? '')) {
				await client.execute(stmt);
				const name = createdName(stmt);
				if (name) made.add(name);
			}
		}
	}
	return {
		client,
		close: () => {
			client.close();
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

const code = (stmt: string) => stmt.replace(/^\s*--.*$/gm, '');

/** The trigger or index a statement creates. */
function createdName(stmt: string): string | undefined {
	return /\bCREATE\s+(?:UNIQUE\s+)?(?:INDEX|TRIGGER)\s+(?:IF\s+NOT\s+EXISTS\s+)?[`"]?(\w+)/i.exec(
		code(stmt)
	)?.[1];
}

/** The trigger or index a statement drops. */
function droppedName(stmt: string): string | undefined {
	return /\bDROP\s+(?:INDEX|TRIGGER)\s+(?:IF\s+EXISTS\s+)?[`"]?(\w+)/i.exec(code(stmt))?.[1];
}

/** The table a migration statement creates, alters or indexes (or puts a trigger on). */
function tableOf(stmt: string): string | undefined {
	const text = code(stmt);
	return (
		/\b(?:CREATE|ALTER)\s+TABLE\s+[`"]?(\w+)/i.exec(text)?.[1] ??
		/\bCREATE\s+(?:UNIQUE\s+)?(?:INDEX|TRIGGER)\b[^;]*?\bON\s+[`"]?(\w+)/i.exec(text)?.[1]
	);
}
