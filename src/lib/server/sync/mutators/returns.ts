/**
 * Server side of returns: goods sold on a receipt come back into a warehouse, valued at what
 * the customer paid (src/lib/domain/sales/returns.ts), never more than was sold across all the
 * receipt's returns; the money goes back as a refund or off the customer's debt.
 */
import { asc, eq, inArray } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Unit } from '../../../domain/catalog/schemas';
import { AppError, fieldError, type FieldErrors } from '../../../domain/errors';
import { mayMoveStock } from '../../../domain/inventory/access';
import { qtyFieldError, toMilli } from '../../../domain/inventory/quantity';
import { scale } from '../../../domain/sales/promotions';
import { alreadyReturned, returnValue } from '../../../domain/sales/returns';
import type { ArgsOf } from '../../../domain/sync/registry';
import {
	payments,
	products,
	salesReceipts,
	warehouses,
	type StoredSaleLine
} from '../../db/schema';
import { nextNumber } from '../../numbering';
import { writeLedger } from '../../stock/ledger-store';
import type { MutationContext } from '../context';
import { assertInOrg } from './ownership';
import { addDebt, rulesOf } from './sales';

/** The lines of earlier returns of this receipt, in the order they were made. */
async function earlierReturns(m: MutationContext, receiptId: string) {
	const rows = await m.tx
		.select({ lines: salesReceipts.lines })
		.from(salesReceipts)
		.where(eq(salesReceipts.returnOf, receiptId))
		.orderBy(asc(salesReceipts.postedAt), asc(salesReceipts.id));
	return rows.map((r) => r.lines);
}

export const returnMutators = {
	async 'return.create'(m: MutationContext, a: ArgsOf<'return.create'>) {
		const [receipt] = await m.tx
			.select()
			.from(salesReceipts)
			.where(eq(salesReceipts.id, a.receiptId));
		const from = receipt
			? (await m.tx.select().from(warehouses).where(eq(warehouses.id, receipt.warehouseId)))[0]
			: undefined;
		// A receipt of another organization, or one the caller may not see, does not exist for them.
		if (
			!receipt ||
			!from ||
			receipt.organizationId !== m.organizationId ||
			receipt.kind !== 'sale' ||
			!(receipt.authorId === m.auth.userId || mayMoveStock(m.auth, from))
		) {
			throw new AppError('not_found', 'No such receipt.', {
				receiptId: fieldError('not_found', 'Not found')
			});
		}
		const into = a.warehouseId
			? await assertInOrg(m, warehouses, a.warehouseId, 'warehouseId')
			: from;
		if (a.warehouseId && !mayMoveStock(m.auth, into)) {
			throw new AppError('forbidden', 'You may not take goods into this warehouse.', {
				warehouseId: fieldError('not_allowed', 'Not yours')
			});
		}
		const units = new Map(
			(
				await m.tx
					.select({ id: products.id, unit: products.unit })
					.from(products)
					.where(
						inArray(
							products.id,
							a.lines.map((l) => l.productId)
						)
					)
			).map((p) => [p.id, p.unit as Unit])
		);
		const fields: FieldErrors = {};
		const wanted = a.lines.map((l, i) => {
			const q = toMilli(l.qty, units.get(l.productId) ?? 'pcs');
			if ('problem' in q) fields[`lines.${i}.qty`] = qtyFieldError(q.problem);
			return { productId: l.productId, milli: 'milli' in q ? q.milli : 0 };
		});
		if (Object.keys(fields).length) throw new AppError('validation', 'Invalid quantities.', fields);
		const value = returnValue(
			receipt,
			wanted,
			alreadyReturned(receipt, await earlierReturns(m, receipt.id))
		);
		if ('problems' in value) {
			throw new AppError(
				'validation',
				'Some lines cannot be returned.',
				Object.fromEntries(
					value.problems.map((p) =>
						p.problem === 'not_sold'
							? [`lines.${p.index}.productId`, fieldError('not_found', 'Not on the receipt')]
							: [`lines.${p.index}.qty`, fieldError('too_big', 'More than was sold')]
					)
				)
			);
		}
		const refund = a.refund?.amount ?? 0;
		if (refund > value.total) {
			throw new AppError('validation', "The refund is more than the goods' value.", {
				refund: fieldError('too_big', 'More than the return')
			});
		}
		await writeLedger(m, {
			movements: value.lines.map((l, i) => ({
				warehouseId: into.id,
				productId: l.productId,
				milli: l.milli,
				documentId: a.id,
				line: i
			})),
			policy: (await rulesOf(m)).policy,
			branchOf: new Map([[into.id, into.branchId]]),
			reversal: false
		});
		const number = await nextNumber(m, receipt.branchId, 'RTN');
		const version = await m.version();
		const lines: StoredSaleLine[] = value.lines.map((l) => ({
			productId: l.productId,
			milli: l.milli,
			unitPrice: scale(l.amount, 1000, l.milli) ?? 0,
			gross: l.amount,
			discount: 0,
			net: l.amount,
			promotionId: null
		}));
		await m.tx.insert(salesReceipts).values({
			id: a.id,
			organizationId: m.organizationId,
			branchId: receipt.branchId,
			kind: 'return',
			returnOf: receipt.id,
			number,
			warehouseId: into.id,
			tradePointId: receipt.tradePointId,
			counterpartyId: receipt.counterpartyId,
			authorId: m.auth.userId,
			priceListId: receipt.priceListId,
			lines,
			orderDiscount: 0,
			subtotal: value.total,
			discount: 0,
			total: value.total,
			paid: refund,
			applied: [],
			soldAt: m.now,
			postedAt: m.now,
			version,
			updatedAt: m.now
		});
		if (a.refund) {
			await m.tx.insert(payments).values({
				id: uuidv7(),
				organizationId: m.organizationId,
				branchId: receipt.branchId,
				counterpartyId: receipt.counterpartyId,
				receiptId: a.id,
				method: a.refund.method,
				amount: -refund,
				authorId: m.auth.userId,
				at: m.now,
				version,
				updatedAt: m.now
			});
		}
		// What was not refunded in money comes off what the customer owes.
		if (receipt.counterpartyId) await addDebt(m, receipt.counterpartyId, -(value.total - refund));
		return { id: a.id, number, version, total: value.total, refunded: refund };
	}
};
