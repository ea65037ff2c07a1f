/**
 * Selling, written once: the device runs these plans for the receipt it shows at once, the
 * server for the one it keeps. The server prices every sale and order itself from its own
 * price lists and promotions; the device's total is only recorded beside it when it differs.
 */
import type { Unit } from '../catalog/schemas';
import { AppError, fieldError, type FieldErrors } from '../errors';
import { mayMoveStock } from '../inventory/access';
import { negativeStockPolicyOf } from '../inventory/ledger';
import { markNeeds, receiveNeeds, returnMarks, sellMarks } from '../marking/state';
import { dayOf } from '../time';
import { milliOf, qtyFieldError, toMilli } from '../inventory/quantity';
import type { Role } from '../roles';
import type { Need, NeedVia, PlanContext, Planned, View, Write } from '../sync/plan';
import {
	addDebt,
	debtOf,
	moveStock,
	mustAllExist,
	mustBeBranches,
	mustExist,
	orgWide,
	referenced,
	takeNumber,
	tradePointOf
} from '../sync/plan-steps';
import type { ArgsOf } from '../sync/registry';
import { balanceRowId, type SaleLineRow, type StoredSaleLine } from '../sync/rows';
import { creditDecision, settle } from './credit';
import { orderTransition } from './orders';
import { ruleOf, scale } from './promotions';
import { alreadyReturned, returnValue, soldOf } from './returns';
import { activePromotions, priceSale, type SaleCatalog } from './sale';
import { pricingTime } from './sold-at';

type Line = { productId: string; qty: number };

/** What pricing reads: the lines' products and prices, every price list and promotion. */
const pricingNeeds = (lines: readonly Line[]): Need[] =>
	[...new Set(lines.map((l) => l.productId))]
		.flatMap((id): Need[] => [
			{ table: 'products', by: 'id', value: id },
			{ table: 'prices', by: 'productId', value: id }
		])
		.concat([
			{ table: 'priceLists', all: true },
			{ table: 'promotions', all: true }
		]);

/** The lines in thousandths, refusing unknown products and fractions of counted units. */
function catalogFor(view: View, lines: readonly Line[]) {
	const ids = [...new Set(lines.map((l) => l.productId))];
	const fields: FieldErrors = {};
	const milli = lines.map((l, i) => {
		const p = view.get('products', l.productId);
		if (!p) {
			fields[`lines.${i}.productId`] = fieldError('not_found', 'Not found');
			return 0;
		}
		const q = toMilli(l.qty, p.unit as Unit);
		if ('problem' in q) fields[`lines.${i}.qty`] = qtyFieldError(q.problem);
		return 'milli' in q ? q.milli : 0;
	});
	if (Object.keys(fields).length) {
		const missing = Object.values(fields).some((f) => f.code === 'not_found');
		throw new AppError(
			missing ? 'not_found' : 'validation',
			missing ? 'No such product.' : 'Some quantities are not valid for their unit.',
			fields
		);
	}
	const catalog: SaleCatalog = {
		products: new Map(
			ids.map((id) => {
				const p = view.get('products', id)!;
				return [id, { unit: p.unit, categoryId: p.categoryId }];
			})
		),
		priceLists: view.all('priceLists'),
		prices: ids.flatMap((id) => view.where('prices', 'productId', id)),
		promotions: activePromotions(view.all('promotions'))
	};
	return { milli, catalog };
}

/** Prices the lines as this side sees them, refusing a product without a price. */
function priced(
	view: View,
	lines: readonly Line[],
	where: { branchId: string; channel: string | null; counterpartyId: string | null },
	at: number
) {
	const { milli, catalog } = catalogFor(view, lines);
	const sale = priceSale(
		{ lines: lines.map((l, i) => ({ productId: l.productId, milli: milli[i]! })), at, ...where },
		catalog
	);
	if (sale.unpriced.length) {
		throw new AppError(
			'validation',
			'Some products have no price.',
			Object.fromEntries(
				sale.unpriced.map((i) => [`lines.${i}.productId`, fieldError('no_price', 'No price')])
			)
		);
	}
	return sale;
}

const rowLines = (lines: StoredSaleLine[]): SaleLineRow[] =>
	lines.map(({ milli, ...l }) => ({ ...l, qty: milli / 1000 }));

const summary = (sale: ReturnType<typeof priceSale>) => ({
	subtotal: sale.subtotal,
	discount: sale.discount,
	total: sale.total,
	applied: sale.applied
});

const actor = (ctx: PlanContext) => ({
	role: ctx.role as Role,
	userId: ctx.userId,
	branchId: ctx.branchId
});

export const salePlans = {
	'promotion.upsert': {
		reads: (a: ArgsOf<'promotion.upsert'>): Need[] => [
			{ table: 'promotions', by: 'id', value: a.id },
			...(a.productIds ?? []).map((v): Need => ({ table: 'products', by: 'id', value: v })),
			...(a.categoryIds ?? []).map((v): Need => ({ table: 'categories', by: 'id', value: v }))
		],
		plan(view: View, a: ArgsOf<'promotion.upsert'>, ctx: PlanContext): Planned {
			const old = view.get('promotions', a.id);
			// A promotion names products, categories and branches: each must be the organization's
			// own (another's, or a made-up id, is stored nowhere and would leak into the rule).
			mustAllExist(view, 'products', a.productIds ?? [], 'productIds');
			mustAllExist(view, 'categories', a.categoryIds ?? [], 'categoryIds');
			if (ctx.branches) mustBeBranches(ctx.branches, a.branchIds ?? []);
			const writes: Write[] = [
				{
					put: 'promotions',
					row: {
						id: a.id,
						version: old?.version ?? 0,
						updatedAt: ctx.now,
						name: a.name,
						active: a.active ?? true,
						rule: ruleOf(a)
					},
					server: { startsAt: a.startsAt ?? null, endsAt: a.endsAt ?? null }
				}
			];
			return { writes, result: { id: a.id }, versioned: true };
		}
	},

	'sale.create': {
		reads: (a: ArgsOf<'sale.create'>): (Need | NeedVia)[] => [
			{ table: 'warehouses', by: 'id', value: a.warehouseId },
			...(a.tradePointId
				? [
						{ table: 'tradePoints', by: 'id', value: a.tradePointId } as Need,
						// The debt of the trade point's customer, for the credit check.
						{
							table: 'debts',
							by: 'id',
							via: { table: 'tradePoints', id: a.tradePointId, field: 'counterpartyId' }
						} as NeedVia
					]
				: []),
			...(a.counterpartyId
				? [
						{ table: 'counterparties', by: 'id', value: a.counterpartyId } as Need,
						{ table: 'debts', by: 'id', value: a.counterpartyId } as Need
					]
				: []),
			...a.lines.map((l): Need => ({
				table: 'balances',
				by: 'id',
				value: `${a.warehouseId}:${l.productId}`
			})),
			...pricingNeeds(a.lines),
			// Each code's row and what is packed in it (a pack's code stands for its units).
			...a.lines.flatMap((l) => receiveNeeds(l.marks))
		],
		plan(view: View, a: ArgsOf<'sale.create'>, ctx: PlanContext): Planned {
			const warehouse = mustExist(view, 'warehouses', a.warehouseId, 'warehouseId');
			if (!mayMoveStock(actor(ctx), warehouse)) {
				throw new AppError('forbidden', 'You may not sell from this warehouse.', {
					warehouseId: fieldError('not_allowed', 'Not yours')
				});
			}
			const point = a.tradePointId ? tradePointOf(view, ctx, a.tradePointId) : null;
			const counterpartyId = a.counterpartyId ?? point?.counterpartyId ?? null;
			if (a.counterpartyId) mustExist(view, 'counterparties', a.counterpartyId, 'counterpartyId');
			const sale = priced(
				view,
				a.lines,
				{ branchId: warehouse.branchId, channel: point?.channel ?? null, counterpartyId },
				pricingTime(a.soldAt, ctx.now)
			);
			const settled = settle(sale.total, a.payments ?? []);
			if ('refused' in settled) {
				throw new AppError('validation', `${settled.refused}.`, {
					payments: fieldError('invalid', settled.refused)
				});
			}
			const { creditLimit, creditPolicy } = ctx.settings;
			let creditWarning = false;
			if (settled.unpaid > 0) {
				if (!counterpartyId) {
					throw new AppError('validation', 'A walk-in customer pays the whole total.', {
						payments: fieldError('too_small', 'Less than the total')
					});
				}
				const decision = creditDecision({
					unpaid: settled.unpaid,
					debt: debtOf(view, counterpartyId),
					limit: creditLimit,
					policy: creditPolicy
				});
				if (decision === 'block') {
					throw new AppError(
						'credit_limit',
						"This sale would take the customer's debt over the limit.",
						{
							payments: fieldError(
								'credit_limit',
								'Over the credit limit',
								creditLimit == null ? undefined : { limit: creditLimit }
							)
						}
					);
				}
				creditWarning = decision === 'warn';
			}

			const writes: Write[] = [];
			// Each unit of a marked product by its code: sold once, of this product, not expired.
			sellMarks(
				view,
				writes,
				a.lines,
				{ id: a.id, warehouseId: warehouse.id, now: ctx.now },
				{
					day: dayOf(a.soldAt ?? ctx.now, ctx.timezone).date,
					strict: !!ctx.settings.strictMarking
				}
			);
			moveStock(
				view,
				writes,
				sale.lines.map((l, i) => ({
					warehouseId: warehouse.id,
					productId: l.productId,
					milli: -l.milli,
					documentId: a.id,
					line: i
				})),
				{
					policy: negativeStockPolicyOf(ctx.settings),
					branchOf: new Map([[warehouse.id, warehouse.branchId]])
				}
			);
			const number = takeNumber(view, writes, warehouse.branchId, 'SAL');
			const soldAt = a.soldAt ?? ctx.now;
			const deviceTotal =
				a.deviceTotal !== undefined && a.deviceTotal !== sale.total ? a.deviceTotal : null;
			writes.push({
				put: 'receipts',
				row: {
					id: a.id,
					version: 0,
					updatedAt: ctx.now,
					branchId: warehouse.branchId,
					kind: 'sale',
					returnOf: null,
					number,
					warehouseId: warehouse.id,
					tradePointId: point?.id ?? null,
					counterpartyId,
					authorId: ctx.userId,
					lines: rowLines(sale.lines),
					orderDiscount: sale.orderDiscount,
					subtotal: sale.subtotal,
					discount: sale.discount,
					total: sale.total,
					paid: settled.paid,
					change: settled.change,
					applied: sale.applied,
					soldAt
				},
				server: { priceListId: sale.priceListId, deviceTotal, postedAt: ctx.now }
			});
			// What was paid, by method, after change is handed back. The first payment takes the
			// receipt's id's place in time order; the device never shows these apart from the receipt.
			let toRecord = settled.paid;
			(a.payments ?? []).forEach((p, i) => {
				const amount = Math.min(p.amount, toRecord);
				if (amount <= 0) return;
				toRecord -= amount;
				writes.push({
					put: 'payments',
					row: {
						id: `${a.id}:${i}`,
						version: 0,
						updatedAt: ctx.now,
						branchId: warehouse.branchId,
						counterpartyId,
						receiptId: a.id,
						method: p.method,
						amount,
						authorId: ctx.userId,
						at: soldAt
					}
				});
			});
			if (counterpartyId) addDebt(view, writes, counterpartyId, settled.unpaid);
			return {
				writes,
				result: {
					id: a.id,
					number,
					...summary(sale),
					paid: settled.paid,
					change: settled.change,
					lines: sale.lines.map(({ milli: _milli, ...l }) => l),
					...(creditWarning ? { creditWarning } : {}),
					...(deviceTotal !== null ? { deviceTotal } : {})
				}
			};
		}
	},

	'payment.collect': {
		reads: (a: ArgsOf<'payment.collect'>): Need[] => [
			{ table: 'counterparties', by: 'id', value: a.counterpartyId },
			{ table: 'debts', by: 'id', value: a.counterpartyId },
			...(a.tradePointId ? [{ table: 'tradePoints', by: 'id', value: a.tradePointId } as Need] : [])
		],
		plan(view: View, a: ArgsOf<'payment.collect'>, ctx: PlanContext): Planned {
			const customer = mustExist(view, 'counterparties', a.counterpartyId, 'counterpartyId');
			const point = a.tradePointId ? tradePointOf(view, ctx, a.tradePointId) : null;
			const writes: Write[] = [
				{
					put: 'payments',
					row: {
						id: a.id,
						version: 0,
						updatedAt: ctx.now,
						branchId: point?.branchId ?? ctx.branchId ?? '',
						counterpartyId: customer.id,
						receiptId: null,
						method: a.method,
						amount: a.amount,
						authorId: ctx.userId,
						at: a.at ?? ctx.now
					}
				}
			];
			const debt = debtOf(view, customer.id) - a.amount;
			addDebt(view, writes, customer.id, -a.amount);
			return { writes, result: { id: a.id, debt }, versioned: true };
		}
	},

	'order.create': {
		reads: (a: ArgsOf<'order.create'>): Need[] => [
			{ table: 'tradePoints', by: 'id', value: a.tradePointId },
			...pricingNeeds(a.lines)
		],
		plan(view: View, a: ArgsOf<'order.create'>, ctx: PlanContext): Planned {
			const point = tradePointOf(view, ctx, a.tradePointId);
			const sale = priced(
				view,
				a.lines,
				{
					branchId: point.branchId,
					channel: point.channel ?? null,
					counterpartyId: point.counterpartyId ?? null
				},
				pricingTime(a.orderedAt, ctx.now)
			);
			const writes: Write[] = [];
			const number = takeNumber(view, writes, point.branchId, 'ORD');
			writes.push({
				put: 'orders',
				row: {
					id: a.id,
					version: 0,
					updatedAt: ctx.now,
					branchId: point.branchId,
					number,
					status: 'new',
					tradePointId: point.id,
					counterpartyId: point.counterpartyId ?? null,
					authorId: ctx.userId,
					warehouseId: null,
					lines: rowLines(sale.lines),
					orderDiscount: sale.orderDiscount,
					subtotal: sale.subtotal,
					discount: sale.discount,
					total: sale.total,
					applied: sale.applied,
					comment: a.comment || null,
					orderedAt: a.orderedAt ?? ctx.now,
					shippedAt: null,
					deliveredAt: null,
					cancelledAt: null
				},
				server: { priceListId: sale.priceListId, createdAt: ctx.now }
			});
			return { writes, result: { id: a.id, number, ...summary(sale) }, versioned: true };
		}
	},

	/**
	 * Goods sold on a receipt come back into a warehouse, valued at what the customer paid
	 * (returns.ts), never more than was sold across all the receipt's returns; the money goes back
	 * as a refund or off the customer's debt.
	 */
	'return.create': {
		reads: (a: ArgsOf<'return.create'>): Need[] => [
			{ table: 'receipts', by: 'id', value: a.receiptId },
			{ table: 'receipts', by: 'returnOf', value: a.receiptId },
			...(a.warehouseId ? [{ table: 'warehouses', by: 'id', value: a.warehouseId } as Need] : []),
			...a.lines.map((l): Need => ({ table: 'products', by: 'id', value: l.productId })),
			...a.lines.flatMap((l) => markNeeds(l.marks))
		],
		plan(view: View, a: ArgsOf<'return.create'>, ctx: PlanContext): Planned {
			const receipt = view.get('receipts', a.receiptId);
			if (receipt) {
				// What the receipt names, asked for together: one more read, not one per row.
				const into = a.warehouseId ?? receipt.warehouseId;
				view.prefetch([
					{ table: 'warehouses', by: 'id', value: receipt.warehouseId },
					...(receipt.counterpartyId
						? [{ table: 'debts', by: 'id', value: receipt.counterpartyId } as Need]
						: []),
					...a.lines.map((l): Need => ({
						table: 'balances',
						by: 'id',
						value: balanceRowId(into, l.productId)
					}))
				]);
			}
			const from = receipt ? view.get('warehouses', receipt.warehouseId) : undefined;
			// A receipt the caller may not see does not exist for them. (A device that has not
			// synced the receipt's warehouse leaves that judgement to the server.)
			if (
				!receipt ||
				(!from && !ctx.device) ||
				receipt.kind !== 'sale' ||
				(from && !(receipt.authorId === ctx.userId || mayMoveStock(actor(ctx), from)))
			) {
				throw new AppError('not_found', 'No such receipt.', {
					receiptId: fieldError('not_found', 'Not found')
				});
			}
			const into = a.warehouseId
				? referenced(view, ctx, 'warehouses', a.warehouseId, 'warehouseId')
				: from;
			const intoId = into?.id ?? a.warehouseId ?? receipt.warehouseId;
			if (a.warehouseId && into && !mayMoveStock(actor(ctx), into)) {
				throw new AppError('forbidden', 'You may not take goods into this warehouse.', {
					warehouseId: fieldError('not_allowed', 'Not yours')
				});
			}
			const fields: FieldErrors = {};
			const wanted = a.lines.map((l, i) => {
				// The organization's own products only: another's unit would judge the quantity
				// differently from a made-up id's, telling that the other product exists.
				const product = view.get('products', l.productId);
				if (!product && ctx.device) return { productId: l.productId, milli: milliOf(l.qty) };
				const q = toMilli(l.qty, (product?.unit ?? 'pcs') as Unit);
				if ('problem' in q) fields[`lines.${i}.qty`] = qtyFieldError(q.problem);
				return { productId: l.productId, milli: 'milli' in q ? q.milli : 0 };
			});
			if (Object.keys(fields).length)
				throw new AppError('validation', 'Invalid quantities.', fields);
			// Earlier returns in the order they were made (a return's sale time is when it was taken).
			const earlier = view
				.where('receipts', 'returnOf', receipt.id)
				.filter((r) => r.id !== a.id)
				.sort((x, y) => x.soldAt - y.soldAt || (x.id < y.id ? -1 : 1));
			const sold = soldOf(receipt);
			const value = returnValue(
				sold,
				wanted,
				alreadyReturned(
					sold,
					earlier.map((r) => soldOf(r).lines)
				)
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
			const writes: Write[] = [];
			// A marked unit comes back by its code, and may be sold again.
			returnMarks(view, writes, a.lines, {
				id: a.id,
				receiptId: receipt.id,
				warehouseId: intoId,
				now: ctx.now
			});
			moveStock(
				view,
				writes,
				value.lines.map((l, i) => ({
					warehouseId: intoId,
					productId: l.productId,
					milli: l.milli,
					documentId: a.id,
					line: i
				})),
				{
					policy: negativeStockPolicyOf(ctx.settings),
					branchOf: new Map([[intoId, into?.branchId ?? receipt.branchId]])
				}
			);
			const number = takeNumber(view, writes, receipt.branchId, 'RTN');
			writes.push({
				put: 'receipts',
				row: {
					id: a.id,
					version: 0,
					updatedAt: ctx.now,
					branchId: receipt.branchId,
					kind: 'return',
					returnOf: receipt.id,
					number,
					warehouseId: intoId,
					tradePointId: receipt.tradePointId,
					counterpartyId: receipt.counterpartyId,
					authorId: ctx.userId,
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
					change: 0,
					applied: [],
					soldAt: ctx.now
				},
				server: { postedAt: ctx.now }
			});
			if (a.refund) {
				writes.push({
					put: 'payments',
					row: {
						// Derived from the return's id: device and server name the same refund.
						id: `${a.id}:refund`,
						version: 0,
						updatedAt: ctx.now,
						branchId: receipt.branchId,
						counterpartyId: receipt.counterpartyId,
						receiptId: a.id,
						method: a.refund.method,
						amount: -refund,
						authorId: ctx.userId,
						at: ctx.now
					}
				});
			}
			// What was not refunded in money comes off what the customer owes.
			if (receipt.counterpartyId) {
				addDebt(view, writes, receipt.counterpartyId, -(value.total - refund));
			}
			return {
				writes,
				result: { id: a.id, number, total: value.total, refunded: refund },
				versioned: true
			};
		}
	},

	'order.setStatus': {
		reads: (a: ArgsOf<'order.setStatus'>): Need[] => [
			{ table: 'orders', by: 'id', value: a.id },
			...(a.warehouseId ? [{ table: 'warehouses', by: 'id', value: a.warehouseId } as Need] : []),
			...(a.lines ?? []).flatMap((l) => receiveNeeds(l.marks))
		],
		plan(view: View, a: ArgsOf<'order.setStatus'>, ctx: PlanContext): Planned {
			const order = view.get('orders', a.id);
			if (!order || (!orgWide(ctx) && order.branchId !== ctx.branchId)) {
				throw new AppError('not_found', 'No such order.', {
					id: fieldError('not_found', 'Not found')
				});
			}
			const step = orderTransition(order.status, a.status);
			if ('refused' in step) {
				throw new AppError('conflict', `${step.refused}.`, {
					status: fieldError('wrong_state', step.refused)
				});
			}
			const writes: Write[] = [];
			const next = { ...order, status: a.status, updatedAt: ctx.now };
			if (a.status === 'shipped') {
				const warehouse = mustExist(view, 'warehouses', a.warehouseId!, 'warehouseId');
				if (!mayMoveStock(actor(ctx), warehouse) || warehouse.branchId !== order.branchId) {
					throw new AppError('forbidden', 'You may not ship from this warehouse.', {
						warehouseId: fieldError('not_allowed', 'Not yours')
					});
				}
				moveStock(
					view,
					writes,
					order.lines.map((l, i) => ({
						warehouseId: warehouse.id,
						productId: l.productId,
						milli: -milliOf(l.qty),
						documentId: order.id,
						line: i
					})),
					{
						policy: negativeStockPolicyOf(ctx.settings),
						branchOf: new Map([[warehouse.id, warehouse.branchId]])
					}
				);
				next.warehouseId = warehouse.id;
				next.shippedAt = ctx.now;
			}
			if (a.status === 'delivered') {
				// The units handed over leave circulation as a sale's do: the same checks and states.
				sellMarks(
					view,
					writes,
					order.lines.map((l, i) => ({
						productId: l.productId,
						qty: l.qty,
						...(a.lines?.[i]?.marks ? { marks: a.lines[i].marks } : {})
					})),
					{ id: order.id, warehouseId: order.warehouseId ?? null, now: ctx.now },
					{ day: dayOf(ctx.now, ctx.timezone).date, strict: !!ctx.settings.strictMarking }
				);
				next.deliveredAt = ctx.now;
				// Delivered goods are owed for until paid.
				if (order.counterpartyId) addDebt(view, writes, order.counterpartyId, order.total);
			}
			if (a.status === 'cancelled') next.cancelledAt = ctx.now;
			writes.push({ put: 'orders', row: next });
			return { writes, result: { id: order.id, status: a.status }, versioned: true };
		}
	}
};
