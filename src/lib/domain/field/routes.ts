/**
 * Routes: the trade points a rep is to visit, in order, either every given weekday or on one
 * date. Plan against fact compares a day's planned stops with the rep's visits that day.
 * Days are the organization's days (its time zone), so a visit at 00:30 belongs to that day.
 */
import { z } from 'zod';
import { uuid } from '../catalog/schemas';
import { because, text } from '../validation';

/** ISO weekdays: 1 Monday … 7 Sunday. */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
export const MAX_STOPS = 200;

export const isoDate = z
	.string()
	.regex(/^\d{4}-\d{2}-\d{2}$/, 'A date like 2026-11-25')
	.refine(
		(d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && toIso(d) === d,
		because('format', 'Not a date')
	);

function toIso(d: string): string {
	return new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10);
}

export const routeUpsertArgs = z
	.strictObject({
		id: uuid,
		name: text(120),
		repId: uuid,
		/** Recurring: the weekdays it runs. */
		weekdays: z
			.array(z.number().int().min(1, 'Weekday 1–7').max(7, 'Weekday 1–7'))
			.max(7)
			.optional(),
		/** One day only. */
		date: isoDate.nullish(),
		/** Trade point ids in the order to visit them. */
		stops: z
			.array(uuid)
			.max(MAX_STOPS, `At most ${MAX_STOPS} stops`)
			.refine(
				(s) => new Set(s).size === s.length,
				because('duplicate', 'A trade point is on the route twice')
			)
	})
	.refine((a) => !!a.date !== !!a.weekdays?.length, {
		path: ['weekdays'],
		message: 'Choose weekdays or a date'
	});

export const routeArchiveArgs = z.strictObject({ id: uuid });

export * from './route-days';
