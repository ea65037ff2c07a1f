import type { Table } from 'dexie';

/**
 * The rows of `table` that `ids` name (each once; missing and empty ids skipped), by id: what a
 * screen reads to name the few products, trade points or customers it shows, instead of every
 * row the device holds (a branch's device keeps thousands).
 */
export async function rowsById<T extends { id: string }, Insert>(
	table: Table<T, string, Insert>,
	ids: Iterable<string | null | undefined>
): Promise<Map<string, T>> {
	const wanted = [...new Set([...ids].filter((id): id is string => !!id))];
	const rows = await table.bulkGet(wanted);
	return new Map(rows.filter((r): r is T => r !== undefined).map((r) => [r.id, r]));
}
