/**
 * Which assortment a trade point is offered and its must-sell coverage, apart from the
 * assortment mutation's schema (assortment.ts re-exports them): the rep's home and the entry
 * screens read these without loading the validation library.
 */
import type { CHANNELS } from '../catalog/schemas';

export const ASSORTMENT_SCOPES = ['channel', 'tradePoint'] as const;
export type AssortmentScope = (typeof ASSORTMENT_SCOPES)[number];
export type Channel = (typeof CHANNELS)[number];

export interface AssortmentLine {
	productId: string;
	mustSell: boolean;
}

export interface AssortmentRef {
	id: string;
	scope: AssortmentScope;
	channel: string | null;
	tradePointId: string | null;
	lines: readonly AssortmentLine[];
}

export interface PointRef {
	id: string;
	channel: string | null;
}

/**
 * What an assortment is for, as one string: one assortment per channel and per trade point
 * (the server holds it unique).
 */
export const assortmentTarget = (a: {
	scope: AssortmentScope;
	channel?: string | null;
	tradePointId?: string | null;
}): string =>
	a.scope === 'channel' ? `channel:${a.channel ?? ''}` : `tradePoint:${a.tradePointId ?? ''}`;

export interface PointAssortment {
	/** Where the lines come from: the trade point's own list, its channel's, or none. */
	source: AssortmentScope | null;
	lines: readonly AssortmentLine[];
}

/**
 * The assortment a trade point is offered: its own list if it has lines, else its channel's.
 * @example assortmentOf(assortments, { id: shop, channel: 'retail' }).lines
 */
export function assortmentOf(
	assortments: readonly AssortmentRef[],
	point: PointRef
): PointAssortment {
	const own = assortments.find((a) => a.scope === 'tradePoint' && a.tradePointId === point.id);
	if (own && own.lines.length) return { source: 'tradePoint', lines: own.lines };
	const channel = point.channel
		? assortments.find((a) => a.scope === 'channel' && a.channel === point.channel)
		: undefined;
	if (channel && channel.lines.length) return { source: 'channel', lines: channel.lines };
	return { source: null, lines: [] };
}

/**
 * The must-sell products of a trade point's assortment that none of `lines` places (a line
 * with a quantity above zero): what the visit still has to sell or order. `lines` are
 * everything sold and ordered there today, across documents. In the assortment's order.
 * @example missingMustSell(assortments, point, [...todaysSales, ...todaysOrders].flatMap((d) => d.lines))
 */
export function missingMustSell(
	assortments: readonly AssortmentRef[],
	point: PointRef,
	lines: readonly { productId: string; qty: number }[]
): string[] {
	const placed = new Set(lines.filter((l) => l.qty > 0).map((l) => l.productId));
	return assortmentOf(assortments, point)
		.lines.filter((l) => l.mustSell && !placed.has(l.productId))
		.map((l) => l.productId);
}

/**
 * How many of a trade point's must-sell products `lines` place, of how many: the coverage a
 * target or a dashboard counts. A trade point without must-sell lines has nothing to cover.
 */
export function mustSellCoverage(
	assortments: readonly AssortmentRef[],
	point: PointRef,
	lines: readonly { productId: string; qty: number }[]
): { covered: number; required: number } {
	const required = assortmentOf(assortments, point).lines.filter((l) => l.mustSell).length;
	return { covered: required - missingMustSell(assortments, point, lines).length, required };
}
