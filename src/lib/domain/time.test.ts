import { describe, expect, it } from 'vitest';
import { dayOf, midnightIn, zoneOffsetMs } from './time';

describe('an organization’s time', () => {
	it('are the organization’s: 20:30 UTC is already tomorrow in Tashkent (UTC+5)', () => {
		expect(dayOf(Date.parse('2026-11-24T20:30:00Z'), 'Asia/Tashkent')).toEqual({
			date: '2026-11-25',
			weekday: 3
		});
		expect(dayOf(Date.parse('2026-11-24T20:30:00Z'), 'UTC')).toEqual({
			date: '2026-11-24',
			weekday: 2
		});
	});

	it('knows the zone’s offset and when a date begins there', () => {
		const at = Date.parse('2026-11-25T10:00:00Z');
		expect(zoneOffsetMs('Asia/Tashkent', at)).toBe(5 * 3_600_000);
		expect(zoneOffsetMs('UTC', at)).toBe(0);
		expect(zoneOffsetMs('Europe/Moscow', at)).toBe(3 * 3_600_000);
		expect(midnightIn('2026-11-25', 'Asia/Tashkent')).toBe(Date.parse('2026-11-24T19:00:00Z'));
		expect(midnightIn('2026-11-25', 'UTC')).toBe(Date.parse('2026-11-25T00:00:00Z'));
	});
});
