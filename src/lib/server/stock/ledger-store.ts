/**
 * Writes the stock ledger: movements and the balances they change, in the caller's transaction,
 * so a balance is always the sum of its movements. The rules (what a posting moves, what is a
 * shortage) are in src/lib/domain/inventory/ledger.ts; this module only reads and writes.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { InsufficientStock } from '../../domain/errors';
import {
	balanceKey,
	shortages,
	type Movement,
	type NegativeStockPolicy
} from '../../domain/inventory/ledger';
import { crossedBelow } from '../../domain/inventory/low-stock';
import { fromMilli } from '../../domain/inventory/quantity';
import { queueWebhookEvent } from '../integrations/webhooks';
import { stockBalances, stockMovements, stockShortages } from '../db/schema';
import type { MutationContext, Tx } from '../sync/context';

/** SQLite binds at most 32,766 values per statement; movements have 8 columns. */
const CHUNK = 1000;

/** Balances (thousandths) of these warehouse/product pairs; a missing pair is zero. */
export async function balancesOf(
	tx: Tx,
	pairs: readonly { warehouseId: string; productId: string }[]
): Promise<Map<string, number>> {
	const out = new Map<string, number>();
	if (!pairs.length) return out;
	const warehouseIds = [...new Set(pairs.map((p) => p.warehouseId))];
	const productIds = [...new Set(pairs.map((p) => p.productId))];
	for (let i = 0; i < productIds.length; i += CHUNK) {
		const rows = await tx
			.select({
				warehouseId: stockBalances.warehouseId,
				productId: stockBalances.productId,
				milli: stockBalances.milli
			})
			.from(stockBalances)
			.where(
				and(
					inArray(stockBalances.warehouseId, warehouseIds),
					inArray(stockBalances.productId, productIds.slice(i, i + CHUNK))
				)
			);
		for (const r of rows) out.set(balanceKey(r.warehouseId, r.productId), r.milli);
	}
	return out;
}

export interface LedgerWrite {
	movements: readonly Movement[];
	policy: NegativeStockPolicy;
	/** Each warehouse's branch, for the shortage flags managers see. */
	branchOf: ReadonlyMap<string, string>;
	/** True for a cancellation's movements. */
	reversal: boolean;
}

/**
 * Appends the movements and moves the balances by them. Under `forbid` a movement that would
 * take a balance below zero refuses the whole write (`InsufficientStock`, nothing written);
 * under `allow_and_flag` it is written and flagged. A flag clears once its balance is back at
 * zero or above. Returns the number of new flags.
 */
export async function writeLedger(m: MutationContext, w: LedgerWrite): Promise<number> {
	if (!w.movements.length) return 0;
	const before = await balancesOf(m.tx, w.movements);
	const short = shortages(before, w.movements);
	if (short.length && w.policy === 'forbid') {
		throw new InsufficientStock(
			short.map((s) => ({
				line:
					w.movements.find(
						(mv) => mv.warehouseId === s.warehouseId && mv.productId === s.productId && mv.milli < 0
					)?.line ?? 0,
				warehouseId: s.warehouseId,
				productId: s.productId,
				available: fromMilli(s.available),
				needed: fromMilli(s.needed)
			}))
		);
	}

	const version = await m.version();
	const rows = w.movements.map((mv) => ({
		organizationId: m.organizationId,
		warehouseId: mv.warehouseId,
		productId: mv.productId,
		milli: mv.milli,
		documentId: mv.documentId,
		line: mv.line,
		reversal: w.reversal,
		at: m.now
	}));
	for (let i = 0; i < rows.length; i += CHUNK) {
		await m.tx.insert(stockMovements).values(rows.slice(i, i + CHUNK));
	}

	const net = new Map<string, { warehouseId: string; productId: string; milli: number }>();
	for (const mv of w.movements) {
		const key = balanceKey(mv.warehouseId, mv.productId);
		const n = net.get(key) ?? { warehouseId: mv.warehouseId, productId: mv.productId, milli: 0 };
		n.milli += mv.milli;
		net.set(key, n);
	}
	const deltas = [...net.values()];
	for (let i = 0; i < deltas.length; i += CHUNK) {
		await m.tx
			.insert(stockBalances)
			.values(
				deltas.slice(i, i + CHUNK).map((d) => ({
					organizationId: m.organizationId,
					...d,
					version,
					updatedAt: m.now
				}))
			)
			.onConflictDoUpdate({
				target: [stockBalances.warehouseId, stockBalances.productId],
				// Relative, so two postings of the same pair never lose one another's quantity.
				set: {
					milli: sql`${stockBalances.milli} + excluded.milli`,
					version: sql`excluded.version`,
					updatedAt: sql`excluded.updated_at`
				}
			});
	}

	const threshold = m.auth.organization?.settings?.lowStockThreshold;
	if (typeof threshold === 'number') {
		for (const c of crossedBelow(before, deltas, Math.round(threshold * 1000))) {
			await queueWebhookEvent(
				m.tx,
				m.organizationId,
				'stock.below_threshold',
				{
					warehouseId: c.warehouseId,
					productId: c.productId,
					qty: fromMilli(c.after),
					threshold,
					documentId: w.movements[0]!.documentId
				},
				m.now,
				m.facts
			);
		}
	}

	if (short.length) {
		await m.tx.insert(stockShortages).values(
			short.map((s) => ({
				id: uuidv7(),
				organizationId: m.organizationId,
				branchId: w.branchOf.get(s.warehouseId) ?? '',
				warehouseId: s.warehouseId,
				productId: s.productId,
				documentId: w.movements[0]!.documentId,
				// This posting's part of the gap: what it took beyond what was there.
				shortMilli: s.needed - Math.max(s.available, 0),
				status: 'open' as const,
				createdAt: m.now,
				version,
				updatedAt: m.now
			}))
		);
	}

	await clearRestoredFlags(m, deltas, before, version);
	return short.length;
}

/** Flags of pairs this write brought back to zero or above are resolved by the stock itself. */
async function clearRestoredFlags(
	m: MutationContext,
	deltas: readonly { warehouseId: string; productId: string; milli: number }[],
	before: ReadonlyMap<string, number>,
	version: number
) {
	const restored = new Set(
		deltas
			.filter(
				(d) =>
					d.milli > 0 && (before.get(balanceKey(d.warehouseId, d.productId)) ?? 0) + d.milli >= 0
			)
			.map((d) => balanceKey(d.warehouseId, d.productId))
	);
	if (!restored.size) return;
	// Usually there is no open flag at all: one read, and writes only for those there are.
	const open = await m.tx
		.select({
			id: stockShortages.id,
			warehouseId: stockShortages.warehouseId,
			productId: stockShortages.productId
		})
		.from(stockShortages)
		.where(
			and(
				eq(stockShortages.organizationId, m.organizationId),
				eq(stockShortages.status, 'open'),
				inArray(stockShortages.warehouseId, [...new Set(deltas.map((d) => d.warehouseId))])
			)
		);
	const cleared = open
		.filter((f) => restored.has(balanceKey(f.warehouseId, f.productId)))
		.map((f) => f.id);
	if (!cleared.length) return;
	await m.tx
		.update(stockShortages)
		.set({
			status: 'resolved',
			resolution: 'stock_arrived',
			resolvedAt: m.now,
			version,
			updatedAt: m.now
		})
		.where(inArray(stockShortages.id, cleared));
}
