/**
 * Server side of the inventory mutations. A warehouse belongs to a branch: an administrator
 * works across branches, a manager only within their own; a van belongs to one of the
 * branch's reps, a store to one of its trade points.
 */
import { and, eq } from 'drizzle-orm';
import { AppError } from '../../../domain/errors';
import type { ArgsOf } from '../../../domain/sync/registry';
import { roleAssignments, tradePoints, users, warehouses } from '../../db/schema';
import type { MutationContext } from '../context';
import { assertInOrg, assertOwnableInBranch, targetBranch } from './ownership';

/** The rep who owns a van: a rep of the van's branch in this organization. */
async function assertVanOwner(m: MutationContext, ownerId: string, branchId: string) {
	const [owner] = await m.tx
		.select({ role: roleAssignments.role, branchId: roleAssignments.branchId })
		.from(users)
		.innerJoin(roleAssignments, eq(roleAssignments.userId, users.id))
		.where(and(eq(users.id, ownerId), eq(users.organizationId, m.organizationId)));
	if (!owner) throw new AppError('not_found', 'No such employee.', { ownerId: 'Not found' });
	if (owner.role !== 'rep' || owner.branchId !== branchId) {
		throw new AppError('validation', "A van belongs to a sales rep of the van's branch.", {
			ownerId: 'Not a rep of this branch'
		});
	}
}

export const inventoryMutators = {
	async 'warehouse.upsert'(m: MutationContext, a: ArgsOf<'warehouse.upsert'>) {
		const existing = await assertOwnableInBranch(m, warehouses, a.id, 'warehouse');
		if (existing && existing.kind !== a.kind) {
			// Its movements were made as that kind (a van's loads, a store's sales).
			throw new AppError('validation', "A warehouse's kind does not change.", {
				kind: 'Cannot change'
			});
		}
		const branchId = await targetBranch(
			m,
			a.branchId,
			existing?.branchId,
			'Only an administrator works with other branches.'
		);
		if (a.kind === 'van') await assertVanOwner(m, a.ownerId!, branchId);
		if (a.tradePointId) {
			const point = await assertInOrg(m, tradePoints, a.tradePointId, 'tradePointId');
			if (point.branchId !== branchId) {
				throw new AppError('validation', 'A store belongs to a trade point of its branch.', {
					tradePointId: 'Another branch'
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
		return { id: a.id, version };
	}
};
