/**
 * Loads MapLibre only on the screens that show a map (it is most of a megabyte), once.
 * Its worker is located relative to the library's own URL, which bundling breaks; the worker's
 * built URL is given to it instead.
 */
import type * as MapLibre from 'maplibre-gl';

let loading: Promise<typeof MapLibre> | undefined;

export function loadMapLibre(): Promise<typeof MapLibre> {
	loading ??= Promise.all([
		import('maplibre-gl'),
		import('maplibre-gl/dist/maplibre-gl-worker.mjs?url'),
		import('maplibre-gl/dist/maplibre-gl.css')
	]).then(([lib, worker]) => {
		lib.setWorkerUrl(worker.default);
		return lib;
	});
	return loading;
}
