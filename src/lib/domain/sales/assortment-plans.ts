/**
 * Assortments, written once: a manager sets the products a channel or a trade point is offered,
 * and which of them are must-sell. A channel's list is the organization's; a trade point's list
 * is for a trade point of the manager's branch (any, for an administrator). Every product must
 * be the organization's own.
 */
import { AppError, fieldError } from '../errors';
import type { Need, PlanContext, Planned, View } from '../sync/plan';
import { mustAllExist, tradePointOf } from '../sync/plan-steps';
import type { ArgsOf } from '../sync/registry';
import { assortmentTarget } from './assortment';

export const assortmentPlans = {
	'assortment.set': {
		reads: (a: ArgsOf<'assortment.set'>): Need[] => [
			{ table: 'assortments', by: 'id', value: a.id },
			{ table: 'assortments', by: 'target', value: assortmentTarget(a) },
			...(a.tradePointId
				? [{ table: 'tradePoints' as const, by: 'id', value: a.tradePointId }]
				: []),
			...a.lines.map((l): Need => ({ table: 'products', by: 'id', value: l.productId }))
		],
		plan(view: View, a: ArgsOf<'assortment.set'>, ctx: PlanContext): Planned {
			const target = assortmentTarget(a);
			const field = a.scope === 'channel' ? 'channel' : 'tradePointId';
			const old = view.get('assortments', a.id);
			// A list keeps what it is for: another target is another list.
			if (old && old.target !== target) {
				throw new AppError('validation', 'This list is for another channel or trade point.', {
					[field]: fieldError('cannot_change', 'Cannot change')
				});
			}
			if (view.where('assortments', 'target', target).some((r) => r.id !== a.id)) {
				throw new AppError('conflict', 'This channel or trade point already has a list.', {
					[field]: fieldError('taken', 'Already has a list')
				});
			}
			if (a.tradePointId) tradePointOf(view, ctx, a.tradePointId);
			view.prefetch(a.lines.map((l) => ({ table: 'products', by: 'id', value: l.productId })));
			mustAllExist(
				view,
				'products',
				a.lines.map((l) => l.productId),
				'lines'
			);
			return {
				writes: [
					{
						put: 'assortments',
						row: {
							id: a.id,
							version: old?.version ?? 0,
							updatedAt: ctx.now,
							scope: a.scope,
							channel: a.channel ?? null,
							tradePointId: a.tradePointId ?? null,
							target,
							lines: a.lines.map((l) => ({ productId: l.productId, mustSell: l.mustSell }))
						}
					}
				],
				result: { id: a.id },
				versioned: true
			};
		}
	}
};
