/**
 * Targets, written once. Whoever plans a rep's routes sets the rep's monthly targets: a manager
 * for the reps of their branch, an administrator for any. One target per rep and month: a
 * second id for the same rep and month is refused (the screen edits the one there is).
 */
import { AppError, fieldError } from '../errors';
import { repBranch } from '../field/route-plans';
import type { Need, PlanContext, Planned, View, Write } from '../sync/plan';
import { ownBranchRow } from '../sync/plan-steps';
import type { ArgsOf } from '../sync/registry';

export const targetPlans = {
	'target.set': {
		reads: (a: ArgsOf<'target.set'>): Need[] => [
			{ table: 'targets', by: 'id', value: a.id },
			{ table: 'targets', by: 'repId', value: a.repId }
		],
		plan(view: View, a: ArgsOf<'target.set'>, ctx: PlanContext): Planned {
			const old = ownBranchRow(view, ctx, 'targets', a.id, 'target', {
				id: fieldError('not_found', 'Not found')
			});
			const known = repBranch(ctx, a.repId, 'A target is set for a sales rep.');
			if (old && (old.repId !== a.repId || old.month !== a.month)) {
				throw new AppError('validation', 'A target’s rep and month are fixed.', {
					[old.repId !== a.repId ? 'repId' : 'month']: fieldError('cannot_change', 'Fixed once set')
				});
			}
			const twin = view
				.where('targets', 'repId', a.repId)
				.find((t) => t.month === a.month && t.id !== a.id);
			if (twin) {
				throw new AppError('conflict', 'This rep already has a target for that month.', {
					month: fieldError('duplicate', 'Already set')
				});
			}
			const writes: Write[] = [
				{
					put: 'targets',
					row: {
						id: a.id,
						version: old?.version ?? 0,
						updatedAt: ctx.now,
						branchId: known ?? old?.branchId ?? ctx.branchId ?? '',
						repId: a.repId,
						month: a.month,
						salesAmount: a.salesAmount ?? null,
						visits: a.visits ?? null,
						strikeRate: a.strikeRate ?? null,
						mustSellCoverage: a.mustSellCoverage ?? null
					}
				}
			];
			return { writes, result: { id: a.id }, versioned: true };
		}
	}
};
