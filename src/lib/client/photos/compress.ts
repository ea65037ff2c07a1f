/**
 * A camera shot made fit to keep and send: long side ≤ 1600 px, ≤ 300 KB, as a JPEG, through
 * browser-image-compression (canvas re-encoding with a quality/size search). Loaded only when a
 * photo is taken (this module is imported dynamically), so no screen pays for it otherwise.
 *
 * Location: the re-encoding draws the pixels on a canvas and encodes them afresh, which carries
 * no EXIF at all (GPS included). Only when the user chose to keep the location is the original
 * EXIF block copied over (`preserveExif`, which drops the orientation tag it has already applied).
 */
import type { Options } from 'browser-image-compression';
import { DEVICE_PHOTO, DEVICE_THUMBNAIL } from '../../domain/photos';

export interface PreparedPhoto {
	photo: Blob;
	thumb: Blob;
	width: number;
	height: number;
}

type Compress = (file: File, options: Options) => Promise<File>;

/**
 * One pass of the library, then smaller passes while the result is still over the byte bound
 * (its own search stops after `maxIteration` tries, which a very detailed photo can outlast).
 */
async function shrink(
	compress: Compress,
	file: File,
	bounds: { maxSide: number; maxBytes: number },
	keepExif: boolean
): Promise<File> {
	let side = bounds.maxSide;
	for (;;) {
		const out = await compress(file, {
			maxSizeMB: bounds.maxBytes / (1024 * 1024),
			maxWidthOrHeight: side,
			fileType: 'image/jpeg',
			initialQuality: 0.85,
			maxIteration: 15,
			preserveExif: keepExif,
			// The library's worker loads the library again from a CDN: not offline. The main thread
			// does it instead (about a second for a 12-megapixel shot; see bench/photos.ts).
			useWebWorker: false
		});
		if (out.size <= bounds.maxBytes || side < 200) return out;
		side = Math.round(side * 0.75);
	}
}

async function dimensions(blob: Blob): Promise<{ width: number; height: number }> {
	const bitmap = await createImageBitmap(blob);
	const size = { width: bitmap.width, height: bitmap.height };
	bitmap.close();
	return size;
}

/** @example const { photo, thumb } = await preparePhoto(input.files[0], false); */
export async function preparePhoto(file: File, keepLocation: boolean): Promise<PreparedPhoto> {
	const { default: imageCompression } = await import('browser-image-compression');
	const photo = await shrink(imageCompression, file, DEVICE_PHOTO, keepLocation);
	// From the small copy: quicker, and it has no location unless the photo kept it; the
	// thumbnail never keeps it.
	const thumb = await shrink(imageCompression, photo, DEVICE_THUMBNAIL, false);
	return { photo, thumb, ...(await dimensions(photo)) };
}
