/**
 * Routes, written once. A manager plans routes for the reps of their branch (an administrator
 * for any branch), through the trade points of the rep's branch. A route's branch is its rep's.
 */
import { AppError, fieldError } from '../errors';
import type { Need, PlanContext, Planned, View, Write } from '../sync/plan';
import { orgWide, ownBranchRow, putOver } from '../sync/plan-steps';
import type { ArgsOf } from '../sync/registry';

/**
 * The rep's branch; another organization's user, or another branch's for a manager, is
 * unknown. Null on the device, which does not know the people (the server decides). Routes and
 * targets are for sales reps (`notRep` says what is refused).
 */
export function repBranch(
	ctx: PlanContext,
	repId: string,
	notRep = 'A route is planned for a sales rep.'
): string | null {
	if (!ctx.employees) return null;
	const rep = ctx.employees.get(repId);
	if (!rep || !rep.branchId || (!orgWide(ctx) && rep.branchId !== ctx.branchId)) {
		throw new AppError('not_found', 'No such employee.', {
			repId: fieldError('not_found', 'Not found')
		});
	}
	if (rep.role !== 'rep') {
		throw new AppError('validation', notRep, {
			repId: fieldError('wrong_role', 'Not a sales rep')
		});
	}
	return rep.branchId;
}

/** Every stop must be a live trade point of the route's branch; the first bad one is named. */
function mustBeStops(view: View, stops: readonly string[], branchId: string) {
	stops.forEach((id, i) => {
		const p = view.get('tradePoints', id);
		if (!p || p.branchId !== branchId) {
			throw new AppError('not_found', 'No such trade point in the rep’s branch.', {
				[`stops.${i}`]: fieldError('not_found', 'Not found')
			});
		}
		if (p.archived) {
			throw new AppError('validation', 'An archived trade point cannot be on a route.', {
				[`stops.${i}`]: fieldError('archived', 'Archived')
			});
		}
	});
}

export const routePlans = {
	'route.upsert': {
		reads: (a: ArgsOf<'route.upsert'>): Need[] => [
			{ table: 'routes', by: 'id', value: a.id },
			...a.stops.map((value): Need => ({ table: 'tradePoints', by: 'id', value }))
		],
		plan(view: View, a: ArgsOf<'route.upsert'>, ctx: PlanContext): Planned {
			const old = ownBranchRow(view, ctx, 'routes', a.id, 'route');
			const known = repBranch(ctx, a.repId);
			if (known !== null) mustBeStops(view, a.stops, known);
			const branchId = known ?? old?.branchId ?? ctx.branchId ?? '';
			const writes: Write[] = [];
			if (old && old.repId !== a.repId) {
				// The route's former rep drops it; its new rep gets the row of the same version (a
				// pull puts a version's tombstones before its rows).
				writes.push({ tombstone: 'routes', id: a.id, branchId: old.branchId });
			}
			writes.push({
				put: 'routes',
				row: {
					id: a.id,
					version: old?.version ?? 0,
					updatedAt: ctx.now,
					branchId,
					repId: a.repId,
					name: a.name,
					weekdays: a.date ? [] : [...new Set(a.weekdays ?? [])].sort(),
					date: a.date ?? null,
					stops: a.stops,
					archived: false
				}
			});
			return { writes, result: { id: a.id }, versioned: true };
		}
	},

	'route.archive': {
		reads: (a: ArgsOf<'route.archive'>): Need[] => [{ table: 'routes', by: 'id', value: a.id }],
		plan(view: View, a: ArgsOf<'route.archive'>, ctx: PlanContext): Planned {
			const missing = { id: fieldError('not_found', 'Not found') };
			const old = ownBranchRow(view, ctx, 'routes', a.id, 'route', missing);
			if (!old) throw new AppError('not_found', 'No such route.', missing);
			const writes: Write[] = [putOver(ctx, 'routes', old, { archived: true })];
			return { writes, result: { id: a.id }, versioned: true };
		}
	}
};
