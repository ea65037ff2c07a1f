/**
 * Draws the app icons (static/icons/*.png) without an image library: a ring on the brand
 * colour, anti-aliased by supersampling. Run once after changing the design: `npx tsx scripts/make-icons.ts`.
 */
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const BRAND = [0x0f, 0x5b, 0x46];
const WHITE = [0xff, 0xff, 0xff];

function crc32(buf: Buffer): number {
	let c = ~0;
	for (const byte of buf) {
		c ^= byte;
		for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
	}
	return ~c >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
	const len = Buffer.alloc(4);
	len.writeUInt32BE(data.length);
	const body = Buffer.concat([Buffer.from(type), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(body));
	return Buffer.concat([len, body, crc]);
}

/** `maskable`: full-bleed background with the mark inside the 80% safe zone. */
function icon(size: number, maskable: boolean): Buffer {
	const raw = Buffer.alloc((size * 4 + 1) * size);
	const radius = maskable ? 0 : size * 0.22;
	const scale = maskable ? 0.62 : 0.78;
	const outer = (size / 2) * scale * 0.78;
	const inner = outer * 0.55;
	const S = 4;
	for (let y = 0; y < size; y++) {
		raw[y * (size * 4 + 1)] = 0;
		for (let x = 0; x < size; x++) {
			let bg = 0;
			let ring = 0;
			for (let sy = 0; sy < S; sy++)
				for (let sx = 0; sx < S; sx++) {
					const px = x + (sx + 0.5) / S;
					const py = y + (sy + 0.5) / S;
					const dx = Math.max(radius - px, 0, px - (size - radius));
					const dy = Math.max(radius - py, 0, py - (size - radius));
					if (dx * dx + dy * dy <= radius * radius) bg++;
					const d = Math.hypot(px - size / 2, py - size / 2);
					if (d <= outer && d >= inner) ring++;
				}
			const a = bg / (S * S);
			const r = ring / (S * S);
			const o = y * (size * 4 + 1) + 1 + x * 4;
			for (let i = 0; i < 3; i++) raw[o + i] = Math.round(BRAND[i]! * (1 - r) + WHITE[i]! * r);
			raw[o + 3] = Math.round(a * 255);
		}
	}
	const header = Buffer.alloc(13);
	header.writeUInt32BE(size, 0);
	header.writeUInt32BE(size, 4);
	header[8] = 8;
	header[9] = 6;
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', header),
		chunk('IDAT', deflateSync(raw)),
		chunk('IEND', Buffer.alloc(0))
	]);
}

for (const size of [192, 512]) {
	writeFileSync(`static/icons/icon-${size}.png`, icon(size, false));
	writeFileSync(`static/icons/maskable-${size}.png`, icon(size, true));
}
