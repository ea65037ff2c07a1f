/**
 * Local effect of a return: the receipt's goods back in stock and the return on screen at once,
 * valued by the same rule as the server (domain/sales/returns.ts).
 */
import { milliOf } from '../../../domain/inventory/quantity';
import { scale } from '../../../domain/sales/promotions';
import { alreadyReturned, returnValue, soldOf } from '../../../domain/sales/returns';
import type { ArgsOf } from '../../../domain/sync/registry';
import { moveBalances } from './stock-documents';
import type { LocalWriter } from './writer';

export const returnMutators = {
	async 'return.create'(w: LocalWriter, a: ArgsOf<'return.create'>) {
		const receipt = await w.get('receipts', a.receiptId);
		if (!receipt) return;
		const earlier = (await w.anyOf('receipts', 'returnOf', [receipt.id]))
			.filter((r) => r.id !== a.id)
			.sort((x, y) => x.soldAt - y.soldAt);
		const taken = alreadyReturned(
			soldOf(receipt),
			earlier.map((r) => soldOf(r).lines)
		);
		const value = returnValue(
			soldOf(receipt),
			a.lines.map((l) => ({ productId: l.productId, milli: milliOf(l.qty) })),
			taken
		);
		if (!('lines' in value)) return;
		const into = a.warehouseId ?? receipt.warehouseId;
		await moveBalances(
			w,
			value.lines.map((l, i) => ({
				warehouseId: into,
				productId: l.productId,
				milli: l.milli,
				documentId: a.id,
				line: i
			}))
		);
		const refund = a.refund?.amount ?? 0;
		await w.put('receipts', {
			id: a.id,
			version: 0,
			updatedAt: w.context.now,
			branchId: receipt.branchId,
			kind: 'return',
			returnOf: receipt.id,
			number: null,
			warehouseId: into,
			tradePointId: receipt.tradePointId,
			counterpartyId: receipt.counterpartyId,
			authorId: w.context.userId,
			lines: value.lines.map((l) => ({
				productId: l.productId,
				qty: l.milli / 1000,
				unitPrice: scale(l.amount, 1000, l.milli) ?? 0,
				gross: l.amount,
				discount: 0,
				net: l.amount,
				promotionId: null
			})),
			orderDiscount: 0,
			subtotal: value.total,
			discount: 0,
			total: value.total,
			paid: refund,
			applied: [],
			soldAt: w.context.now
		});
		if (receipt.counterpartyId) {
			const old = await w.get('debts', receipt.counterpartyId);
			await w.put('debts', {
				id: receipt.counterpartyId,
				version: old?.version ?? 0,
				updatedAt: w.context.now,
				amount: (old?.amount ?? 0) - (value.total - refund)
			});
		}
	}
};
