/**
 * A barcode reader for the camera: the browser's own `BarcodeDetector` where it has one that
 * reads the codes we need (Chrome on Android, Safari 17+ on macOS for some formats), else the
 * `barcode-detector` ponyfill — the same API over ZXing-C++ compiled to WebAssembly, the
 * best-kept open reader of EAN/UPC, Code 128 and GS1 DataMatrix. iPhones and desktop Chrome on
 * Linux/Windows have no native reader, so most users get the ponyfill.
 *
 * The ponyfill and its 1 MB WebAssembly file are loaded only when a scan starts (a dynamic
 * import), and the file is served from our own origin: by default ZXing fetches it from a CDN,
 * which would fail offline and leak a request to a third party. The build emits it under
 * `_app/immutable/`, which the service worker precaches, so scanning works offline.
 */
import zxingWasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';

/** What the till and the stock screens read: retail barcodes, Code 128 and GS1 DataMatrix. */
export const SCAN_FORMATS = [
	'ean_13',
	'ean_8',
	'upc_a',
	'upc_e',
	'code_128',
	'data_matrix'
] as const;
export type ScanFormat = (typeof SCAN_FORMATS)[number];

export interface Detected {
	rawValue: string;
	format: string;
}

export interface Detector {
	detect(source: HTMLVideoElement | HTMLCanvasElement | ImageBitmap): Promise<Detected[]>;
}

interface DetectorCtor {
	new (options?: { formats?: string[] }): Detector;
	getSupportedFormats(): Promise<readonly string[]>;
}

/** True where a camera can be opened at all (a secure page with media devices). */
export const cameraAvailable = (): boolean =>
	typeof navigator !== 'undefined' && !!navigator.mediaDevices?.getUserMedia;

let ponyfill: Promise<DetectorCtor> | null = null;

/** The ponyfill's class, its WebAssembly located on our own origin (loaded once). */
function loadPonyfill(): Promise<DetectorCtor> {
	ponyfill ??= import('barcode-detector/ponyfill').then((m) => {
		m.prepareZXingModule({
			overrides: {
				locateFile: (path: string, prefix: string) =>
					path.endsWith('.wasm') ? zxingWasmUrl : prefix + path
			}
		});
		return m.BarcodeDetector as unknown as DetectorCtor;
	});
	return ponyfill;
}

/**
 * A detector for `formats`: the native one when it reads them all, else the ponyfill.
 *
 * @example
 * const detector = await barcodeDetector();
 * const [code] = await detector.detect(video);
 */
export async function barcodeDetector(
	formats: readonly ScanFormat[] = SCAN_FORMATS
): Promise<Detector> {
	const native = (globalThis as { BarcodeDetector?: DetectorCtor }).BarcodeDetector;
	if (native) {
		const supported = await native.getSupportedFormats().catch(() => [] as readonly string[]);
		if (formats.every((f) => supported.includes(f))) return new native({ formats: [...formats] });
	}
	const Ctor = await loadPonyfill();
	return new Ctor({ formats: [...formats] });
}
