import { describe, expect, it } from 'vitest';
import { directionLinks, parseCoordinates } from './coordinates';

describe('typed coordinates', () => {
	it('accepts both, with a comma or a point, or neither', () => {
		expect(parseCoordinates('41,3111', '69.2797')).toEqual({
			ok: true,
			value: { lat: 41.3111, lng: 69.2797 }
		});
		expect(parseCoordinates(' ', '')).toEqual({ ok: true, value: null });
		expect(parseCoordinates('-90', '180')).toEqual({ ok: true, value: { lat: -90, lng: 180 } });
	});

	it.each([
		['91', '69', 'lat', 'tradePoints.latInvalid'],
		['41', '-180.5', 'lng', 'tradePoints.lngInvalid'],
		['41.3', '', 'lng', 'tradePoints.bothNeeded'],
		['4l.3', '69', 'lat', 'tradePoints.latInvalid'],
		['41.3', '1e2', 'lng', 'tradePoints.lngInvalid']
	])('refuses %j, %j naming %s', (lat, lng, field, problem) => {
		expect(parseCoordinates(lat, lng)).toEqual({ ok: false, field, problem });
	});

	it('builds directions with longitude first where 2GIS wants it', () => {
		const links = directionLinks(41.3, 69.2);
		expect(links[0]!.href).toBe('geo:41.3,69.2?q=41.3,69.2');
		expect(links[3]!.href).toMatch(/\/to\/69\.2,41\.3$/);
	});
});
