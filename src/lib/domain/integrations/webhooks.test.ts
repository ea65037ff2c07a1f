import { describe, expect, it } from 'vitest';
import {
	backoffMs,
	eventOf,
	healthOf,
	signatureHeader,
	verifySignature,
	webhookCreateSchema
} from './webhooks';

describe('webhooks', () => {
	it('sign the timestamp with the body, and a receiver refuses a change or an old replay', () => {
		const body = '{"event":"receipt.posted"}';
		const header = signatureHeader('s3cret', 1_800_000_000, body);
		expect(header).toMatch(/^t=1800000000,v1=[0-9a-f]{64}$/);
		expect(verifySignature('s3cret', header, body, 1_800_000_010)).toBe(true);
		expect(verifySignature('s3cret', header, `${body} `, 1_800_000_010)).toBe(false);
		expect(verifySignature('other', header, body, 1_800_000_010)).toBe(false);
		expect(verifySignature('s3cret', header, body, 1_800_000_000 + 301)).toBe(false);
	});

	it('back off exponentially up to an hour', () => {
		expect([1, 2, 3, 4].map(backoffMs)).toEqual([30_000, 60_000, 120_000, 240_000]);
		expect(backoffMs(20)).toBe(3_600_000);
	});

	it('come from the business mutations only', () => {
		expect(eventOf('sale.create', { id: 'a' }, { number: 'SAL-1', total: 5 })).toEqual({
			event: 'receipt.posted',
			data: { id: 'a', number: 'SAL-1', total: 5 }
		});
		expect(eventOf('product.upsert', {}, {})).toBeNull();
	});

	it('say how a subscription stands', () => {
		expect(healthOf({ paused: false, failureStreak: 0 })).toBe('healthy');
		expect(healthOf({ paused: false, failureStreak: 1 })).toBe('degraded');
		expect(healthOf({ paused: false, failureStreak: 3 })).toBe('failing');
		expect(healthOf({ paused: true, failureStreak: 0 })).toBe('paused');
	});

	it('need an http(s) address and known events', () => {
		const ok = { url: 'https://erp.example.com/hooks', events: ['receipt.posted'] };
		expect(webhookCreateSchema.safeParse(ok).success).toBe(true);
		expect(webhookCreateSchema.safeParse({ ...ok, url: 'ftp://x' }).success).toBe(false);
		expect(webhookCreateSchema.safeParse({ ...ok, events: [] }).success).toBe(false);
		expect(webhookCreateSchema.safeParse({ ...ok, events: ['everything'] }).success).toBe(false);
	});
});
