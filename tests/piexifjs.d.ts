/** The part of piexifjs (no types of its own) the photo tests use to write GPS into a JPEG. */
declare module 'piexifjs' {
	type Tags = Record<number, unknown>;
	const piexif: {
		ImageIFD: { Make: number };
		GPSIFD: {
			GPSLatitudeRef: number;
			GPSLatitude: number;
			GPSLongitudeRef: number;
			GPSLongitude: number;
		};
		/** EXIF data as a binary string. */
		dump(exif: Record<string, Tags>): string;
		/** Puts `exif` into a JPEG given as a binary string; answers the new JPEG, also binary. */
		insert(exif: string, jpeg: string): string;
	};
	export default piexif;
}
