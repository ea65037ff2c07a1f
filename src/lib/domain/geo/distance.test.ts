import { describe, expect, it } from 'vitest';
import { checkInPlace, distanceMeters } from './distance';

describe('distanceMeters', () => {
	it.each([
		[
			'Tashkent to Samarkand',
			{ lat: 41.2995, lng: 69.2401 },
			{ lat: 39.6542, lng: 66.9597 },
			266_000,
			2_000
		],
		['one degree of longitude at the equator', { lat: 0, lng: 0 }, { lat: 0, lng: 1 }, 111_195, 5],
		[
			'across the antimeridian, not around the world',
			{ lat: 0, lng: 179.9 },
			{ lat: 0, lng: -179.9 },
			22_239,
			5
		],
		[
			'near the north pole, across all longitudes',
			{ lat: 89.99, lng: 0 },
			{ lat: 89.99, lng: 180 },
			2_224,
			5
		],
		['pole to pole', { lat: 90, lng: 0 }, { lat: -90, lng: 0 }, 20_015_087, 50],
		['the same place', { lat: 41.3111, lng: 69.2797 }, { lat: 41.3111, lng: 69.2797 }, 0, 0.001]
	])('%s', (_, a, b, metres, tolerance) => {
		expect(Math.abs(distanceMeters(a, b) - metres)).toBeLessThanOrEqual(tolerance);
		expect(Math.abs(distanceMeters(b, a) - metres)).toBeLessThanOrEqual(tolerance);
	});
});

describe('checkInPlace', () => {
	const point = { lat: 41.3111, lng: 69.2797 };
	it('flags a check-in farther than the radius, allowing for the reading’s accuracy', () => {
		const near = { lat: 41.3121, lng: 69.2797 }; // ≈ 111 m north
		const far = { lat: 41.3151, lng: 69.2797 }; // ≈ 445 m north
		expect(checkInPlace(near, point, 300)).toEqual({ distance: 111, flagged: false });
		expect(checkInPlace(far, point, 300)).toEqual({ distance: 445, flagged: true });
		expect(checkInPlace({ ...far, accuracy: 200 }, point, 300).flagged).toBe(false);
	});

	it('with no location on either side there is nothing to measure or flag', () => {
		expect(checkInPlace(null, point)).toEqual({ distance: null, flagged: false });
		expect(checkInPlace(point, { lat: null, lng: null })).toEqual({
			distance: null,
			flagged: false
		});
	});
});
