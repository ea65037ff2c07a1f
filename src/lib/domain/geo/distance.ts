/**
 * How far a check-in was from its trade point, and whether that is too far. The haversine
 * formula on a sphere of the Earth's mean radius: within 0.5 % of the true (ellipsoidal)
 * distance, far below a phone's GPS accuracy at the scales a visit cares about.
 */
export const EARTH_RADIUS_M = 6_371_008.8;

/** The default farthest a check-in may be from its trade point before a manager is told. */
export const DEFAULT_VISIT_RADIUS_M = 300;

const rad = (deg: number) => (deg * Math.PI) / 180;

/**
 * Great-circle distance in metres; right across the antimeridian and near the poles.
 * @example distanceMeters({ lat: 41.3111, lng: 69.2797 }, { lat: 39.6542, lng: 66.9597 }) // ≈ 267 km
 */
export function distanceMeters(
	a: { lat: number; lng: number },
	b: { lat: number; lng: number }
): number {
	const dLat = rad(b.lat - a.lat);
	const dLng = rad(b.lng - a.lng);
	const h =
		Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
	return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

export interface CheckInPlace {
	distance: number | null;
	flagged: boolean;
}

/**
 * A check-in's distance to its trade point and whether to flag it: farther than the radius,
 * beyond what the reading's own accuracy explains. No location on either side: nothing to flag.
 * @example checkInPlace({ lat: 41.3, lng: 69.2, accuracy: 20 }, { lat: 41.31, lng: 69.2 }, 300)
 * // { distance: 1112, flagged: true }
 */
export function checkInPlace(
	at: { lat: number; lng: number; accuracy?: number | null } | null | undefined,
	point: { lat: number | null; lng: number | null },
	radius = DEFAULT_VISIT_RADIUS_M
): CheckInPlace {
	if (!at || point.lat === null || point.lng === null) return { distance: null, flagged: false };
	const distance = Math.round(distanceMeters(at, { lat: point.lat, lng: point.lng }));
	return { distance, flagged: distance - (at.accuracy ?? 0) > radius };
}
