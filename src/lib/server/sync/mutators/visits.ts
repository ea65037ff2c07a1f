/**
 * Server side of visits. A rep checks in at a trade point of their branch; the server measures
 * the distance to the trade point from the location the rep chose to give (if any) and flags it
 * beyond the organization's radius. Only the rep who checked in checks out.
 */
import { eq } from 'drizzle-orm';
import { AppError, fieldError } from '../../../domain/errors';
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
			version,
			updatedAt: m.now
		});
		return { id: a.id, version, ...place };
	},

	async 'visit.checkOut'(m: MutationContext, a: ArgsOf<'visit.checkOut'>) {
		const [visit] = await m.tx.select().from(visits).where(eq(visits.id, a.id));
		// Another rep's visit answers exactly like one that does not exist.
		if (!visit || visit.organizationId !== m.organizationId || visit.authorId !== m.auth.userId) {
			throw new AppError('not_found', 'No such visit.', {
				id: fieldError('not_found', 'Not found')
			});
		}
		if (visit.checkOutAt !== null) {
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
				checkOutAt: a.at,
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
