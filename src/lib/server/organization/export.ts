/**
 * The whole organization's data as one gzipped JSON-lines file, streamed table by table in pages
 * so a large organization never sits in memory: first a header line, then one line per row,
 * `{"table": …, "row": {…}}`. Credentials are left out.
 */
import type { Client } from '@libsql/client';
import { organizationTables, SECRET_COLUMNS } from './tables';

const PAGE = 1000;

export function exportOrganization(client: Client, organizationId: string, version: string) {
	const encoder = new TextEncoder();
	const lines = new ReadableStream<Uint8Array>({
		async start(controller) {
			try {
				const tables = await organizationTables(client);
				const line = (value: unknown) =>
					controller.enqueue(encoder.encode(`${JSON.stringify(value)}\n`));
				line({
					export: {
						organizationId,
						at: new Date().toISOString(),
						appVersion: version,
						tables: tables.map((t) => t.name)
					}
				});
				for (const t of tables) {
					const columns = t.columns.filter((c) => !SECRET_COLUMNS.has(c));
					const list = columns.map((c) => `"${c}"`).join(', ');
					for (let offset = 0; ; offset += PAGE) {
						const page = await client.execute({
							sql: `SELECT ${list} FROM "${t.name}" WHERE ${t.where} ORDER BY rowid LIMIT ${PAGE} OFFSET ${offset}`,
							args: [organizationId]
						});
						for (const r of page.rows) {
							line({
								table: t.name,
								row: Object.fromEntries(columns.map((c) => [c, r[c] ?? null]))
							});
						}
						if (page.rows.length < PAGE) break;
					}
				}
				controller.close();
			} catch (err) {
				controller.error(err);
			}
		}
	});
	return lines.pipeThrough(
		new CompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>
	);
}
