/**
 * Local effects of the document mutations: the device shows a draft at once, and a posting
 * moves its own copy of the balances by the same rule the server uses (ledger.ts), so a rep
 * sees their van's stock change offline. The server's answer replaces both on the next pull.
 */
import {
	applyMovements,
	balanceKey,
	postingMovements,
	reversingMovements,
	type Movement
} from '../../../domain/inventory/ledger';
import { fromMilli, milliOf } from '../../../domain/inventory/quantity';
import type { ArgsOf } from '../../../domain/sync/registry';
import { balanceRowId, type StockDocumentRow } from '../../../domain/sync/rows';
import type { LocalWriter } from './writer';

/** What posting this document moves, by the lines as the device has them. */
function movementsOf(doc: StockDocumentRow): Movement[] {
	return postingMovements(
		{
			id: doc.id,
			type: doc.type,
			warehouseId: doc.warehouseId,
			toWarehouseId: doc.toWarehouseId,
			lines: doc.lines.map((l) => ({ productId: l.productId, milli: milliOf(l.qty) }))
		},
		new Map(
			doc.lines.map((l) => [balanceKey(doc.warehouseId, l.productId), milliOf(l.expected ?? 0)])
		)
	);
}

/** Moves this device's copy of the balances, as the server's ledger will. */
export async function moveBalances(w: LocalWriter, movements: readonly Movement[]) {
	const before = new Map<string, number>();
	for (const m of movements) {
		const row = await w.get('balances', balanceRowId(m.warehouseId, m.productId));
		before.set(balanceKey(m.warehouseId, m.productId), milliOf(row?.qty ?? 0));
	}
	const after = applyMovements(before, movements);
	for (const m of movements) {
		const id = balanceRowId(m.warehouseId, m.productId);
		const old = await w.get('balances', id);
		await w.put('balances', {
			id,
			version: old?.version ?? 0,
			updatedAt: w.context.now,
			warehouseId: m.warehouseId,
			productId: m.productId,
			qty: fromMilli(after.get(balanceKey(m.warehouseId, m.productId)) ?? 0)
		});
	}
}

export const stockDocumentMutators = {
	async 'document.save'(w: LocalWriter, a: ArgsOf<'document.save'>) {
		const old = await w.get('stockDocuments', a.id);
		if (old && old.status !== 'draft') return;
		const expected = new Map(old?.lines.map((l) => [l.productId, l.expected]) ?? []);
		const lines = [];
		for (const l of a.lines) {
			let exp = expected.get(l.productId);
			if (a.type === 'stocktake' && exp === undefined) {
				exp = (await w.get('balances', balanceRowId(a.warehouseId, l.productId)))?.qty ?? 0;
				expected.set(l.productId, exp);
			}
			lines.push({
				productId: l.productId,
				qty: l.qty,
				cost: l.cost ?? null,
				...(a.type === 'stocktake' ? { expected: exp } : {})
			});
		}
		const warehouse = await w.get('warehouses', a.warehouseId);
		await w.put('stockDocuments', {
			id: a.id,
			version: old?.version ?? 0,
			updatedAt: w.context.now,
			branchId: warehouse?.branchId ?? w.context.branchId ?? '',
			type: a.type,
			status: 'draft',
			number: null,
			warehouseId: a.warehouseId,
			toWarehouseId: a.toWarehouseId ?? null,
			counterpartyId: a.counterpartyId ?? null,
			reason: a.reason ?? null,
			comment: a.comment ?? null,
			lines,
			authorId: old?.authorId ?? w.context.userId,
			createdAt: old?.createdAt ?? w.context.now,
			postedAt: null,
			cancelledAt: null
		});
	},

	async 'document.post'(w: LocalWriter, a: ArgsOf<'document.post'>) {
		const doc = await w.get('stockDocuments', a.id);
		if (!doc || doc.status !== 'draft' || !doc.lines.length) return;
		await moveBalances(w, movementsOf(doc));
		await w.put('stockDocuments', { ...doc, status: 'posted', postedAt: w.context.now });
	},

	async 'document.cancel'(w: LocalWriter, a: ArgsOf<'document.cancel'>) {
		const doc = await w.get('stockDocuments', a.id);
		if (!doc || doc.status === 'cancelled') return;
		if (doc.status === 'posted') await moveBalances(w, reversingMovements(movementsOf(doc)));
		await w.put('stockDocuments', { ...doc, status: 'cancelled', cancelledAt: w.context.now });
	},

	async 'shortage.resolve'(w: LocalWriter, a: ArgsOf<'shortage.resolve'>) {
		const flag = await w.get('shortages', a.id);
		if (!flag || flag.status !== 'open') return;
		await w.put('shortages', {
			...flag,
			status: 'resolved',
			resolution: 'manager',
			note: a.note || null,
			resolvedAt: w.context.now
		});
	}
};
