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
import { ASSORTMENT_SCOPES } from './assortment-rules';

export * from './assortment-rules';

/** The most lines one assortment holds: a van carries a few hundred products at most. */
export const MAX_ASSORTMENT_LINES = 2000;

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
