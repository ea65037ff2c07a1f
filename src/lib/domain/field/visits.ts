/**
 * Args of the visit mutations, shared by the device and the server. A location is given only
 * when the rep chose to (a GPS reading at check-in, or typed coordinates); `source` says which.
 */
import { z } from 'zod';
import { LOCATION_SOURCES, uuid } from '../catalog/schemas';
import { optionalMultilineText } from '../validation';

export const VISIT_OUTCOMES = ['sale', 'order', 'payment', 'no_sale'] as const;
export type VisitOutcome = (typeof VISIT_OUTCOMES)[number];
/** Why nothing was sold, from a list so a manager can count them. */
export const NO_SALE_REASONS = ['closed', 'no_need', 'no_money', 'owner_absent', 'other'] as const;

const at = z.number().int().min(0);

export const checkInLocation = z.strictObject({
	lat: z
		.number({ error: 'Not a number' })
		.min(-90, 'Latitude is between -90 and 90')
		.max(90, 'Latitude is between -90 and 90'),
	lng: z
		.number({ error: 'Not a number' })
		.min(-180, 'Longitude is between -180 and 180')
		.max(180, 'Longitude is between -180 and 180'),
	accuracy: z.number().min(0).max(100_000).nullish(),
	source: z.enum(LOCATION_SOURCES)
});

export const visitCheckInArgs = z.strictObject({
	id: uuid,
	tradePointId: uuid,
	at,
	location: checkInLocation.nullish()
});

export const visitCheckOutArgs = z
	.strictObject({
		id: uuid,
		at,
		outcome: z.enum(VISIT_OUTCOMES),
		reason: z.enum(NO_SALE_REASONS).optional(),
		note: optionalMultilineText(1000)
	})
	.refine((a) => a.outcome !== 'no_sale' || !!a.reason, { path: ['reason'], message: 'Required' });
