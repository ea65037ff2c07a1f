/**
 * Deleting an organization: requested by its admin, undoable for a grace period, then every row
 * of it removed by the scheduled run — through the same table list as the export.
 */
import type { Client } from '@libsql/client';
import { and, eq, isNull, lte } from 'drizzle-orm';
import type { Db } from '../db/client';
import { organizationDeletions } from '../db/schema';
import { organizationTables } from './tables';
import { photoKey, type PhotoStore } from '../photos/store';

export const DELETION_GRACE_MS = 30 * 86_400_000;

/** Tables whose rows others point at go last. */
const LAST = ['role_assignments', 'sessions', 'users', 'branches', 'organizations'];

export async function purgeOrganization(
	client: Client,
	organizationId: string,
	store?: PhotoStore
) {
	// The photo bytes first, while the rows still name them (a failure leaves rows to retry).
	if (store) {
		const rows = await client.execute({
			sql: 'SELECT id, thumb_sha256 FROM photos WHERE organization_id = ?',
			args: [organizationId]
		});
		await store.delete(
			rows.rows.flatMap((r) => [
				photoKey(organizationId, String(r.id)),
				...(r.thumb_sha256 ? [photoKey(organizationId, String(r.id), true)] : [])
			])
		);
	}
	const tables = (await organizationTables(client)).sort(
		(a, b) => LAST.indexOf(a.name) - LAST.indexOf(b.name)
	);
	const marker = `purge:${organizationId}`;
	await client.batch(
		[
			{ sql: 'INSERT INTO erasure_marker (id) VALUES (?)', args: [marker] },
			...tables.map((t) => ({
				sql: `DELETE FROM "${t.name}" WHERE ${t.where}`,
				args: [organizationId]
			})),
			{ sql: 'DELETE FROM erasure_marker WHERE id = ?', args: [marker] }
		],
		'write'
	);
}

/** Purges every organization whose grace period is over; answers how many. */
export async function purgeDueOrganizations(
	db: Db,
	client: Client,
	now = Date.now(),
	store?: PhotoStore
) {
	const due = await db
		.select({ id: organizationDeletions.organizationId })
		.from(organizationDeletions)
		.where(and(isNull(organizationDeletions.cancelledAt), lte(organizationDeletions.purgeAt, now)));
	for (const { id } of due) {
		await purgeOrganization(client, id, store);
		await db.delete(organizationDeletions).where(eq(organizationDeletions.organizationId, id));
	}
	return due.length;
}
