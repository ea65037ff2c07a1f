import { describe, expect, it } from 'vitest';
import { boundsOf, isMapResource, pointFeatures, unwrapGeometry, unwrapRing } from './geometry';

describe('map geometry', () => {
	it('keeps a ring that crosses the antimeridian continuous, in both directions', () => {
		expect(
			unwrapRing([
				[170, 60],
				[179.5, 61],
				[-179.5, 62],
				[-170, 63],
				[179, 60]
			])
		).toEqual([
			[170, 60],
			[179.5, 61],
			[180.5, 62],
			[190, 63],
			[179, 60]
		]);
		expect(
			unwrapRing([
				[-179, 0],
				[179, 1]
			])
		).toEqual([
			[-179, 0],
			[-181, 1]
		]);
		expect(
			unwrapRing([
				[10, 0],
				[20, 0],
				[10, 10]
			])
		).toEqual([
			[10, 0],
			[20, 0],
			[10, 10]
		]);
	});

	it('unwraps every ring of a multipolygon and leaves other geometry alone', () => {
		const multi = unwrapGeometry({
			type: 'MultiPolygon',
			coordinates: [
				[
					[
						[179, 0],
						[-179, 0],
						[-179, 1],
						[179, 0]
					]
				]
			]
		});
		expect((multi.coordinates as number[][][][])[0]![0]![1]).toEqual([181, 0]);
		const point = { type: 'Point', coordinates: [1, 2] };
		expect(unwrapGeometry(point)).toBe(point);
	});

	it('draws only trade points that have coordinates', () => {
		const fc = pointFeatures(
			[
				{ id: 'a', lat: 41.3, lng: 69.2, name: 'A' },
				{ id: 'b', lat: null, lng: null, name: 'B' }
			],
			(p) => ({ name: p.name })
		);
		expect(fc.features).toHaveLength(1);
		expect(fc.features[0]!.geometry.coordinates).toEqual([69.2, 41.3]);
		expect(fc.features[0]!.properties).toEqual({ id: 'a', name: 'A' });
	});

	it('boxes points with a margin, and nothing when there are none', () => {
		expect(boundsOf([[69, 41]], 0.5)).toEqual([68.5, 40.5, 69.5, 41.5]);
		expect(boundsOf([])).toBeNull();
	});

	it('caches map tiles from another origin, never the app’s own API', () => {
		const app = 'https://app.optio.uz';
		expect(isMapResource(new URL('https://tiles.example.com/v1/3/4/2.pbf'), app)).toBe(true);
		expect(isMapResource(new URL('https://osm.example.org/tiles/3/4/2.png?key=1'), app)).toBe(true);
		expect(isMapResource(new URL('https://maps.example.com/style.json'), app)).toBe(true);
		expect(isMapResource(new URL('https://app.optio.uz/api/sync/pull'), app)).toBe(false);
		expect(isMapResource(new URL('https://api.example.com/v1/orders'), app)).toBe(false);
	});
});
