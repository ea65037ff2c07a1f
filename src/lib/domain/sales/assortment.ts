/**
 * What a trade point is offered: an assortment, set by a manager for a channel (every retail
 * shop, every pharmacy) or for one trade point. A trade point's own list wins over its channel's
 * as a whole (it is not merged: a manager who writes a shop's own list means that list). A
 * trade point whose own list is empty falls back to its channel's again. Must-sell lines are the
 * ones a rep is expected to place at every visit; the visit shows which are still missing.
 */
import { z } from 'zod';
import { CHANNELS, uuid } from '../catalog/schemas';
import { because } from '../validation';

export const ASSORTMENT_SCOPES = ['channel', 'tradePoint'] as const;
export type AssortmentScope = (typeof ASSORTMENT_SCOPES)[number];
export type Channel = (typeof CHANNELS)[number];

/** The most lines one assortment holds: a van carries a few hundred products at most. */
export const MAX_ASSORTMENT_LINES = 2000;

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

export const assortmentSetArgs = z
	.strictObject({
		id: uuid,
		scope: z.enum(ASSORTMENT_SCOPES),
		channel: z.enum(CHANNELS).optional(),
		tradePointId: uuid.optional(),
		lines: z
			.array(z.strictObject({ productId: uuid, mustSell: z.boolean() }))
			.max(MAX_ASSORTMENT_LINES, `At most ${MAX_ASSORTMENT_LINES} products`)
			.refine(
				(l) => new Set(l.map((x) => x.productId)).size === l.length,
				because('duplicate', 'A product is named twice')
			)
	})
	.superRefine((a, ctx) => {
		// Exactly the target its scope names: a channel's list has no trade point, and back.
		if (a.scope === 'channel' && !a.channel) {
			ctx.addIssue({ code: 'custom', path: ['channel'], ...because('required', 'Required') });
		}
		if (a.scope === 'channel' && a.tradePointId) {
			ctx.addIssue({
				code: 'custom',
				path: ['tradePointId'],
				...because('not_allowed', 'Not for a channel')
			});
		}
		if (a.scope === 'tradePoint' && !a.tradePointId) {
			ctx.addIssue({ code: 'custom', path: ['tradePointId'], ...because('required', 'Required') });
		}
		if (a.scope === 'tradePoint' && a.channel) {
			ctx.addIssue({
				code: 'custom',
				path: ['channel'],
				...because('not_allowed', 'Not for a trade point')
			});
		}
	});

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
