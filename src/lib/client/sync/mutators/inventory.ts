import type { ArgsOf } from '../../../domain/sync/registry';
import type { LocalWriter } from './writer';

/** Local effects of the inventory mutations. */
export const inventoryMutators = {
	async 'warehouse.upsert'(w: LocalWriter, a: ArgsOf<'warehouse.upsert'>) {
		const old = await w.get('warehouses', a.id);
		await w.put('warehouses', {
			id: a.id,
			version: old?.version ?? 0,
			updatedAt: w.context.now,
			name: a.name,
			kind: a.kind,
			branchId: a.branchId ?? old?.branchId ?? w.context.branchId ?? '',
			ownerId: a.ownerId ?? null,
			tradePointId: a.tradePointId ?? null,
			archived: a.archived ?? old?.archived ?? false
		});
	}
};
