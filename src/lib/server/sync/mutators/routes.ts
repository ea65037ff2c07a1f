/**
 * Server side of routes. A manager plans routes for the reps of their branch (an administrator
 * for any branch), through the trade points of the rep's branch. A route's branch is its rep's.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { AppError, fieldError } from '../../../domain/errors';
import type { ArgsOf } from '../../../domain/sync/registry';
import { roleAssignments, routes, tombstones, tradePoints, users } from '../../db/schema';
import type { MutationContext } from '../context';
import { assertOwnableInBranch, orgWide } from './ownership';

/** The rep's branch; another organization's user, or another branch's for a manager, is unknown. */
async function repBranch(m: MutationContext, repId: string): Promise<string> {
	const [rep] = await m.tx
		.select({ role: roleAssignments.role, branchId: roleAssignments.branchId })
		.from(users)
		.innerJoin(roleAssignments, eq(roleAssignments.userId, users.id))
		.where(and(eq(users.id, repId), eq(users.organizationId, m.organizationId)));
	if (!rep || !rep.branchId || (!orgWide(m) && rep.branchId !== m.auth.branchId)) {
		throw new AppError('not_found', 'No such employee.', {
			repId: fieldError('not_found', 'Not found')
		});
	}
	if (rep.role !== 'rep') {
		throw new AppError('validation', 'A route is planned for a sales rep.', {
			repId: fieldError('wrong_role', 'Not a sales rep')
		});
	}
	return rep.branchId;
}

/** Every stop must be a live trade point of the route's branch; the first bad one is named. */
async function assertStops(m: MutationContext, stops: string[], branchId: string) {
	if (!stops.length) return;
	const found = await m.tx
		.select({ id: tradePoints.id, branchId: tradePoints.branchId, archived: tradePoints.archived })
		.from(tradePoints)
		.where(and(eq(tradePoints.organizationId, m.organizationId), inArray(tradePoints.id, stops)));
	const byId = new Map(found.map((p) => [p.id, p]));
	stops.forEach((id, i) => {
		const p = byId.get(id);
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

export const routeMutators = {
	async 'route.upsert'(m: MutationContext, a: ArgsOf<'route.upsert'>) {
		const existing = await assertOwnableInBranch(m, routes, a.id, 'route');
		const branchId = await repBranch(m, a.repId);
		await assertStops(m, a.stops, branchId);
		const version = await m.version();
		if (existing && existing.repId !== a.repId) {
			// The route's former rep drops it; its new rep gets the row after this (same version,
			// and a pull puts a version's tombstones before its rows).
			await m.tx.insert(tombstones).values({
				organizationId: m.organizationId,
				tableName: 'routes',
				rowId: a.id,
				branchId: existing.branchId,
				version
			});
		}
		const row = {
			branchId,
			repId: a.repId,
			name: a.name,
			weekdays: a.date ? [] : [...new Set(a.weekdays ?? [])].sort(),
			date: a.date ?? null,
			stops: a.stops,
			archived: false,
			version,
			updatedAt: m.now
		};
		await m.tx
			.insert(routes)
			.values({ id: a.id, organizationId: m.organizationId, ...row })
			.onConflictDoUpdate({ target: routes.id, set: row });
		return { id: a.id, version };
	},

	async 'route.archive'(m: MutationContext, a: ArgsOf<'route.archive'>) {
		const existing = await assertOwnableInBranch(m, routes, a.id, 'route');
		if (!existing)
			throw new AppError('not_found', 'No such route.', {
				id: fieldError('not_found', 'Not found')
			});
		const version = await m.version();
		await m.tx
			.update(routes)
			.set({ archived: true, version, updatedAt: m.now })
			.where(eq(routes.id, a.id));
		return { id: a.id, version };
	}
};
