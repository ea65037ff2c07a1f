import type { RowOf, SyncedTable } from '../../domain/sync/rows';
import type { OptioDb, Snapshot } from './db';

/**
 * What a device mutator may do: read and write synced rows. It records the first state of every
 * row it touches, so the effect can be undone if the server refuses the mutation.
 */
export class LocalWriter {
	readonly snapshots: Snapshot[] = [];
	readonly #seen = new Set<string>();

	constructor(
		private readonly db: OptioDb,
		/** The signed-in user and their branch, for defaults; the time the user acted. */
		readonly context: { branchId: string | null; userId: string; now: number }
	) {}

	get<T extends SyncedTable>(table: T, id: string): Promise<RowOf[T] | undefined> {
		return this.db[table].get(id) as Promise<RowOf[T] | undefined>;
	}

	/** The rows of these ids that exist. */
	async bulkGet<T extends SyncedTable>(table: T, ids: string[]): Promise<RowOf[T][]> {
		const rows = (await this.db[table].bulkGet(ids)) as (RowOf[T] | undefined)[];
		return rows.filter((r): r is RowOf[T] => !!r);
	}

	/** Every row of a (small) table: price lists, promotions. */
	all<T extends SyncedTable>(table: T): Promise<RowOf[T][]> {
		return this.db[table].toArray() as unknown as Promise<RowOf[T][]>;
	}

	/** The rows whose indexed `field` is one of `values`. */
	anyOf<T extends SyncedTable>(table: T, field: string, values: string[]): Promise<RowOf[T][]> {
		return this.db[table].where(field).anyOf(values).toArray() as unknown as Promise<RowOf[T][]>;
	}

	/** The rows whose `field` equals `value`: by its index where it has one. */
	async where<T extends SyncedTable>(table: T, field: string, value: string): Promise<RowOf[T][]> {
		const store = this.db[table];
		const indexed = store.schema.indexes.some((i) => i.name === field);
		const rows = indexed
			? await store.where(field).equals(value).toArray()
			: await store
					.filter((r) => (r as unknown as Record<string, unknown>)[field] === value)
					.toArray();
		return rows as unknown as RowOf[T][];
	}

	async #remember(table: SyncedTable, id: string) {
		const key = `${table}:${id}`;
		if (this.#seen.has(key)) return;
		this.#seen.add(key);
		this.snapshots.push({
			table,
			id,
			row: ((await this.db[table].get(id)) as RowOf[SyncedTable]) ?? null
		});
	}

	async put<T extends SyncedTable>(table: T, row: RowOf[T]): Promise<void> {
		await this.#remember(table, row.id);
		await (this.db[table] as unknown as { put(r: RowOf[T]): Promise<unknown> }).put(row);
	}

	async delete(table: SyncedTable, id: string): Promise<void> {
		await this.#remember(table, id);
		await this.db[table].delete(id);
	}
}
