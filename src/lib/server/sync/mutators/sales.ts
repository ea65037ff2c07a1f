/**
 * Server side of selling. The server prices every sale and order itself, from its own price
 * lists and promotions, with the same engine the device ran (src/lib/domain/sales/sale.ts); the
 * device's total is only recorded beside it when it differs. Goods leave through the stock
 * ledger under the organization's negative-stock policy.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Unit } from '../../../domain/catalog/schemas';
import { AppError, fieldError, type FieldErrors } from '../../../domain/errors';
import { mayMoveStock } from '../../../domain/inventory/access';
import { negativeStockPolicyOf, type NegativeStockPolicy } from '../../../domain/inventory/ledger';
import { qtyFieldError, toMilli } from '../../../domain/inventory/quantity';
import { creditDecision, settle, type CreditPolicy } from '../../../domain/sales/credit';
import { orderTransition } from '../../../domain/sales/orders';
import { priceSale, type SaleCatalog } from '../../../domain/sales/sale';
import { pricingTime } from '../../../domain/sales/sold-at';
import type { ArgsOf } from '../../../domain/sync/registry';
import {
	counterparties,
	counterpartyDebts,
	organizations,
	payments,
	priceLists,
	prices,
	products,
	promotions,
	salesOrders,
	salesReceipts,
	tradePoints,
	warehouses,
	type StoredSaleLine
} from '../../db/schema';
import { nextNumber } from '../../numbering';
import { writeLedger } from '../../stock/ledger-store';
import type { MutationContext } from '../context';
import { assertInOrg, assertOwnable } from './ownership';

interface OrgRules {
	policy: NegativeStockPolicy;
	creditLimit: number | null | undefined;
	creditPolicy: CreditPolicy | undefined;
}

export async function rulesOf(m: MutationContext): Promise<OrgRules> {
	const [org] = await m.tx
		.select({ settings: organizations.settings })
		.from(organizations)
		.where(eq(organizations.id, m.organizationId));
	const settings = (org?.settings ?? {}) as {
		negativeStockPolicy?: NegativeStockPolicy;
		creditLimit?: number | null;
		creditPolicy?: CreditPolicy;
	};
	return {
		policy: negativeStockPolicyOf(settings),
		creditLimit: settings.creditLimit,
		creditPolicy: settings.creditPolicy
	};
}

/** The lines in thousandths, refusing unknown products and fractions of counted units. */
async function catalogFor(
	m: MutationContext,
	lines: readonly { productId: string; qty: number }[]
) {
	const ids = [...new Set(lines.map((l) => l.productId))];
	const found = await m.tx
		.select({
			id: products.id,
			unit: products.unit,
			categoryId: products.categoryId,
			active: products.active
		})
		.from(products)
		.where(and(eq(products.organizationId, m.organizationId), inArray(products.id, ids)));
	const byId = new Map(found.map((p) => [p.id, p]));
	const fields: FieldErrors = {};
	const milli = lines.map((l, i) => {
		const p = byId.get(l.productId);
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
	const lists = await m.tx
		.select()
		.from(priceLists)
		.where(eq(priceLists.organizationId, m.organizationId));
	const listed = await m.tx
		.select({ priceListId: prices.priceListId, productId: prices.productId, price: prices.price })
		.from(prices)
		.where(and(eq(prices.organizationId, m.organizationId), inArray(prices.productId, ids)));
	const active = await m.tx
		.select({ id: promotions.id, rule: promotions.rule })
		.from(promotions)
		.where(and(eq(promotions.organizationId, m.organizationId), eq(promotions.active, true)));
	const catalog: SaleCatalog = {
		products: new Map(found.map((p) => [p.id, { unit: p.unit as Unit, categoryId: p.categoryId }])),
		priceLists: lists,
		prices: listed,
		promotions: active.map((p) => ({ ...(p.rule as object), id: p.id }))
	};
	return { milli, catalog };
}

/** Prices the lines as the server sees them, refusing a product without a price. */
async function priced(
	m: MutationContext,
	lines: readonly { productId: string; qty: number }[],
	where: { branchId: string; channel: string | null; counterpartyId: string | null },
	at = m.now
) {
	const { milli, catalog } = await catalogFor(m, lines);
	const sale = priceSale(
		{
			lines: lines.map((l, i) => ({ productId: l.productId, milli: milli[i]! })),
			at,
			...where
		},
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

export async function addDebt(m: MutationContext, counterpartyId: string, amount: number) {
	if (!amount) return;
	const version = await m.version();
	await m.tx
		.insert(counterpartyDebts)
		.values({ organizationId: m.organizationId, counterpartyId, amount, version, updatedAt: m.now })
		.onConflictDoUpdate({
			target: [counterpartyDebts.organizationId, counterpartyDebts.counterpartyId],
			set: {
				amount: sql`${counterpartyDebts.amount} + excluded.amount`,
				version: sql`excluded.version`,
				updatedAt: sql`excluded.updated_at`
			}
		});
}

async function debtOf(m: MutationContext, counterpartyId: string): Promise<number> {
	const [row] = await m.tx
		.select({ amount: counterpartyDebts.amount })
		.from(counterpartyDebts)
		.where(
			and(
				eq(counterpartyDebts.organizationId, m.organizationId),
				eq(counterpartyDebts.counterpartyId, counterpartyId)
			)
		);
	return row?.amount ?? 0;
}

/** The trade point (of the caller's branch, unless an admin) and its customer. */
async function tradePointOf(m: MutationContext, id: string) {
	const point = await assertInOrg(m, tradePoints, id, 'tradePointId');
	if (m.auth.role !== 'admin' && point.branchId !== m.auth.branchId) {
		throw new AppError('not_found', 'No such trade point.', {
			tradePointId: fieldError('not_found', 'Not found')
		});
	}
	return point;
}

const summary = (sale: ReturnType<typeof priceSale>) => ({
	subtotal: sale.subtotal,
	discount: sale.discount,
	total: sale.total,
	applied: sale.applied
});

export const salesMutators = {
	async 'promotion.upsert'(m: MutationContext, a: ArgsOf<'promotion.upsert'>) {
		await assertOwnable(m, promotions, a.id, 'promotion');
		const version = await m.version();
		const row = {
			name: a.name,
			rule: a as Record<string, unknown>,
			active: a.active ?? true,
			startsAt: a.startsAt ?? null,
			endsAt: a.endsAt ?? null,
			version,
			updatedAt: m.now
		};
		await m.tx
			.insert(promotions)
			.values({ id: a.id, organizationId: m.organizationId, ...row })
			.onConflictDoUpdate({ target: promotions.id, set: row });
		return { id: a.id, version };
	},

	async 'sale.create'(m: MutationContext, a: ArgsOf<'sale.create'>) {
		const warehouse = await assertInOrg(m, warehouses, a.warehouseId, 'warehouseId');
		if (!mayMoveStock(m.auth, warehouse)) {
			throw new AppError('forbidden', 'You may not sell from this warehouse.', {
				warehouseId: fieldError('not_allowed', 'Not yours')
			});
		}
		const point = a.tradePointId ? await tradePointOf(m, a.tradePointId) : null;
		const counterpartyId = a.counterpartyId ?? point?.counterpartyId ?? null;
		if (a.counterpartyId) await assertInOrg(m, counterparties, a.counterpartyId, 'counterpartyId');
		const sale = await priced(
			m,
			a.lines,
			{ branchId: warehouse.branchId, channel: point?.channel ?? null, counterpartyId },
			pricingTime(a.soldAt, m.now)
		);

		const settled = settle(sale.total, a.payments ?? []);
		if ('refused' in settled) {
			throw new AppError('validation', `${settled.refused}.`, {
				payments: fieldError('invalid', settled.refused)
			});
		}
		const rules = await rulesOf(m);
		let creditWarning = false;
		if (settled.unpaid > 0) {
			if (!counterpartyId) {
				throw new AppError('validation', 'A walk-in customer pays the whole total.', {
					payments: fieldError('too_small', 'Less than the total')
				});
			}
			const decision = creditDecision({
				unpaid: settled.unpaid,
				debt: await debtOf(m, counterpartyId),
				limit: rules.creditLimit,
				policy: rules.creditPolicy
			});
			if (decision === 'block') {
				throw new AppError(
					'credit_limit',
					"This sale would take the customer's debt over the limit.",
					{
						payments: fieldError(
							'credit_limit',
							'Over the credit limit',
							rules.creditLimit == null ? undefined : { limit: rules.creditLimit }
						)
					}
				);
			}
			creditWarning = decision === 'warn';
		}

		await writeLedger(m, {
			movements: sale.lines.map((l, i) => ({
				warehouseId: warehouse.id,
				productId: l.productId,
				milli: -l.milli,
				documentId: a.id,
				line: i
			})),
			policy: rules.policy,
			branchOf: new Map([[warehouse.id, warehouse.branchId]]),
			reversal: false
		});
		const number = await nextNumber(m, warehouse.branchId, 'SAL');
		const version = await m.version();
		await m.tx.insert(salesReceipts).values({
			id: a.id,
			organizationId: m.organizationId,
			branchId: warehouse.branchId,
			kind: 'sale',
			number,
			warehouseId: warehouse.id,
			tradePointId: point?.id ?? null,
			counterpartyId,
			authorId: m.auth.userId,
			priceListId: sale.priceListId,
			lines: sale.lines,
			orderDiscount: sale.orderDiscount,
			subtotal: sale.subtotal,
			discount: sale.discount,
			total: sale.total,
			paid: settled.paid,
			applied: sale.applied,
			deviceTotal:
				a.deviceTotal !== undefined && a.deviceTotal !== sale.total ? a.deviceTotal : null,
			soldAt: a.soldAt ?? m.now,
			postedAt: m.now,
			version,
			updatedAt: m.now
		});
		// What was paid, by method, after change is handed back.
		let toRecord = settled.paid;
		for (const p of a.payments ?? []) {
			const amount = Math.min(p.amount, toRecord);
			if (amount <= 0) break;
			toRecord -= amount;
			await m.tx.insert(payments).values({
				id: uuidv7(),
				organizationId: m.organizationId,
				branchId: warehouse.branchId,
				counterpartyId,
				receiptId: a.id,
				method: p.method,
				amount,
				authorId: m.auth.userId,
				at: a.soldAt ?? m.now,
				version,
				updatedAt: m.now
			});
		}
		if (counterpartyId) await addDebt(m, counterpartyId, settled.unpaid);
		return {
			id: a.id,
			number,
			...summary(sale),
			paid: settled.paid,
			change: settled.change,
			lines: sale.lines.map(({ milli: _milli, ...l }) => l),
			...(creditWarning ? { creditWarning } : {}),
			...(a.deviceTotal !== undefined && a.deviceTotal !== sale.total
				? { deviceTotal: a.deviceTotal }
				: {})
		};
	},

	async 'payment.collect'(m: MutationContext, a: ArgsOf<'payment.collect'>) {
		const customer = await assertInOrg(m, counterparties, a.counterpartyId, 'counterpartyId');
		const point = a.tradePointId ? await tradePointOf(m, a.tradePointId) : null;
		const branchId = point?.branchId ?? m.auth.branchId ?? '';
		const version = await m.version();
		await m.tx.insert(payments).values({
			id: a.id,
			organizationId: m.organizationId,
			branchId,
			counterpartyId: customer.id,
			receiptId: null,
			method: a.method,
			amount: a.amount,
			authorId: m.auth.userId,
			at: a.at ?? m.now,
			version,
			updatedAt: m.now
		});
		await addDebt(m, customer.id, -a.amount);
		return { id: a.id, version, debt: await debtOf(m, customer.id) };
	},

	async 'order.create'(m: MutationContext, a: ArgsOf<'order.create'>) {
		const point = await tradePointOf(m, a.tradePointId);
		const sale = await priced(
			m,
			a.lines,
			{
				branchId: point.branchId,
				channel: point.channel ?? null,
				counterpartyId: point.counterpartyId ?? null
			},
			pricingTime(a.orderedAt, m.now)
		);
		const number = await nextNumber(m, point.branchId, 'ORD');
		const version = await m.version();
		await m.tx.insert(salesOrders).values({
			id: a.id,
			organizationId: m.organizationId,
			branchId: point.branchId,
			number,
			status: 'new',
			tradePointId: point.id,
			counterpartyId: point.counterpartyId ?? null,
			authorId: m.auth.userId,
			warehouseId: null,
			priceListId: sale.priceListId,
			lines: sale.lines,
			orderDiscount: sale.orderDiscount,
			subtotal: sale.subtotal,
			discount: sale.discount,
			total: sale.total,
			applied: sale.applied,
			comment: a.comment || null,
			orderedAt: a.orderedAt ?? m.now,
			createdAt: m.now,
			version,
			updatedAt: m.now
		});
		return { id: a.id, number, version, ...summary(sale) };
	},

	async 'order.setStatus'(m: MutationContext, a: ArgsOf<'order.setStatus'>) {
		const [order] = await m.tx.select().from(salesOrders).where(eq(salesOrders.id, a.id));
		if (
			!order ||
			order.organizationId !== m.organizationId ||
			(m.auth.role !== 'admin' && order.branchId !== m.auth.branchId)
		) {
			throw new AppError('not_found', 'No such order.', {
				id: fieldError('not_found', 'Not found')
			});
		}
		const step = orderTransition(order.status, a.status);
		if ('refused' in step)
			throw new AppError('conflict', `${step.refused}.`, {
				status: fieldError('wrong_state', step.refused)
			});
		const version = await m.version();
		const set: Partial<typeof salesOrders.$inferInsert> = {
			status: a.status,
			version,
			updatedAt: m.now
		};
		if (a.status === 'shipped') {
			const warehouse = await assertInOrg(m, warehouses, a.warehouseId!, 'warehouseId');
			if (!mayMoveStock(m.auth, warehouse) || warehouse.branchId !== order.branchId) {
				throw new AppError('forbidden', 'You may not ship from this warehouse.', {
					warehouseId: fieldError('not_allowed', 'Not yours')
				});
			}
			await writeLedger(m, {
				movements: (order.lines as StoredSaleLine[]).map((l, i) => ({
					warehouseId: warehouse.id,
					productId: l.productId,
					milli: -l.milli,
					documentId: order.id,
					line: i
				})),
				policy: (await rulesOf(m)).policy,
				branchOf: new Map([[warehouse.id, warehouse.branchId]]),
				reversal: false
			});
			set.warehouseId = warehouse.id;
			set.shippedAt = m.now;
		}
		if (a.status === 'delivered') {
			set.deliveredAt = m.now;
			// Delivered goods are owed for until paid.
			if (order.counterpartyId) await addDebt(m, order.counterpartyId, order.total);
		}
		if (a.status === 'cancelled') set.cancelledAt = m.now;
		await m.tx.update(salesOrders).set(set).where(eq(salesOrders.id, order.id));
		return { id: order.id, status: a.status, version };
	}
};
