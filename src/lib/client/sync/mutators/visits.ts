import { checkInPlace } from '../../../domain/geo/distance';
import type { ArgsOf } from '../../../domain/sync/registry';
import type { LocalWriter } from './writer';

/** Local effects of visits: the device measures the distance too; the server's figure replaces it. */
export const visitMutators = {
	async 'visit.checkIn'(w: LocalWriter, a: ArgsOf<'visit.checkIn'>) {
		const point = await w.get('tradePoints', a.tradePointId);
		const place = checkInPlace(a.location, { lat: point?.lat ?? null, lng: point?.lng ?? null });
		await w.put('visits', {
			id: a.id,
			version: 0,
			updatedAt: w.context.now,
			branchId: point?.branchId ?? w.context.branchId ?? '',
			tradePointId: a.tradePointId,
			authorId: w.context.userId,
			checkInAt: a.at,
			lat: a.location?.lat ?? null,
			lng: a.location?.lng ?? null,
			accuracy: a.location?.accuracy ?? null,
			locationSource: a.location?.source ?? null,
			...place,
			checkOutAt: null,
			outcome: null,
			reason: null,
			note: null
		});
	},

	async 'visit.checkOut'(w: LocalWriter, a: ArgsOf<'visit.checkOut'>) {
		const visit = await w.get('visits', a.id);
		if (!visit || visit.checkOutAt !== null) return;
		await w.put('visits', {
			...visit,
			checkOutAt: a.at,
			outcome: a.outcome,
			reason: a.outcome === 'no_sale' ? (a.reason ?? null) : null,
			note: a.note || null
		});
	}
};
