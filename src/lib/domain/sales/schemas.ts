/**
 * Args of the sales mutations, shared by the device (which validates before queueing) and the
 * server (which validates again, prices the sale itself and decides). Money is integer minor
 * units; quantities are numbers in the product's unit, exact to thousandths (quantity.ts).
 */
import { z } from 'zod';
import { MAX_PRICE, uuid } from '../catalog/schemas';
import { qtyFieldError, toMilli } from '../inventory/quantity';
import { lineMarks } from '../marking/state';
import { because, optionalMultilineText, optionalText } from '../validation';

export const PAYMENT_METHODS = ['cash', 'card', 'transfer'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** The most lines one receipt or order may carry. */
export const MAX_SALE_LINES = 500;

const money = z.number().int('Whole minor units').min(1, 'Must be more than zero').max(MAX_PRICE);

const saleLine = z
	.strictObject({
		productId: uuid,
		qty: z.number({ error: 'Not a number' })
	})
	.superRefine((l, ctx) => {
		// Whole numbers for counted units are checked where the unit is known (the server).
		const q = toMilli(l.qty, 'kg');
		if ('problem' in q) {
			const e = qtyFieldError(q.problem);
			ctx.addIssue({ code: 'custom', path: ['qty'], ...because(e.code, e.message, e.params) });
		}
	});

/**
 * A sale's or return's line with its marking codes: one raw code per unit, required for a marked
 * product (exactly `qty` of them; the plan checks, where the product is known).
 */
const markedLine = z
	.strictObject({
		productId: uuid,
		qty: z.number({ error: 'Not a number' }),
		marks: lineMarks
	})
	.superRefine((l, ctx) => {
		const q = toMilli(l.qty, 'kg');
		if ('problem' in q) {
			const e = qtyFieldError(q.problem);
			ctx.addIssue({ code: 'custom', path: ['qty'], ...because(e.code, e.message, e.params) });
		}
	});

const markedLines = z
	.array(markedLine)
	.min(1, 'Required')
	.max(MAX_SALE_LINES, `At most ${MAX_SALE_LINES} lines`);

export const payment = z.strictObject({ method: z.enum(PAYMENT_METHODS), amount: money });

const lines = z
	.array(saleLine)
	.min(1, 'Required')
	.max(MAX_SALE_LINES, `At most ${MAX_SALE_LINES} lines`);

export const saleCreateArgs = z.strictObject({
	id: uuid,
	/** The van or the store the goods leave. */
	warehouseId: uuid,
	tradePointId: uuid.nullish(),
	/** Absent: a walk-in customer at a store. */
	counterpartyId: uuid.nullish(),
	lines: markedLines,
	payments: z.array(payment).max(5).optional(),
	/** The total the device showed; the server's stands, a difference is recorded. */
	deviceTotal: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
	/** The device's clock when the sale was made (epoch ms), shown on the receipt. */
	soldAt: z.number().int().min(0).optional()
});

export const orderCreateArgs = z.strictObject({
	id: uuid,
	tradePointId: uuid,
	lines,
	comment: optionalMultilineText(500),
	deviceTotal: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
	orderedAt: z.number().int().min(0).optional()
});

export const ORDER_STATUSES = ['new', 'confirmed', 'shipped', 'delivered', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const orderSetStatusArgs = z
	.strictObject({
		id: uuid,
		status: z.enum(['confirmed', 'shipped', 'delivered', 'cancelled']),
		/** Where a shipped order's goods leave from. */
		warehouseId: uuid.optional(),
		/**
		 * At delivery, the marking codes handed over, by the order's line (its index): one raw code
		 * per unit of a marked product, as `sale.create` lines take them.
		 */
		lines: z
			.array(z.strictObject({ marks: lineMarks }))
			.max(2000, 'At most 2,000 lines')
			.optional()
	})
	.refine((a) => a.status !== 'shipped' || !!a.warehouseId, {
		path: ['warehouseId'],
		message: 'Required'
	})
	.refine((a) => a.status === 'delivered' || !a.lines, {
		path: ['lines'],
		message: 'Codes are taken at delivery only'
	});

export const paymentCollectArgs = z.strictObject({
	id: uuid,
	counterpartyId: uuid,
	method: z.enum(PAYMENT_METHODS),
	amount: money,
	tradePointId: uuid.nullish(),
	at: z.number().int().min(0).optional()
});

export const returnCreateArgs = z.strictObject({
	id: uuid,
	receiptId: uuid,
	/** Where the goods go back; absent: the warehouse they were sold from. */
	warehouseId: uuid.optional(),
	lines: markedLines,
	refund: payment.optional(),
	reason: optionalText(200)
});
