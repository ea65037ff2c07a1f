/**
 * Args of the inventory mutations, shared by the device (which validates before queueing) and
 * the server (which validates again and decides).
 */
import { z } from 'zod';
import { lineMarks } from '../marking/state';
import { MAX_PRICE, uuid } from '../catalog/schemas';
import { because, optionalMultilineText, optionalText, text } from '../validation';
import { isoDate } from '../field/routes';
import { CASH_DIFFERENCE_REASONS, STOCK_DIFFERENCE_REASONS } from './day-close';
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
	cost: z.number().int('Whole minor units').min(0).max(MAX_PRICE).nullish(),
	/**
	 * Marking codes of the goods (units, group or transport codes): a posted receipt records
	 * them in its warehouse, a posted transfer moves them to its destination.
	 */
	marks: lineMarks
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

/** A quantity counted in the van: exact to thousandths, zero or more. */
const countedQty = z.number({ error: 'Not a number' }).superRefine((q, ctx) => {
	if (q === 0) return;
	const r = toMilli(q, 'kg');
	if ('problem' in r) {
		const e = qtyFieldError(r.problem);
		ctx.addIssue({ code: 'custom', ...because(e.code, e.message, e.params) });
	}
});

/** The rep's count of the van and the cash at the end of the day (see day-close.ts). */
export const dayCloseSubmitArgs = z.strictObject({
	id: uuid,
	/** The rep's own van. */
	warehouseId: uuid,
	/** The day closed, YYYY-MM-DD in the organization's time zone. */
	date: isoDate,
	lines: z
		.array(
			z.strictObject({
				productId: uuid,
				counted: countedQty,
				/** Required when the count differs from what the van should hold. */
				reason: z.enum(STOCK_DIFFERENCE_REASONS).nullish()
			})
		)
		.max(MAX_DOCUMENT_LINES, `At most ${MAX_DOCUMENT_LINES} lines`),
	/** Cash in hand, minor units. */
	cashCounted: z.number().int('Whole minor units').min(0).max(MAX_PRICE),
	/** Required when the cash differs from what the day's cash payments add up to. */
	cashReason: z.enum(CASH_DIFFERENCE_REASONS).nullish(),
	comment: optionalMultilineText(1000).nullable()
});

/** A storekeeper's or manager's confirmation of the handover, with the unload it makes. */
export const dayCloseConfirmArgs = z
	.strictObject({
		id: uuid,
		/** Where the van unloads. */
		toWarehouseId: uuid,
		/** The unload transfer's id, made by the device. */
		transferId: uuid,
		/** The stock adjustment's id (a stocktake of the van), made by the device. */
		adjustmentId: uuid,
		/** What to unload; unset: everything counted. */
		unload: z
			.array(z.strictObject({ productId: uuid, qty: countedQty }))
			.max(MAX_DOCUMENT_LINES, `At most ${MAX_DOCUMENT_LINES} lines`)
			.optional(),
		comment: optionalMultilineText(1000).nullable()
	})
	.refine((a) => a.transferId !== a.adjustmentId, {
		path: ['adjustmentId'],
		...because('duplicate', 'Must differ from the transfer')
	});
