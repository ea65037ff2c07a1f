import { checkInPlace } from '../../../domain/geo/distance';
import { lateCheckOutAt, NOT_CHECKED_OUT, visitsToClose } from '../../../domain/field/visits';
import type { ArgsOf } from '../../../domain/sync/registry';
import type { LocalWriter } from './writer';

/**
 * Local effects of visits: the device measures the distance too; the server's figure replaces it.
 * Like the server, a check-in closes the rep's other open visit with the not-checked-out mark
 * (the visit screen asks the rep to check out first, so this is the fallback).
 */
export const visitMutators = {
	async 'visit.checkIn'(w: LocalWriter, a: ArgsOf<'visit.checkIn'>) {
		const point = await w.get('tradePoints', a.tradePointId);
		const place = checkInPlace(a.location, { lat: point?.lat ?? null, lng: point?.lng ?? null });
		// A device holds its rep's visits (or a branch's, for a manager): a check-in is rare
		// enough to read them all.
		const open = (await w.all('visits')).filter(
			(v) => v.authorId === w.context.userId && v.checkOutAt === null
		);
		const closes = visitsToClose(open, { id: a.id, checkInAt: a.at });
		for (const c of closes.filter((c) => c.id !== a.id)) {
			const visit = open.find((v) => v.id === c.id)!;
			await w.put('visits', { ...visit, checkOutAt: c.at, outcome: NOT_CHECKED_OUT });
		}
		const self = closes.find((c) => c.id === a.id);
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
			checkOutAt: self?.at ?? null,
			outcome: self ? NOT_CHECKED_OUT : null,
			reason: null,
			note: null
		});
	},

	async 'visit.checkOut'(w: LocalWriter, a: ArgsOf<'visit.checkOut'>) {
		const visit = await w.get('visits', a.id);
		const late = visit?.outcome === NOT_CHECKED_OUT;
		if (!visit || (visit.checkOutAt !== null && !late)) return;
		await w.put('visits', {
			...visit,
			checkOutAt: late ? lateCheckOutAt(visit.checkOutAt!, a.at) : a.at,
			outcome: a.outcome,
			reason: a.outcome === 'no_sale' ? (a.reason ?? null) : null,
			note: a.note || null
		});
	}
};
