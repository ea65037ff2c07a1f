import { liveQuery, type Observable } from 'dexie';

/**
 * A Dexie live query over the current value of `key`, for use in `$derived`: the derived reads
 * `key` here, so it makes a new query when `key` changes. (Dexie runs a querier later, outside
 * the derived, so state read only inside it would never be tracked.)
 * @example const balances = $derived(liveFor(warehouseId, (id) => db.balances.where('warehouseId').equals(id).toArray()));
 */
export function liveFor<K, T>(key: K, query: (key: K) => Promise<T>): Observable<T> {
	return liveQuery(() => query(key));
}
