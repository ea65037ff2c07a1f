/**
 * Prices a sale or an order from a catalog: the price list the rule chooses (pricing.ts), then
 * the promotions (promotions.ts). The device calls it with what it has synced, the server with
 * its own tables; the same code gives the same answer for the same data.
 */
import { COUNTED_UNITS, type Unit } from '../catalog/schemas';
import type { StoredSaleLine } from '../sync/rows';
import { unitPrices, type PriceListRef, type PriceRef } from './pricing';
import { priceCart, type Applied, type PromotionRule } from './promotions';
import type { PromotionRow } from '../sync/rows';

export interface SaleCatalog {
	products: ReadonlyMap<string, { unit: Unit; categoryId: string | null }>;
	priceLists: readonly PriceListRef[];
	prices: readonly PriceRef[];
	/** Active promotions (`activePromotions`). The engine also checks dates, branches and channels. */
	promotions: readonly PromotionRule[];
}

/**
 * The rules of the active promotions among synced rows, each with its row's id; a rule the
 * reader could not read (null) applies to nothing rather than stopping a sale.
 */
export function activePromotions(rows: readonly PromotionRow[]): PromotionRule[] {
	return rows.flatMap((p) => (p.active && p.rule ? [{ ...p.rule, id: p.id }] : []));
}

export interface SaleInput {
	lines: readonly { productId: string; milli: number }[];
	at: number;
	branchId: string;
	channel: string | null;
	counterpartyId: string | null;
}

export interface PricedSale {
	lines: StoredSaleLine[];
	subtotal: number;
	orderDiscount: number;
	discount: number;
	total: number;
	applied: Applied[];
	priceListId: string | null;
	/** Indexes of lines that cannot be priced: no price, or an absurd amount. */
	unpriced: number[];
}

export function priceSale(input: SaleInput, catalog: SaleCatalog): PricedSale {
	const who = { channel: input.channel, counterpartyId: input.counterpartyId };
	const { priceListId, price } = unitPrices(catalog.priceLists, catalog.prices, who);
	const unpriced: number[] = [];
	const lines = input.lines.map((l, i) => {
		const product = catalog.products.get(l.productId);
		const unitPrice = price(l.productId);
		if (unitPrice === undefined) unpriced.push(i);
		return {
			productId: l.productId,
			categoryId: product?.categoryId ?? null,
			milli: l.milli,
			unitPrice: unitPrice ?? 0,
			counted: !!product && COUNTED_UNITS.includes(product.unit)
		};
	});
	const cart = priceCart(lines, catalog.promotions, {
		at: input.at,
		branchId: input.branchId,
		channel: input.channel
	});
	return {
		lines: cart.lines,
		subtotal: cart.subtotal,
		orderDiscount: cart.orderDiscount,
		discount: cart.discount,
		total: cart.total,
		applied: cart.applied,
		priceListId,
		unpriced: [...new Set([...unpriced, ...cart.tooLarge])].sort((a, b) => a - b)
	};
}
