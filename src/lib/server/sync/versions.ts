import { sql } from 'drizzle-orm';
import type { Tx } from './context';

/**
 * Takes the organization's next change version, inside the caller's write transaction.
 *
 * Why no change is ever skipped by a pull: a write transaction holds the database's single
 * writer lock from this statement until it commits, so versions commit in the order they are
 * taken. A reader that has seen version N has seen every committed version below N.
 */
export async function nextVersion(tx: Tx, organizationId: string): Promise<number> {
	const rows = await tx.all<{ version: number }>(
		sql`INSERT INTO sync_versions (organization_id, version) VALUES (${organizationId}, 1)
			ON CONFLICT (organization_id) DO UPDATE SET version = version + 1
			RETURNING version`
	);
	return Number(rows[0]!.version);
}
