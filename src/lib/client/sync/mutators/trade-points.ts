import type { ArgsOf } from '../../../domain/sync/registry';
import type { LocalWriter } from './writer';

/** Local effects of counterparty and trade point mutations. */
export const tradePointMutators = {
	async 'counterparty.upsert'(w: LocalWriter, a: ArgsOf<'counterparty.upsert'>) {
		const old = await w.get('counterparties', a.id);
		await w.put('counterparties', {
			id: a.id,
			version: old?.version ?? 0,
			updatedAt: w.context.now,
			name: a.name,
			kind: a.kind ?? old?.kind ?? 'customer',
			taxId: a.taxId ?? null,
			phone: a.phone ?? null,
			email: a.email || null,
			address: a.address ?? null,
			contactName: a.contactName ?? null
		});
	},

	async 'tradePoint.upsert'(w: LocalWriter, a: ArgsOf<'tradePoint.upsert'>) {
		const old = await w.get('tradePoints', a.id);
		const location =
			a.location === undefined
				? old && { lat: old.lat, lng: old.lng, source: old.locationSource }
				: a.location;
		await w.put('tradePoints', {
			id: a.id,
			version: old?.version ?? 0,
			updatedAt: w.context.now,
			name: a.name,
			address: a.address ?? null,
			counterpartyId: a.counterpartyId ?? null,
			channel: a.channel ?? null,
			branchId: a.branchId ?? old?.branchId ?? w.context.branchId ?? '',
			lat: location?.lat ?? null,
			lng: location?.lng ?? null,
			locationSource: location?.source ?? null,
			archived: old?.archived ?? false
		});
	},

	async 'tradePoint.archive'(w: LocalWriter, a: ArgsOf<'tradePoint.archive'>) {
		const old = await w.get('tradePoints', a.id);
		if (old) await w.put('tradePoints', { ...old, archived: true, updatedAt: w.context.now });
	}
};
