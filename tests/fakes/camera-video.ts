/**
 * A fake camera for Chromium (test double): renders a real barcode with bwip-js and writes it
 * as a Y4M video that `--use-file-for-fake-video-capture` plays in a loop. ffmpeg is not on
 * every machine, and Y4M is simple enough to write by hand: a header, then per frame "FRAME"
 * and the Y, U and V planes (4:2:0). A grey picture needs only Y; U and V stay at 128.
 */
import bwipjs from 'bwip-js/node';
import { writeFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';

const WIDTH = 640;
const HEIGHT = 480;

/** Grey levels (0..255) of a PNG as bwip-js writes it (8-bit RGBA), over white. */
function pngToGrey(png: Buffer): { width: number; height: number; grey: Uint8Array } {
	let at = 8;
	let width = 0;
	let height = 0;
	let colorType = 0;
	const idat: Buffer[] = [];
	while (at < png.length) {
		const len = png.readUInt32BE(at);
		const type = png.toString('ascii', at + 4, at + 8);
		const data = png.subarray(at + 8, at + 8 + len);
		if (type === 'IHDR') {
			width = data.readUInt32BE(0);
			height = data.readUInt32BE(4);
			if (data[8] !== 8) throw new Error('8-bit PNGs only');
			colorType = data[9]!;
		} else if (type === 'IDAT') idat.push(data);
		at += 12 + len;
	}
	const channels = { 0: 1, 2: 3, 4: 2, 6: 4 }[colorType as 0 | 2 | 4 | 6];
	if (!channels) throw new Error(`PNG colour type ${colorType}`);
	const raw = inflateSync(Buffer.concat(idat));
	const stride = width * channels;
	const pixels = new Uint8Array(height * stride);
	for (let y = 0; y < height; y++) {
		const filter = raw[y * (stride + 1)]!;
		const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
		for (let x = 0; x < stride; x++) {
			const a = x >= channels ? pixels[y * stride + x - channels]! : 0;
			const b = y > 0 ? pixels[(y - 1) * stride + x]! : 0;
			const c = x >= channels && y > 0 ? pixels[(y - 1) * stride + x - channels]! : 0;
			const p = a + b - c;
			const pa = Math.abs(p - a);
			const pb = Math.abs(p - b);
			const pc = Math.abs(p - c);
			const predictor = [0, a, b, (a + b) >> 1, pa <= pb && pa <= pc ? a : pb <= pc ? b : c][
				filter
			]!;
			pixels[y * stride + x] = (line[x]! + predictor) & 0xff;
		}
	}
	const grey = new Uint8Array(width * height);
	for (let i = 0; i < width * height; i++) {
		const px = pixels.subarray(i * channels, (i + 1) * channels);
		const value = channels >= 3 ? (px[0]! * 299 + px[1]! * 587 + px[2]! * 114) / 1000 : px[0]!;
		const alpha = channels === 2 || channels === 4 ? px[channels - 1]! / 255 : 1;
		grey[i] = Math.round(value * alpha + 255 * (1 - alpha));
	}
	return { width, height, grey };
}

/**
 * Writes `file`: a 640×480 Y4M of a few identical frames showing the code centred on white.
 * `bcid` is bwip-js's symbology ('ean13', 'gs1datamatrix', 'code128'); GS1 text is bracketed,
 * `(01)04780000012349(21)…`.
 *
 * @example await writeCodeVideo('data/ean.y4m', 'ean13', '4780000012345');
 */
export async function writeCodeVideo(file: string, bcid: string, text: string): Promise<void> {
	const square = bcid.includes('datamatrix');
	const png = await bwipjs.toBuffer({
		bcid,
		text,
		scale: square ? 6 : 3,
		...(square ? {} : { height: 20 }),
		paddingwidth: 4,
		paddingheight: 4
	});
	const code = pngToGrey(png);
	if (code.width > WIDTH || code.height > HEIGHT) throw new Error('code larger than the frame');
	const y = new Uint8Array(WIDTH * HEIGHT).fill(255);
	const left = (WIDTH - code.width) >> 1;
	const top = (HEIGHT - code.height) >> 1;
	for (let row = 0; row < code.height; row++) {
		y.set(code.grey.subarray(row * code.width, (row + 1) * code.width), (top + row) * WIDTH + left);
	}
	const chroma = new Uint8Array((WIDTH / 2) * (HEIGHT / 2)).fill(128);
	const frame = Buffer.concat([Buffer.from('FRAME\n'), y, chroma, chroma]);
	const header = Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F10:1 Ip A1:1 C420jpeg\n`);
	writeFileSync(file, Buffer.concat([header, frame, frame, frame]));
}
