/**
 * Visits, written once. A rep checks in at a trade point of their branch; the distance to the
 * trade point is measured from the location the rep chose to give (if any) and flagged beyond
 * the organization's radius. Only the rep who checked in checks out. One visit is open at a time:
 * a check-in closes the rep's other open visit (sent by a device that had not heard of it, or an
 * older app) with the not-checked-out mark instead of leaving two open.
 */
import { AppError, fieldError } from '../errors';
import { checkInPlace, DEFAULT_VISIT_RADIUS_M } from '../geo/distance';
import type { Need, PlanContext, Planned, View, Write } from '../sync/plan';
import { tradePointOf } from '../sync/plan-steps';
import type { ArgsOf } from '../sync/registry';
import { lateCheckOutAt, NOT_CHECKED_OUT, visitsToClose } from './visits';

/** The rep's open visits: by author, only those not checked out (their history stays unread). */
const openVisitsOf = (userId: string): Need => ({
	table: 'visits',
	by: 'authorId',
	value: userId,
	unset: 'checkOutAt'
});

export const visitPlans = {
	'visit.checkIn': {
		reads: (a: ArgsOf<'visit.checkIn'>, ctx: Pick<PlanContext, 'userId'>): Need[] => [
			{ table: 'visits', by: 'id', value: a.id },
			{ table: 'tradePoints', by: 'id', value: a.tradePointId },
			openVisitsOf(ctx.userId)
		],
		plan(view: View, a: ArgsOf<'visit.checkIn'>, ctx: PlanContext): Planned {
			// On the device a visit with this fresh id is this check-in's own, applied again.
			if (view.get('visits', a.id) && !ctx.device) {
				throw new AppError('conflict', 'This visit is already checked in.', {
					id: fieldError('wrong_state', 'Already checked in')
				});
			}
			// A trade point the device has not synced: the visit shows, the server measures it.
			const point =
				ctx.device && !view.get('tradePoints', a.tradePointId)
					? undefined
					: tradePointOf(view, ctx, a.tradePointId);
			const place = checkInPlace(
				a.location,
				{ lat: point?.lat ?? null, lng: point?.lng ?? null },
				ctx.settings.visitRadiusM ?? DEFAULT_VISIT_RADIUS_M
			);
			const open = view.where('visits', 'authorId', ctx.userId, 'checkOutAt');
			const closes = visitsToClose(open, { id: a.id, checkInAt: a.at });
			const writes: Write[] = closes
				.filter((c) => c.id !== a.id)
				.map((c) => ({
					put: 'visits',
					row: {
						...open.find((v) => v.id === c.id)!,
						checkOutAt: c.at,
						outcome: NOT_CHECKED_OUT,
						updatedAt: ctx.now
					}
				}));
			// Only when a later visit is already open: this check-in arrived late and ends at once.
			const self = closes.find((c) => c.id === a.id);
			writes.push({
				put: 'visits',
				row: {
					id: a.id,
					version: 0,
					updatedAt: ctx.now,
					branchId: point?.branchId ?? ctx.branchId ?? '',
					tradePointId: a.tradePointId,
					authorId: ctx.userId,
					checkInAt: a.at,
					lat: a.location?.lat ?? null,
					lng: a.location?.lng ?? null,
					accuracy: a.location?.accuracy ?? null,
					locationSource: a.location?.source ?? null,
					distance: place.distance,
					flagged: place.flagged,
					checkOutAt: self?.at ?? null,
					outcome: self ? NOT_CHECKED_OUT : null,
					reason: null,
					note: null
				}
			});
			return {
				writes,
				result: { id: a.id, ...place, closed: closes.map((c) => c.id) },
				versioned: true
			};
		}
	},

	'visit.checkOut': {
		reads: (a: ArgsOf<'visit.checkOut'>): Need[] => [{ table: 'visits', by: 'id', value: a.id }],
		plan(view: View, a: ArgsOf<'visit.checkOut'>, ctx: PlanContext): Planned {
			const visit = view.get('visits', a.id);
			// Another rep's visit answers exactly like one that does not exist.
			if (!visit || visit.authorId !== ctx.userId) {
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
			const row = {
				...visit,
				checkOutAt: late ? lateCheckOutAt(visit.checkOutAt!, a.at) : a.at,
				outcome: a.outcome,
				reason: a.outcome === 'no_sale' ? (a.reason ?? null) : null,
				note: a.note || null,
				updatedAt: ctx.now
			};
			return { writes: [{ put: 'visits', row }], result: { id: a.id }, versioned: true };
		}
	}
};
