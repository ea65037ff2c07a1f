/**
 * Which price a sale uses. An organization has a default price list and may add lists for
 * trade-point channels (wholesale, horeca…) or for particular customers. The rule: a list naming
 * the customer wins, then a list naming the trade point's channel, then the default; a product
 * missing from the chosen list takes the default list's price; a product with no price at all
 * cannot be sold (the caller refuses it).
 */
export interface PriceListRef {
	id: string;
	isDefault: boolean;
	channels: readonly string[];
	counterpartyIds: readonly string[];
}

export interface PriceRef {
	priceListId: string;
	productId: string;
	price: number;
}

/**
 * The list that prices a sale to this customer at this channel.
 * @example choosePriceList(lists, { channel: 'wholesale', counterpartyId: null })?.id // the wholesale list
 */
export function choosePriceList(
	lists: readonly PriceListRef[],
	who: { channel: string | null; counterpartyId: string | null }
): PriceListRef | undefined {
	const byId = (a: PriceListRef, b: PriceListRef) => (a.id < b.id ? -1 : 1);
	const sorted = [...lists].sort(byId);
	return (
		(who.counterpartyId
			? sorted.find((l) => l.counterpartyIds.includes(who.counterpartyId!))
			: undefined) ??
		(who.channel ? sorted.find((l) => l.channels.includes(who.channel!)) : undefined) ??
		sorted.find((l) => l.isDefault)
	);
}

/** Each product's unit price from the chosen list, else the default list; absent: no price. */
export function unitPrices(
	lists: readonly PriceListRef[],
	prices: readonly PriceRef[],
	who: { channel: string | null; counterpartyId: string | null }
): { priceListId: string | null; price: (productId: string) => number | undefined } {
	const chosen = choosePriceList(lists, who);
	const fallback = lists.find((l) => l.isDefault);
	const of = (listId: string | undefined) =>
		new Map(prices.filter((p) => p.priceListId === listId).map((p) => [p.productId, p.price]));
	const main = of(chosen?.id);
	const base = chosen?.id === fallback?.id ? main : of(fallback?.id);
	return {
		priceListId: chosen?.id ?? null,
		price: (productId) => main.get(productId) ?? base.get(productId)
	};
}
