/**
 * Map geometry without a map: the shapes the map screens draw, built from synced rows. Pure, so
 * the device's map and the tests agree.
 */

export type Position = [number, number];

/**
 * Makes a ring's longitudes continuous. Natural Earth rings jump from +180 to −180 where a
 * country crosses the antimeridian (Russia, Fiji); on a flat map that jump draws a streak across
 * the world, while 181° is simply drawn just past the edge.
 * @example unwrapRing([[179, 0], [-179, 1]]) // [[179, 0], [181, 1]]
 */
export function unwrapRing(ring: Position[]): Position[] {
	const out: Position[] = [];
	let shift = 0;
	for (let i = 0; i < ring.length; i++) {
		const [lng, lat] = ring[i]!;
		if (i > 0) {
			const previous = ring[i - 1]![0];
			if (lng - previous > 180) shift -= 360;
			else if (previous - lng > 180) shift += 360;
		}
		out.push([lng + shift, lat]);
	}
	return out;
}

/** The same for every ring of a polygon or multipolygon geometry; other geometry as it is. */
export function unwrapGeometry<G extends { type: string }>(geometry: G): G {
	const coordinates = (geometry as unknown as { coordinates: unknown }).coordinates;
	if (geometry.type === 'Polygon') {
		return { ...geometry, coordinates: (coordinates as Position[][]).map(unwrapRing) };
	}
	if (geometry.type === 'MultiPolygon') {
		return {
			...geometry,
			coordinates: (coordinates as Position[][][]).map((p) => p.map(unwrapRing))
		};
	}
	return geometry;
}

export interface Placed {
	id: string;
	lat: number | null;
	lng: number | null;
}

/** Points with coordinates, as GeoJSON features carrying the given properties. */
export function pointFeatures<P extends Placed>(
	items: P[],
	properties: (item: P) => Record<string, string | number | boolean | null>
) {
	return {
		type: 'FeatureCollection' as const,
		features: items
			.filter((i) => i.lat !== null && i.lng !== null)
			.map((i) => ({
				type: 'Feature' as const,
				properties: { id: i.id, ...properties(i) },
				geometry: { type: 'Point' as const, coordinates: [i.lng!, i.lat!] as Position }
			}))
	};
}

/** The [west, south, east, north] box around points, padded so a single point is not a zero box. */
export function boundsOf(points: Position[], pad = 0.01): [number, number, number, number] | null {
	if (!points.length) return null;
	let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
	for (const [lng, lat] of points) {
		w = Math.min(w, lng);
		e = Math.max(e, lng);
		s = Math.min(s, lat);
		n = Math.max(n, lat);
	}
	return [w - pad, s - pad, e + pad, n + pad];
}

/**
 * Whether a request is for the map's base layers (tiles, their style, fonts, sprites) from
 * another origin, which the service worker keeps for offline use within its size limit.
 */
export function isMapResource(url: URL, appOrigin: string): boolean {
	if (url.origin === appOrigin) return false;
	return (
		/\.(pbf|mvt|png|jpe?g|webp)$/i.test(url.pathname) ||
		/\/(tiles|fonts|sprites?)\//i.test(url.pathname) ||
		/style\.json$/i.test(url.pathname)
	);
}
