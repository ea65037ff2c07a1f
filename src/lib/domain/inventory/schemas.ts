/**
 * Args of the inventory mutations, shared by the device (which validates before queueing) and
 * the server (which validates again and decides).
 */
import { z } from 'zod';
import { MAX_PRICE, uuid } from '../catalog/schemas';
import { because, optionalMultilineText, optionalText, text } from '../validation';
import { DOCUMENT_TYPES } from './ledger';
import { qtyFieldError, toMilli } from './quantity';

/**
 * main: the organization's central store; branch: a branch's store; van: a rep's vehicle
 * (owned by that rep); store: the stock room of a trade point (owned by the cashier who sells
 * from it).
 */
export const WAREHOUSE_KINDS = ['main', 'branch', 'van', 'store'] as const;
export type WarehouseKind = (typeof WAREHOUSE_KINDS)[number];

export const warehouseUpsertArgs = z
	.strictObject({
		id: uuid,
		name: text(120),
		kind: z.enum(WAREHOUSE_KINDS),
		/** Unset: the caller's branch (an administrator without one: the first branch). */
		branchId: uuid.optional(),
		/** The rep a van belongs to; the cashier who runs a store. */
		ownerId: uuid.nullish(),
		/** The trade point a store belongs to. */
		tradePointId: uuid.nullish(),
		archived: z.boolean().optional()
	})
	.refine((a) => a.kind !== 'van' || !!a.ownerId, {
		path: ['ownerId'],
		message: 'Required'
	})
	.refine((a) => a.kind === 'van' || a.kind === 'store' || !a.ownerId, {
		path: ['ownerId'],
		...because('not_allowed', 'Only a van or a store has an owner')
	})
	.refine((a) => a.kind === 'store' || !a.tradePointId, {
		path: ['tradePointId'],
		...because('not_allowed', 'Only a store belongs to a trade point')
	});

/** The most lines one document may carry (a big stocktake of a branch's store). */
export const MAX_DOCUMENT_LINES = 2000;

/**
 * A line's `qty` in the product's unit: exact to thousandths, positive (a stocktake may count
 * zero), at most 10^9. Whole numbers for counted units are checked where the unit is known.
 */
const lineQty = z.number({ error: 'Not a number' });

export const documentLine = z.strictObject({
	productId: uuid,
	qty: lineQty,
	/** Cost per unit in minor units (receipts), or the price (returns). */
	cost: z.number().int('Whole minor units').min(0).max(MAX_PRICE).nullish()
});

export const documentSaveArgs = z
	.strictObject({
		id: uuid,
		type: z.enum(DOCUMENT_TYPES),
		warehouseId: uuid,
		/** A transfer's destination. */
		toWarehouseId: uuid.nullish(),
		/** A receipt's supplier, a return's customer. */
		counterpartyId: uuid.nullish(),
		/** Why goods were written off. */
		reason: optionalText(200).nullable(),
		comment: optionalMultilineText(1000).nullable(),
		lines: z.array(documentLine).max(MAX_DOCUMENT_LINES, `At most ${MAX_DOCUMENT_LINES} lines`)
	})
	.superRefine((a, ctx) => {
		a.lines.forEach((l, i) => {
			// A stocktake records what was counted, and an empty shelf counts zero.
			if (a.type === 'stocktake' && l.qty === 0) return;
			const q = toMilli(l.qty, 'kg');
			if ('problem' in q) {
				const e = qtyFieldError(q.problem);
				ctx.addIssue({
					code: 'custom',
					path: ['lines', i, 'qty'],
					...because(e.code, e.message, e.params)
				});
			}
		});
		if (a.type === 'transfer') {
			if (!a.toWarehouseId) {
				ctx.addIssue({ code: 'custom', path: ['toWarehouseId'], message: 'Required' });
			} else if (a.toWarehouseId === a.warehouseId) {
				ctx.addIssue({
					code: 'custom',
					path: ['toWarehouseId'],
					message: 'Must be another warehouse'
				});
			}
		} else if (a.toWarehouseId) {
			ctx.addIssue({
				code: 'custom',
				path: ['toWarehouseId'],
				...because('not_allowed', 'Only a transfer has a destination')
			});
		}
		if (a.type === 'writeoff' && !a.reason) {
			ctx.addIssue({ code: 'custom', path: ['reason'], message: 'Required' });
		}
	});
export type DocumentSaveArgs = z.output<typeof documentSaveArgs>;

export const documentPostArgs = z.strictObject({ id: uuid });
export const documentCancelArgs = z.strictObject({ id: uuid });
export const shortageResolveArgs = z.strictObject({ id: uuid, note: optionalMultilineText(500) });
