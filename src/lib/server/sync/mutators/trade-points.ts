/**
 * Server side of the counterparty and trade point mutations. Trade points belong to a branch;
 * an admin works across branches, a manager only within their own.
 */
import { eq } from 'drizzle-orm';
import { AppError } from '../../../domain/errors';
import type { ArgsOf } from '../../../domain/sync/registry';
import { counterparties, tombstones, tradePoints } from '../../db/schema';
import type { MutationContext } from '../context';
import { assertInOrg, assertOwnable, assertOwnableInBranch, targetBranch } from './ownership';

const findTradePoint = (m: MutationContext, id: string) =>
	assertOwnableInBranch(m, tradePoints, id, 'trade point');

export const tradePointMutators = {
	async 'counterparty.upsert'(m: MutationContext, a: ArgsOf<'counterparty.upsert'>) {
		const existing = await assertOwnable(m, counterparties, a.id, 'counterparty');
		const row = {
			name: a.name,
			kind: a.kind ?? existing?.kind ?? 'customer',
			taxId: a.taxId || null,
			phone: a.phone || null,
			email: a.email || null,
			address: a.address || null,
			contactName: a.contactName || null,
			version: await m.version(),
			updatedAt: m.now
		};
		await m.tx
			.insert(counterparties)
			.values({ id: a.id, organizationId: m.organizationId, ...row })
			.onConflictDoUpdate({ target: counterparties.id, set: row });
		return { id: a.id, version: row.version };
	},

	async 'tradePoint.upsert'(m: MutationContext, a: ArgsOf<'tradePoint.upsert'>) {
		const existing = await findTradePoint(m, a.id);
		if (a.counterpartyId) await assertInOrg(m, counterparties, a.counterpartyId, 'counterpartyId');
		const branchId = await targetBranch(
			m,
			a.branchId,
			existing?.branchId,
			'Only an administrator moves trade points between branches.'
		);
		const location =
			a.location === undefined
				? {
						lat: existing?.lat ?? null,
						lng: existing?.lng ?? null,
						locationSource: existing?.locationSource ?? null
					}
				: a.location === null
					? { lat: null, lng: null, locationSource: null }
					: { lat: a.location.lat, lng: a.location.lng, locationSource: a.location.source };
		const version = await m.version();
		const row = {
			branchId,
			name: a.name,
			address: a.address || null,
			counterpartyId: a.counterpartyId ?? null,
			channel: a.channel ?? null,
			...location,
			archived: existing?.archived ?? false,
			version,
			updatedAt: m.now
		};
		await m.tx
			.insert(tradePoints)
			.values({ id: a.id, organizationId: m.organizationId, ...row })
			.onConflictDoUpdate({ target: tradePoints.id, set: row });
		if (existing && existing.branchId !== branchId) {
			// Reps and managers of the old branch must drop it from their devices.
			await m.tx.insert(tombstones).values({
				organizationId: m.organizationId,
				tableName: 'tradePoints',
				rowId: a.id,
				branchId: existing.branchId,
				version
			});
		}
		return { id: a.id, version };
	},

	async 'tradePoint.archive'(m: MutationContext, a: ArgsOf<'tradePoint.archive'>) {
		const existing = await findTradePoint(m, a.id);
		if (!existing) throw new AppError('not_found', 'No such trade point.');
		const version = await m.version();
		await m.tx
			.update(tradePoints)
			.set({ archived: true, version, updatedAt: m.now })
			.where(eq(tradePoints.id, a.id));
		return { id: a.id, version };
	}
};
