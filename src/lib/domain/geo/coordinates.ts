/**
 * Typed coordinates: both or neither, decimal degrees in range. The reason is a message key the
 * UI translates; the server's schema checks the same ranges again.
 */
export type CoordinateProblem =
	'tradePoints.latInvalid' | 'tradePoints.lngInvalid' | 'tradePoints.bothNeeded';

export function parseCoordinates(
	latText: string,
	lngText: string
):
	| { ok: true; value: { lat: number; lng: number } | null }
	| { ok: false; field: 'lat' | 'lng'; problem: CoordinateProblem } {
	const lat = latText.trim().replace(',', '.');
	const lng = lngText.trim().replace(',', '.');
	if (!lat && !lng) return { ok: true, value: null };
	if (!lat || !lng)
		return { ok: false, field: lat ? 'lng' : 'lat', problem: 'tradePoints.bothNeeded' };
	const number = /^-?\d{1,3}(\.\d+)?$/;
	const la = Number(lat);
	const ln = Number(lng);
	if (!number.test(lat) || la < -90 || la > 90)
		return { ok: false, field: 'lat', problem: 'tradePoints.latInvalid' };
	if (!number.test(lng) || ln < -180 || ln > 180)
		return { ok: false, field: 'lng', problem: 'tradePoints.lngInvalid' };
	return { ok: true, value: { lat: la, lng: ln } };
}

/** Links that open directions to a point in the phone's map apps. */
export function directionLinks(lat: number, lng: number) {
	return [
		{ app: 'geo', href: `geo:${lat},${lng}?q=${lat},${lng}` },
		{
			app: 'Google Maps',
			href: `https://www.google.com/maps/dir/?api=1&destination=${lat},${lng}`
		},
		{ app: 'Yandex Maps', href: `https://yandex.ru/maps/?rtext=~${lat},${lng}&rtt=auto` },
		{ app: '2GIS', href: `https://2gis.ru/routeSearch/rsType/car/to/${lng},${lat}` }
	];
}
