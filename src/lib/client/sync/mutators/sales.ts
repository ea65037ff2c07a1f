/**
 * Local effects of selling: the device prices the sale with the same engine and the data it
 * has (prices, promotions), shows the receipt at once with a provisional number, and moves its
 * own stock and the customer's debt. The server prices it again; its receipt replaces this one.
 */
import type { Unit } from '../../../domain/catalog/schemas';
import { milliOf, toMilli } from '../../../domain/inventory/quantity';
import { settle } from '../../../domain/sales/credit';
import { priceSale, type SaleCatalog } from '../../../domain/sales/sale';
import { pricingTime } from '../../../domain/sales/sold-at';
import type { ArgsOf } from '../../../domain/sync/registry';
import type { SaleLineRow, StoredSaleLine } from '../../../domain/sync/rows';
import { moveBalances } from './stock-documents';
import type { LocalWriter } from './writer';

async function localCatalog(w: LocalWriter, productIds: string[]): Promise<SaleCatalog> {
	const found = await w.anyOf('products', 'id', productIds);
	return {
		products: new Map(found.map((p) => [p.id, { unit: p.unit, categoryId: p.categoryId }])),
		priceLists: await w.all('priceLists'),
		prices: await w.anyOf('prices', 'productId', productIds),
		promotions: (await w.all('promotions'))
			.filter((p) => p.active)
			.map((p) => ({ ...p.rule, id: p.id }))
	};
}

/** The lines in thousandths, by each product's unit where this device knows it. */
function milliOfLines(lines: readonly { productId: string; qty: number }[], catalog: SaleCatalog) {
	return lines.map((l) => {
		const unit = catalog.products.get(l.productId)?.unit as Unit | undefined;
		const q = unit ? toMilli(l.qty, unit) : null;
		return { productId: l.productId, milli: q && 'milli' in q ? q.milli : milliOf(l.qty) };
	});
}

const rowLines = (lines: StoredSaleLine[]): SaleLineRow[] =>
	lines.map(({ milli, ...l }) => ({ ...l, qty: milli / 1000 }));

async function addDebt(w: LocalWriter, counterpartyId: string | null, amount: number) {
	if (!counterpartyId || !amount) return;
	const old = await w.get('debts', counterpartyId);
	await w.put('debts', {
		id: counterpartyId,
		version: old?.version ?? 0,
		updatedAt: w.context.now,
		amount: (old?.amount ?? 0) + amount
	});
}

export const salesMutators = {
	async 'promotion.upsert'(w: LocalWriter, a: ArgsOf<'promotion.upsert'>) {
		const old = await w.get('promotions', a.id);
		await w.put('promotions', {
			id: a.id,
			version: old?.version ?? 0,
			updatedAt: w.context.now,
			name: a.name,
			active: a.active ?? true,
			rule: a as Record<string, unknown>
		});
	},

	async 'sale.create'(w: LocalWriter, a: ArgsOf<'sale.create'>) {
		const warehouse = await w.get('warehouses', a.warehouseId);
		const point = a.tradePointId ? await w.get('tradePoints', a.tradePointId) : undefined;
		const counterpartyId = a.counterpartyId ?? point?.counterpartyId ?? null;
		const catalog = await localCatalog(w, [...new Set(a.lines.map((l) => l.productId))]);
		const sale = priceSale(
			{
				lines: milliOfLines(a.lines, catalog),
				at: pricingTime(a.soldAt, w.context.now),
				branchId: warehouse?.branchId ?? w.context.branchId ?? '',
				channel: point?.channel ?? null,
				counterpartyId
			},
			catalog
		);
		const settled = settle(sale.total, a.payments ?? []);
		const paid = 'refused' in settled ? 0 : settled.paid;
		await w.put('receipts', {
			id: a.id,
			version: 0,
			updatedAt: w.context.now,
			branchId: warehouse?.branchId ?? w.context.branchId ?? '',
			kind: 'sale',
			returnOf: null,
			number: null,
			warehouseId: a.warehouseId,
			tradePointId: a.tradePointId ?? null,
			counterpartyId,
			authorId: w.context.userId,
			lines: rowLines(sale.lines),
			orderDiscount: sale.orderDiscount,
			subtotal: sale.subtotal,
			discount: sale.discount,
			total: sale.total,
			paid,
			applied: sale.applied,
			soldAt: a.soldAt ?? w.context.now
		});
		await moveBalances(
			w,
			sale.lines.map((l, i) => ({
				warehouseId: a.warehouseId,
				productId: l.productId,
				milli: -l.milli,
				documentId: a.id,
				line: i
			}))
		);
		await addDebt(w, counterpartyId, sale.total - paid);
	},

	async 'payment.collect'(w: LocalWriter, a: ArgsOf<'payment.collect'>) {
		await w.put('payments', {
			id: a.id,
			version: 0,
			updatedAt: w.context.now,
			branchId: w.context.branchId ?? '',
			counterpartyId: a.counterpartyId,
			receiptId: null,
			method: a.method,
			amount: a.amount,
			authorId: w.context.userId,
			at: a.at ?? w.context.now
		});
		await addDebt(w, a.counterpartyId, -a.amount);
	},

	async 'order.create'(w: LocalWriter, a: ArgsOf<'order.create'>) {
		const point = await w.get('tradePoints', a.tradePointId);
		const catalog = await localCatalog(w, [...new Set(a.lines.map((l) => l.productId))]);
		const sale = priceSale(
			{
				lines: milliOfLines(a.lines, catalog),
				at: pricingTime(a.orderedAt, w.context.now),
				branchId: point?.branchId ?? w.context.branchId ?? '',
				channel: point?.channel ?? null,
				counterpartyId: point?.counterpartyId ?? null
			},
			catalog
		);
		await w.put('orders', {
			id: a.id,
			version: 0,
			updatedAt: w.context.now,
			branchId: point?.branchId ?? w.context.branchId ?? '',
			number: null,
			status: 'new',
			tradePointId: a.tradePointId,
			counterpartyId: point?.counterpartyId ?? null,
			authorId: w.context.userId,
			warehouseId: null,
			lines: rowLines(sale.lines),
			orderDiscount: sale.orderDiscount,
			subtotal: sale.subtotal,
			discount: sale.discount,
			total: sale.total,
			applied: sale.applied,
			comment: a.comment || null,
			orderedAt: a.orderedAt ?? w.context.now,
			shippedAt: null,
			deliveredAt: null,
			cancelledAt: null
		});
	},

	async 'order.setStatus'(w: LocalWriter, a: ArgsOf<'order.setStatus'>) {
		const order = await w.get('orders', a.id);
		if (!order) return;
		const now = w.context.now;
		if (a.status === 'shipped' && a.warehouseId) {
			await moveBalances(
				w,
				order.lines.map((l, i) => ({
					warehouseId: a.warehouseId!,
					productId: l.productId,
					milli: -milliOf(l.qty),
					documentId: order.id,
					line: i
				}))
			);
		}
		if (a.status === 'delivered') await addDebt(w, order.counterpartyId, order.total);
		await w.put('orders', {
			...order,
			status: a.status,
			warehouseId: a.status === 'shipped' ? (a.warehouseId ?? null) : order.warehouseId,
			shippedAt: a.status === 'shipped' ? now : order.shippedAt,
			deliveredAt: a.status === 'delivered' ? now : order.deliveredAt,
			cancelledAt: a.status === 'cancelled' ? now : order.cancelledAt
		});
	}
};
