/**
 * The whole organization's data as one gzipped JSON-lines file, streamed table by table in pages
 * so a large organization never sits in memory: first a header line, then one line per row,
 * `{"table": …, "row": {…}}`, then (with a photo store) one line per photo's bytes,
 * `{"photo": {"id", "contentType", "sha256", "base64", "thumbnail"?}}`. Credentials are left out.
 */
import type { Client } from '@libsql/client';
import { organizationTables, SECRET_COLUMNS } from './tables';
import { photoKey, type PhotoStore } from '../photos/store';

const PAGE = 1000;

export function exportOrganization(
	client: Client,
	organizationId: string,
	version: string,
	store?: PhotoStore
) {
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
							sql: `SELECT ${list} FROM "${t.name}" WHERE ${t.where} ORDER BY ${t.order} LIMIT ${PAGE} OFFSET ${offset}`,
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
				if (store) await exportPhotos(client, organizationId, store, line);
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

/** Every photo's bytes (and thumbnail), one line each, read one at a time. */
async function exportPhotos(
	client: Client,
	organizationId: string,
	store: PhotoStore,
	line: (value: unknown) => void
) {
	for (let offset = 0; ; offset += PAGE) {
		const page = await client.execute({
			sql: `SELECT id, content_type, sha256, thumb_content_type, thumb_sha256 FROM photos WHERE organization_id = ? ORDER BY rowid LIMIT ${PAGE} OFFSET ${offset}`,
			args: [organizationId]
		});
		for (const r of page.rows) {
			const id = String(r.id);
			const bytes = await store.get(photoKey(organizationId, id));
			if (!bytes) continue;
			const thumb = r.thumb_sha256 ? await store.get(photoKey(organizationId, id, true)) : null;
			line({
				photo: {
					id,
					contentType: r.content_type,
					sha256: r.sha256,
					base64: base64(bytes),
					...(thumb && { thumbnail: { contentType: r.thumb_content_type, base64: base64(thumb) } })
				}
			});
		}
		if (page.rows.length < PAGE) break;
	}
}

function base64(bytes: Uint8Array): string {
	let text = '';
	for (let i = 0; i < bytes.length; i += 0x8000) {
		text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
	}
	return btoa(text);
}
