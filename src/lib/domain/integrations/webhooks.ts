/**
 * Webhooks: which business events exist and what each carries, how a delivery is signed, and how
 * failures are retried and when a subscription is paused. Pure; the server sends.
 */
import { hmac } from '@oslojs/crypto/hmac';
import { SHA256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { z } from 'zod';
import { because, isCleanText } from '../validation';

export const WEBHOOK_EVENTS = [
	'receipt.posted',
	'return.posted',
	'payment.collected',
	'order.created',
	'document.posted',
	'visit.completed',
	/** A balance went below the organization's `lowStockThreshold` (see inventory/low-stock.ts). */
	'stock.below_threshold'
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** The mutation that makes each event. */
const EVENT_OF: Record<string, WebhookEvent> = {
	'sale.create': 'receipt.posted',
	'return.create': 'return.posted',
	'payment.collect': 'payment.collected',
	'order.create': 'order.created',
	'document.post': 'document.posted',
	'visit.checkOut': 'visit.completed'
};

/** The event an applied mutation makes, with its data: the mutation's args and its result. */
export function eventOf(
	mutation: string,
	args: unknown,
	result: unknown
): { event: WebhookEvent; data: Record<string, unknown> } | null {
	const event = EVENT_OF[mutation];
	if (!event) return null;
	return { event, data: { ...(args as object), ...(result as object) } };
}

/** Attempts before a delivery is given up. */
export const MAX_ATTEMPTS = 8;
/** Consecutive failed attempts after which a subscription is paused until an admin resumes it. */
export const PAUSE_AFTER = 5;
/** A signature older than this is refused by a receiver that follows our guide (replays). */
export const SIGNATURE_TOLERANCE_S = 300;

/**
 * Wait before attempt `n + 1` after `n` failed ones: 30 s, 1 min, 2 min … up to an hour.
 * @example backoffMs(3) // 120000
 */
export function backoffMs(failedAttempts: number): number {
	return Math.min(30_000 * 2 ** Math.max(0, failedAttempts - 1), 3_600_000);
}

/**
 * The `Optio-Signature` header: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. The
 * timestamp is signed with the body, so an old delivery cannot be replayed as a new one.
 */
export function signatureHeader(secret: string, timestampS: number, body: string): string {
	const mac = hmac(
		SHA256,
		new TextEncoder().encode(secret),
		new TextEncoder().encode(`${timestampS}.${body}`)
	);
	return `t=${timestampS},v1=${encodeHexLowerCase(mac)}`;
}

/** What a receiver does (and our tests do): check the signature and the timestamp's age. */
export function verifySignature(
	secret: string,
	header: string,
	body: string,
	nowS: number
): boolean {
	const parts = Object.fromEntries(header.split(',').map((p) => p.split('=') as [string, string]));
	const t = Number(parts.t);
	if (!Number.isInteger(t) || Math.abs(nowS - t) > SIGNATURE_TOLERANCE_S || !parts.v1) return false;
	return signatureHeader(secret, t, body) === header;
}

export type SubscriptionHealth = 'healthy' | 'degraded' | 'failing' | 'paused';

/** How a subscription stands: paused, failing (3+ failures in a row), degraded (any), healthy. */
export function healthOf(s: { paused: boolean; failureStreak: number }): SubscriptionHealth {
	if (s.paused) return 'paused';
	if (s.failureStreak >= 3) return 'failing';
	return s.failureStreak > 0 ? 'degraded' : 'healthy';
}

export const webhookCreateSchema = z.strictObject({
	url: z
		.url({ protocol: /^https?$/, error: 'An http(s):// address' })
		.max(500)
		.refine((u) => isCleanText(u), because('control_chars', 'No control characters')),
	events: z
		.array(z.enum(WEBHOOK_EVENTS))
		.min(1, 'Choose at least one event')
		.refine((e) => new Set(e).size === e.length, because('duplicate', 'An event is named twice'))
});

export const webhookPatchSchema = z
	.strictObject({
		paused: z.boolean().optional(),
		events: webhookCreateSchema.shape.events.optional()
	})
	.refine((v) => Object.keys(v).length > 0, because('nothing_to_change', 'Nothing to change'));
