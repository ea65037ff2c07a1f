import { describe, expect, it } from 'vitest';
import { directionLinks, formatDegrees, parseCoordinates } from './coordinates';

describe('typed coordinates', () => {
	it('accepts both, with a comma or a point, or neither', () => {
		expect(parseCoordinates('41,3111', '69.2797')).toEqual({
			ok: true,
			value: { lat: 41.3111, lng: 69.2797 }
		});
		expect(parseCoordinates(' ', '')).toEqual({ ok: true, value: null });
		expect(parseCoordinates('-90', '180')).toEqual({ ok: true, value: { lat: -90, lng: 180 } });
		expect(parseCoordinates(' 0 ', '-0.5')).toEqual({ ok: true, value: { lat: 0, lng: -0.5 } });
	});

	it.each([
		['91', '69', 'lat', 'tradePoints.latInvalid'],
		['-90.0001', '69', 'lat', 'tradePoints.latInvalid'],
		['41', '-180.5', 'lng', 'tradePoints.lngInvalid'],
		['41.3', '', 'lng', 'tradePoints.bothNeeded'],
		['', '69', 'lat', 'tradePoints.bothNeeded'],
		['4l.3', '69', 'lat', 'tradePoints.latInvalid'],
		['41.3', '1e2', 'lng', 'tradePoints.lngInvalid'],
		['41.3.1', '69', 'lat', 'tradePoints.latInvalid'],
		['41°18′', '69', 'lat', 'tradePoints.latInvalid'],
		['+41', '69', 'lat', 'tradePoints.latInvalid'],
		['41.', '69', 'lat', 'tradePoints.latInvalid'],
		['41.3', 'Infinity', 'lng', 'tradePoints.lngInvalid']
	])('refuses %j, %j naming %s', (lat, lng, field, problem) => {
		expect(parseCoordinates(lat, lng)).toEqual({ ok: false, field, problem });
	});
});

describe('directions', () => {
	it('links every app, 2GIS with longitude first', () => {
		expect(directionLinks(41.3, 69.2)).toEqual([
			{ app: 'geo', href: 'geo:41.3,69.2' },
			{ app: 'google', href: 'https://www.google.com/maps/dir/?api=1&destination=41.3,69.2' },
			{ app: 'yandex', href: 'https://yandex.ru/maps/?rtext=~41.3,69.2&rtt=auto' },
			{ app: '2gis', href: 'https://2gis.ru/routeSearch/rsType/car/to/69.2,41.3' }
		]);
	});

	it('never writes exponents or float noise into a link', () => {
		expect(formatDegrees(1e-7)).toBe('0');
		expect(formatDegrees(-1e-7)).toBe('0');
		expect(formatDegrees(41.311081234)).toBe('41.311081');
		expect(formatDegrees(0.1 + 0.2)).toBe('0.3');
		expect(formatDegrees(-69)).toBe('-69');
	});
});
