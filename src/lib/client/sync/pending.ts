/**
 * The outbox's pending entries, read without the mutations' schemas and plans (outbox.ts): a
 * sync round that finds nothing queued never loads them (issue 15: total blocking time).
 */
import { db, type OutboxEntry } from './db';

/** Pending entries in the order they were made (UUIDv7 ids sort by time). */
export async function pendingEntries(userId: string, limit = Infinity): Promise<OutboxEntry[]> {
	const all = await db.outbox.where('status').equals('pending').sortBy('id');
	return all.filter((e) => e.userId === userId).slice(0, limit);
}
