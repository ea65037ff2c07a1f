/**
 * Server side of the inventory mutations. A warehouse belongs to a branch: an administrator
 * works across branches, a manager only within their own; a van belongs to one of the
 * branch's reps, a store to one of its trade points.
 */
import { and, eq, or } from 'drizzle-orm';
import { AppError, fieldError } from '../../../domain/errors';
import type { ArgsOf } from '../../../domain/sync/registry';
import {
	roleAssignments,
	stockBalances,
	stockDocuments,
	stockMovements,
	tradePoints,
	users,
	warehouses
} from '../../db/schema';
import type { MutationContext } from '../context';
import { assertInOrg, assertOwnableInBranch, targetBranch } from './ownership';

const OWNER_ROLE = { van: 'rep', store: 'cashier' } as const;

/** Who owns a van (a rep) or a store (a cashier): an employee of the warehouse's branch. */
async function assertOwner(
	m: MutationContext,
	kind: keyof typeof OWNER_ROLE,
	ownerId: string,
	branchId: string
) {
	const [owner] = await m.tx
		.select({ role: roleAssignments.role, branchId: roleAssignments.branchId })
		.from(users)
		.innerJoin(roleAssignments, eq(roleAssignments.userId, users.id))
		.where(and(eq(users.id, ownerId), eq(users.organizationId, m.organizationId)));
	if (!owner)
		throw new AppError('not_found', 'No such employee.', {
			ownerId: fieldError('not_found', 'Not found')
		});
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

async function hasStock(m: MutationContext, warehouseId: string): Promise<boolean> {
	const [any] = await m.tx
		.select({ id: stockMovements.id })
		.from(stockMovements)
		.where(eq(stockMovements.warehouseId, warehouseId))
		.limit(1);
	return !!any;
}

export const inventoryMutators = {
	async 'warehouse.upsert'(m: MutationContext, a: ArgsOf<'warehouse.upsert'>) {
		const existing = await assertOwnableInBranch(m, warehouses, a.id, 'warehouse');
		if (existing && existing.kind !== a.kind) {
			// Its movements were made as that kind (a van's loads, a store's sales).
			throw new AppError('validation', "A warehouse's kind does not change.", {
				kind: fieldError('cannot_change', 'Cannot change')
			});
		}
		const branchId = await targetBranch(
			m,
			a.branchId,
			existing?.branchId,
			'Only an administrator works with other branches.'
		);
		if (existing && existing.branchId !== branchId && (await hasStock(m, a.id))) {
			// Its documents are numbered and flagged in the branch they were made in.
			throw new AppError('validation', 'A warehouse with stock stays in its branch.', {
				branchId: fieldError('wrong_state', 'Has stock')
			});
		}
		if (a.ownerId && (a.kind === 'van' || a.kind === 'store')) {
			await assertOwner(m, a.kind, a.ownerId, branchId);
		}
		if (a.tradePointId) {
			const point = await assertInOrg(m, tradePoints, a.tradePointId, 'tradePointId');
			if (point.branchId !== branchId) {
				throw new AppError('validation', 'A store belongs to a trade point of its branch.', {
					tradePointId: fieldError('not_allowed', 'Another branch')
				});
			}
		}
		const version = await m.version();
		const row = {
			branchId,
			name: a.name,
			kind: a.kind,
			ownerId: a.ownerId ?? null,
			tradePointId: a.tradePointId ?? null,
			archived: a.archived ?? existing?.archived ?? false,
			version,
			updatedAt: m.now
		};
		await m.tx
			.insert(warehouses)
			.values({ id: a.id, organizationId: m.organizationId, ...row })
			.onConflictDoUpdate({ target: warehouses.id, set: row });
		if (existing && existing.ownerId !== row.ownerId) {
			// A van handed to another rep: its stock and documents are now theirs to pull.
			await m.tx.update(stockBalances).set({ version }).where(eq(stockBalances.warehouseId, a.id));
			await m.tx
				.update(stockDocuments)
				.set({ version })
				.where(or(eq(stockDocuments.warehouseId, a.id), eq(stockDocuments.toWarehouseId, a.id)));
		}
		return { id: a.id, version };
	}
};
