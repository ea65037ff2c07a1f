/**
 * Warehouses, written once. A warehouse belongs to a branch: an administrator works across
 * branches, a manager only within their own; a van belongs to one of the branch's reps, a store
 * to one of its trade points and is run by one of its cashiers.
 */
import { AppError, fieldError } from '../errors';
import type { Need, PlanContext, Planned, View, Write } from '../sync/plan';
import { mustExist, ownBranchRow, targetBranch } from '../sync/plan-steps';
import type { ArgsOf } from '../sync/registry';

const OWNER_ROLE = { van: 'rep', store: 'cashier' } as const;

/** Who owns a van (a rep) or a store (a cashier): an employee of the warehouse's branch. */
function mustBeOwner(
	ctx: PlanContext,
	kind: keyof typeof OWNER_ROLE,
	ownerId: string,
	branchId: string
) {
	if (!ctx.employees) return; // The device does not know the people; the server decides.
	const owner = ctx.employees.get(ownerId);
	if (!owner) {
		throw new AppError('not_found', 'No such employee.', {
			ownerId: fieldError('not_found', 'Not found')
		});
	}
	if (owner.role !== OWNER_ROLE[kind] || owner.branchId !== branchId) {
		throw new AppError(
			'validation',
			kind === 'van'
				? "A van belongs to a sales rep of the van's branch."
				: "A store is run by a cashier of the store's branch.",
			{
				ownerId: fieldError(
					'wrong_role',
					kind === 'van' ? 'Not a rep of this branch' : 'Not a cashier of this branch'
				)
			}
		);
	}
}

export const warehousePlans = {
	'warehouse.upsert': {
		reads: (a: ArgsOf<'warehouse.upsert'>): Need[] => [
			{ table: 'warehouses', by: 'id', value: a.id },
			...(a.tradePointId ? [{ table: 'tradePoints', by: 'id', value: a.tradePointId } as Need] : [])
		],
		plan(view: View, a: ArgsOf<'warehouse.upsert'>, ctx: PlanContext): Planned {
			const old = ownBranchRow(view, ctx, 'warehouses', a.id, 'warehouse');
			if (old && old.kind !== a.kind) {
				// Its movements were made as that kind (a van's loads, a store's sales).
				throw new AppError('validation', "A warehouse's kind does not change.", {
					kind: fieldError('cannot_change', 'Cannot change')
				});
			}
			const branchId = targetBranch(
				ctx,
				a.branchId,
				old?.branchId,
				'Only an administrator works with other branches.'
			);
			// Stock has moved through it if it has a balance row (the ledger makes one per pair).
			const hasStock = () => view.where('balances', 'warehouseId', a.id).length > 0;
			if (old && old.branchId !== branchId && hasStock()) {
				// Its documents are numbered and flagged in the branch they were made in.
				throw new AppError('validation', 'A warehouse with stock stays in its branch.', {
					branchId: fieldError('wrong_state', 'Has stock')
				});
			}
			if (a.ownerId && (a.kind === 'van' || a.kind === 'store')) {
				mustBeOwner(ctx, a.kind, a.ownerId, branchId);
			}
			if (a.tradePointId) {
				const point = mustExist(view, 'tradePoints', a.tradePointId, 'tradePointId');
				if (point.branchId !== branchId) {
					throw new AppError('validation', 'A store belongs to a trade point of its branch.', {
						tradePointId: fieldError('not_allowed', 'Another branch')
					});
				}
			}
			const ownerId = a.ownerId ?? null;
			const writes: Write[] = [
				{
					put: 'warehouses',
					row: {
						id: a.id,
						version: old?.version ?? 0,
						updatedAt: ctx.now,
						branchId,
						name: a.name,
						kind: a.kind,
						ownerId,
						tradePointId: a.tradePointId ?? null,
						archived: a.archived ?? old?.archived ?? false
					}
				}
			];
			if (old && old.ownerId !== ownerId) {
				// A van handed to another rep: its stock and documents are now theirs to pull.
				writes.push(
					{ touch: 'balances', field: 'warehouseId', value: a.id },
					{ touch: 'stockDocuments', field: 'warehouseId', value: a.id },
					{ touch: 'stockDocuments', field: 'toWarehouseId', value: a.id }
				);
			}
			return { writes, result: { id: a.id }, versioned: true };
		}
	}
};
