/**
 * Photos taken in the field: what the server accepts (PUT /api/photos/:id) and what the device
 * makes of a camera shot before storing it. Pure rules, shared by both sides.
 */

/** Ids are the device's (UUIDv7 in the app): letters, digits, dashes, underscores. */
export const PHOTO_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** The largest photo the server takes, in bytes (2 MiB); the device aims far below it. */
export const MAX_PHOTO_BYTES = 2 * 1024 * 1024;
/** The largest thumbnail the server takes (PUT /api/photos/:id/thumbnail). */
export const MAX_THUMBNAIL_BYTES = 64 * 1024;

/** What the device makes of a shot: the long side and the size it must fit in. */
export const DEVICE_PHOTO = { maxSide: 1600, maxBytes: 300 * 1024 } as const;
/** The thumbnail kept on the device (and sent along) for lists and galleries. */
export const DEVICE_THUMBNAIL = { maxSide: 240, maxBytes: 24 * 1024 } as const;

export const PHOTO_TYPES = ['image/jpeg', 'image/webp', 'image/png'] as const;
export type PhotoType = (typeof PHOTO_TYPES)[number];

/** Days a photo is kept on the server when the organization has not said (setting `photoRetentionDays`). */
export const PHOTO_RETENTION_DEFAULT_DAYS = 365;
export const PHOTO_RETENTION_LIMITS = { min: 1, max: 3650 } as const;

/**
 * The image type the first bytes show, or null when they are none of the accepted ones. The
 * Content-Type header is the client's word; these bytes are the file's.
 * @example sniffImageType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0])) // 'image/jpeg'
 */
export function sniffImageType(bytes: Uint8Array): PhotoType | null {
	const at = (offset: number, sig: number[]) =>
		bytes.length >= offset + sig.length && sig.every((b, i) => bytes[offset + i] === b);
	if (at(0, [0xff, 0xd8, 0xff])) return 'image/jpeg';
	if (at(0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
	// RIFF....WEBP
	if (at(0, [0x52, 0x49, 0x46, 0x46]) && at(8, [0x57, 0x45, 0x42, 0x50])) return 'image/webp';
	return null;
}

/**
 * Whether an upload is what it says: the declared Content-Type (parameters ignored) is one of
 * the accepted types and the bytes are of that very type.
 */
export function acceptedPhotoType(
	declared: string | undefined,
	bytes: Uint8Array
): PhotoType | null {
	const type = (declared ?? '').split(';')[0]!.trim().toLowerCase();
	const sniffed = sniffImageType(bytes);
	return sniffed && sniffed === type ? sniffed : null;
}

/** The cut-off time of an organization's photos: anything received earlier goes. */
export function photoCutoff(settings: { photoRetentionDays?: number }, now: number): number {
	return now - (settings.photoRetentionDays ?? PHOTO_RETENTION_DEFAULT_DAYS) * 86_400_000;
}

/** How long an unsent photo waits after its n-th failed attempt: 2 s doubling, at most 5 min. */
export function photoRetryDelay(attempts: number): number {
	return Math.min(2_000 * 2 ** Math.max(0, attempts - 1), 5 * 60_000);
}

/**
 * What an upload's answer means for the photo on the device: `sent` (the server has these bytes:
 * 201 new, 200 the same again), `retry` (no answer, 5xx, 408, 429: later, with backoff),
 * `signedOut` (401: after the next sign-in) or `refused` (any other 4xx: it would be refused again).
 */
export function uploadOutcome(status: number): 'sent' | 'retry' | 'signedOut' | 'refused' {
	if (status === 200 || status === 201) return 'sent';
	if (status === 0 || status >= 500 || status === 408 || status === 429) return 'retry';
	if (status === 401) return 'signedOut';
	return 'refused';
}

/**
 * The Cache Storage that keeps thumbnails for offline use (service worker and page share it).
 * Thumbnails are immutable: an id never changes its bytes, so a cached one is never stale.
 */
export const THUMBNAIL_CACHE = 'optio-photo-thumbnails';

/** A thumbnail's path on this origin: `/api/photos/<id>/thumbnail`. */
export const isThumbnailPath = (path: string) =>
	/^\/api\/photos\/[A-Za-z0-9_-]{1,64}\/thumbnail$/.test(path);
