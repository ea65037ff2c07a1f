/**
 * Server side of visits. A rep checks in at a trade point of their branch; the server measures
 * the distance to the trade point from the location the rep chose to give (if any) and flags it
 * beyond the organization's radius. Only the rep who checked in checks out. One visit is open at
 * a time: a check-in closes the rep's other open visit (sent by a device that had not heard of
 * it, or an older app) with the not-checked-out mark instead of leaving two open.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { AppError, fieldError } from '../../../domain/errors';
import { lateCheckOutAt, NOT_CHECKED_OUT, visitsToClose } from '../../../domain/field/visits';
import { checkInPlace, DEFAULT_VISIT_RADIUS_M } from '../../../domain/geo/distance';
import type { ArgsOf } from '../../../domain/sync/registry';
import { organizations, tradePoints, visits } from '../../db/schema';
import type { MutationContext } from '../context';
import { assertInOrg, assertOwnable } from './ownership';

async function radiusOf(m: MutationContext): Promise<number> {
	const [org] = await m.tx
		.select({ settings: organizations.settings })
		.from(organizations)
		.where(eq(organizations.id, m.organizationId));
	return (
		(org?.settings as { visitRadiusM?: number } | undefined)?.visitRadiusM ?? DEFAULT_VISIT_RADIUS_M
	);
}

export const visitMutators = {
	async 'visit.checkIn'(m: MutationContext, a: ArgsOf<'visit.checkIn'>) {
		if (await assertOwnable(m, visits, a.id, 'visit')) {
			throw new AppError('conflict', 'This visit is already checked in.', {
				id: fieldError('wrong_state', 'Already checked in')
			});
		}
		const point = await assertInOrg(m, tradePoints, a.tradePointId, 'tradePointId');
		if (m.auth.role !== 'admin' && point.branchId !== m.auth.branchId) {
			throw new AppError('not_found', 'No such trade point.', {
				tradePointId: fieldError('not_found', 'Not found')
			});
		}
		const place = checkInPlace(a.location, point, await radiusOf(m));
		const version = await m.version();
		const open = await m.tx
			.select({ id: visits.id, checkInAt: visits.checkInAt })
			.from(visits)
			.where(
				and(
					eq(visits.organizationId, m.organizationId),
					eq(visits.authorId, m.auth.userId),
					isNull(visits.checkOutAt)
				)
			);
		const closes = visitsToClose(open, { id: a.id, checkInAt: a.at });
		for (const c of closes.filter((c) => c.id !== a.id)) {
			await m.tx
				.update(visits)
				.set({ checkOutAt: c.at, outcome: NOT_CHECKED_OUT, version, updatedAt: m.now })
				.where(eq(visits.id, c.id));
		}
		// Only when a later visit is already open: this check-in arrived late and ends at once.
		const self = closes.find((c) => c.id === a.id);
		await m.tx.insert(visits).values({
			id: a.id,
			organizationId: m.organizationId,
			branchId: point.branchId,
			tradePointId: point.id,
			authorId: m.auth.userId,
			checkInAt: a.at,
			lat: a.location?.lat ?? null,
			lng: a.location?.lng ?? null,
			accuracy: a.location?.accuracy ?? null,
			locationSource: a.location?.source ?? null,
			distance: place.distance,
			flagged: place.flagged,
			checkOutAt: self?.at ?? null,
			outcome: self ? NOT_CHECKED_OUT : null,
			version,
			updatedAt: m.now
		});
		return { id: a.id, version, ...place, closed: closes.map((c) => c.id) };
	},

	async 'visit.checkOut'(m: MutationContext, a: ArgsOf<'visit.checkOut'>) {
		const [visit] = await m.tx.select().from(visits).where(eq(visits.id, a.id));
		// Another rep's visit answers exactly like one that does not exist.
		if (!visit || visit.organizationId !== m.organizationId || visit.authorId !== m.auth.userId) {
			throw new AppError('not_found', 'No such visit.', {
				id: fieldError('not_found', 'Not found')
			});
		}
		// Closed as not checked out because the rep checked in elsewhere first: the rep's own
		// check-out, arriving later, still says what happened there.
		const late = visit.outcome === NOT_CHECKED_OUT;
		if (visit.checkOutAt !== null && !late) {
			throw new AppError('conflict', 'This visit is already checked out.', {
				id: fieldError('wrong_state', 'Already checked out')
			});
		}
		if (a.at < visit.checkInAt) {
			throw new AppError('validation', 'Check-out cannot be before check-in.', {
				at: fieldError('before_start', 'Before check-in')
			});
		}
		const version = await m.version();
		await m.tx
			.update(visits)
			.set({
				checkOutAt: late ? lateCheckOutAt(visit.checkOutAt!, a.at) : a.at,
				outcome: a.outcome,
				reason: a.outcome === 'no_sale' ? (a.reason ?? null) : null,
				note: a.note || null,
				version,
				updatedAt: m.now
			})
			.where(eq(visits.id, a.id));
		return { id: a.id, version };
	}
};
