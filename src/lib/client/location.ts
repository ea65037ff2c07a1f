/**
 * Reading the device's location — only when the user acts (checking in, saving a trade point's
 * place), never in the background, and never at all for a user who said "don't use my
 * location". Any failure is an answer the screen turns into typed coordinates or none.
 */
import { session } from './session.svelte';

export type LocationReading =
	| { ok: true; lat: number; lng: number; accuracy: number }
	| { ok: false; why: 'off' | 'denied' | 'unavailable' };

export function readLocation(timeoutMs = 15_000): Promise<LocationReading> {
	if (!session.mayUseLocation) return Promise.resolve({ ok: false, why: 'off' });
	if (typeof navigator === 'undefined' || !navigator.geolocation) {
		return Promise.resolve({ ok: false, why: 'unavailable' });
	}
	return new Promise((resolve) => {
		navigator.geolocation.getCurrentPosition(
			(p) =>
				resolve({
					ok: true,
					lat: p.coords.latitude,
					lng: p.coords.longitude,
					accuracy: Math.round(p.coords.accuracy)
				}),
			(e) => resolve({ ok: false, why: e.code === e.PERMISSION_DENIED ? 'denied' : 'unavailable' }),
			{ enableHighAccuracy: true, timeout: timeoutMs, maximumAge: 30_000 }
		);
	});
}
