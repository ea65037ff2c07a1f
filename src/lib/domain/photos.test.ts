import { describe, expect, it } from 'vitest';
import { acceptedPhotoType, photoCutoff, sniffImageType } from './photos';

const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe1, 0, 0]);
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
const WEBP = new Uint8Array(
	[...'RIFF']
		.map((c) => c.charCodeAt(0))
		.concat(
			[1, 2, 3, 4],
			[...'WEBPVP8 '].map((c) => c.charCodeAt(0))
		)
);

describe('photo types', () => {
	it('knows JPEG, PNG and WebP by their first bytes, and nothing else', () => {
		expect(sniffImageType(JPEG)).toBe('image/jpeg');
		expect(sniffImageType(PNG)).toBe('image/png');
		expect(sniffImageType(WEBP)).toBe('image/webp');
		expect(sniffImageType(new TextEncoder().encode('GIF89a......'))).toBeNull();
		expect(sniffImageType(new TextEncoder().encode('<svg xmlns="…">'))).toBeNull();
		expect(sniffImageType(new Uint8Array([0xff, 0xd8]))).toBeNull();
	});

	it('takes an upload only when the header and the bytes agree', () => {
		expect(acceptedPhotoType('image/jpeg', JPEG)).toBe('image/jpeg');
		expect(acceptedPhotoType('IMAGE/JPEG; charset=binary', JPEG)).toBe('image/jpeg');
		expect(acceptedPhotoType('image/png', JPEG)).toBeNull();
		expect(acceptedPhotoType('image/jpeg', new TextEncoder().encode('hello'))).toBeNull();
		expect(acceptedPhotoType(undefined, JPEG)).toBeNull();
	});

	it('keeps photos a year unless the organization says otherwise', () => {
		const now = 1_000 * 86_400_000;
		expect(photoCutoff({}, now)).toBe(now - 365 * 86_400_000);
		expect(photoCutoff({ photoRetentionDays: 7 }, now)).toBe(now - 7 * 86_400_000);
	});
});

describe('the device’s photo upload rules', () => {
	it('backs off from 2 s, doubling, to at most 5 minutes', async () => {
		const { photoRetryDelay } = await import('./photos');
		expect([1, 2, 3, 4].map(photoRetryDelay)).toEqual([2000, 4000, 8000, 16000]);
		expect(photoRetryDelay(30)).toBe(300_000);
	});

	it('retries what may pass later and gives up only on a refusal', async () => {
		const { uploadOutcome } = await import('./photos');
		expect([201, 200].map(uploadOutcome)).toEqual(['sent', 'sent']);
		expect([0, 503, 500, 429, 408].map(uploadOutcome)).toEqual(Array(5).fill('retry'));
		expect(uploadOutcome(401)).toBe('signedOut');
		expect([409, 413, 415, 400, 403].map(uploadOutcome)).toEqual(Array(5).fill('refused'));
	});
});
