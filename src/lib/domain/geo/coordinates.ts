/**
 * Trade point coordinates: typed by hand (both or neither, decimal degrees in range) and turned
 * into directions links. A problem is a message key the UI translates; the server's schema
 * checks the same ranges again.
 */
export type CoordinateProblem =
	'tradePoints.latInvalid' | 'tradePoints.lngInvalid' | 'tradePoints.bothNeeded';

export type ParsedCoordinates =
	| { ok: true; value: { lat: number; lng: number } | null }
	| { ok: false; field: 'lat' | 'lng'; problem: CoordinateProblem };

/** Decimal degrees as people type them: an optional minus, digits, a point or a comma, digits. */
const DECIMAL = /^-?\d{1,3}(?:\.\d{1,15})?$/;

/**
 * Reads the two typed fields. Empty both means "no location".
 * @example parseCoordinates('41,3111', '69.2797') // { ok: true, value: { lat: 41.3111, lng: 69.2797 } }
 */
export function parseCoordinates(latText: string, lngText: string): ParsedCoordinates {
	const lat = latText.trim().replace(',', '.');
	const lng = lngText.trim().replace(',', '.');
	if (!lat && !lng) return { ok: true, value: null };
	if (!lat || !lng)
		return { ok: false, field: lat ? 'lng' : 'lat', problem: 'tradePoints.bothNeeded' };
	const la = Number(lat);
	const ln = Number(lng);
	if (!DECIMAL.test(lat) || Math.abs(la) > 90)
		return { ok: false, field: 'lat', problem: 'tradePoints.latInvalid' };
	if (!DECIMAL.test(lng) || Math.abs(ln) > 180)
		return { ok: false, field: 'lng', problem: 'tradePoints.lngInvalid' };
	return { ok: true, value: { lat: la, lng: ln } };
}

/**
 * A coordinate for a URL or an input: at most 6 decimals (about 10 cm), never exponent notation.
 * @example formatDegrees(41.311081234) // '41.311081'
 */
export function formatDegrees(value: number): string {
	const fixed = value.toFixed(6).replace(/\.?0+$/, '');
	return fixed === '-0' ? '0' : fixed;
}

export type DirectionsApp = 'geo' | 'google' | 'yandex' | '2gis';

/**
 * Links that open directions to a point: the phone's own maps app (`geo:`), then the three
 * map services people use in the region. 2GIS wants longitude first.
 */
export function directionLinks(lat: number, lng: number): { app: DirectionsApp; href: string }[] {
	const la = formatDegrees(lat);
	const ln = formatDegrees(lng);
	return [
		{ app: 'geo', href: `geo:${la},${ln}` },
		{ app: 'google', href: `https://www.google.com/maps/dir/?api=1&destination=${la},${ln}` },
		{ app: 'yandex', href: `https://yandex.ru/maps/?rtext=~${la},${ln}&rtt=auto` },
		{ app: '2gis', href: `https://2gis.ru/routeSearch/rsType/car/to/${ln},${la}` }
	];
}
