/**
 * Time as an organization keeps it: days, midnights and offsets in its time zone. A sale at
 * 00:30 in Tashkent belongs to that day and that year, whatever the server's clock zone.
 */

export interface Day {
	/** YYYY-MM-DD in the time zone. */
	date: string;
	/** ISO weekday, 1 Monday … 7 Sunday. */
	weekday: number;
}

const WEEKDAY_OF: Record<string, number> = {
	Mon: 1,
	Tue: 2,
	Wed: 3,
	Thu: 4,
	Fri: 5,
	Sat: 6,
	Sun: 7
};

/** Formatters per time zone: making one costs tens of microseconds, and reports ask per row. */
const dayFormats = new Map<string, Intl.DateTimeFormat>();
const minuteFormats = new Map<string, Intl.DateTimeFormat>();

function cached(
	formats: Map<string, Intl.DateTimeFormat>,
	timeZone: string,
	options: () => Intl.DateTimeFormatOptions
): Intl.DateTimeFormat {
	let format = formats.get(timeZone);
	if (!format) {
		format = new Intl.DateTimeFormat('en-US', { ...options(), timeZone });
		formats.set(timeZone, format);
	}
	return format;
}

/**
 * The organization's day at an instant.
 * @example dayOf(Date.parse('2026-11-24T20:30:00Z'), 'Asia/Tashkent') // {date: '2026-11-25', weekday: 3}
 */
export function dayOf(at: number, timeZone = 'UTC'): Day {
	const parts = cached(dayFormats, timeZone, () => ({
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		weekday: 'short'
	})).formatToParts(at);
	const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
	return {
		date: `${get('year')}-${get('month')}-${get('day')}`,
		weekday: WEEKDAY_OF[get('weekday')] ?? 1
	};
}

/**
 * The zone's offset from UTC at an instant, in ms (Tashkent: +5 h), to the minute.
 * @example zoneOffsetMs('Asia/Tashkent', Date.now()) // 18000000
 */
export function zoneOffsetMs(timeZone: string, at: number): number {
	const parts = cached(minuteFormats, timeZone, () => ({
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit'
	})).formatToParts(at);
	const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
	const shown = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
	return shown - Math.floor(at / 60_000) * 60_000;
}

/**
 * The instant a calendar date (YYYY-MM-DD) begins in the zone.
 * @example midnightIn('2026-11-25', 'Asia/Tashkent') // Date.parse('2026-11-24T19:00:00Z')
 */
export function midnightIn(date: string, timeZone: string): number {
	const utc = Date.parse(`${date}T00:00:00Z`);
	return utc - zoneOffsetMs(timeZone, utc);
}
