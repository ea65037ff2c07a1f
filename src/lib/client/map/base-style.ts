/**
 * The map's base: the organization's style URL when it set one (its own tiles, its own provider),
 * else a small world map shipped with the app (Natural Earth countries at 1:110m, from
 * world-atlas), which draws with no network at all. No text is drawn on the built-in map, so it
 * needs no fonts.
 */
import type { StyleSpecification } from 'maplibre-gl';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import worldUrl from 'world-atlas/countries-110m.json?url';
import { unwrapGeometry } from '../../domain/map/geometry';

let world: Promise<GeoJSON.FeatureCollection> | undefined;

/** The shipped world map as GeoJSON (fetched from the app's own precached files). */
function loadWorld(): Promise<GeoJSON.FeatureCollection> {
	world ??= fetch(worldUrl)
		.then((r) => r.json() as Promise<Topology<{ countries: GeometryCollection }>>)
		.then((topology) => {
			const countries = feature(topology, topology.objects.countries) as GeoJSON.FeatureCollection;
			return {
				...countries,
				features: countries.features.map((f) => ({ ...f, geometry: unwrapGeometry(f.geometry) }))
			};
		});
	return world!;
}

export const OFFLINE_COLORS = { water: '#cfe3f0', land: '#f4f1ea', border: '#b9b1a0' };

export async function offlineStyle(): Promise<StyleSpecification> {
	return {
		version: 8,
		sources: { world: { type: 'geojson', data: await loadWorld() } },
		layers: [
			{ id: 'water', type: 'background', paint: { 'background-color': OFFLINE_COLORS.water } },
			{ id: 'land', type: 'fill', source: 'world', paint: { 'fill-color': OFFLINE_COLORS.land } },
			{
				id: 'borders',
				type: 'line',
				source: 'world',
				paint: { 'line-color': OFFLINE_COLORS.border, 'line-width': 0.8 }
			}
		]
	};
}

/** The style to draw: the organization's URL, or the built-in offline map. */
export async function baseStyle(styleUrl: string | null | undefined) {
	return styleUrl || (await offlineStyle());
}
