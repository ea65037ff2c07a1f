/**
 * Webhook subscriptions and deliveries. Events are queued in the transaction of the change that
 * made them (an outbox), then `deliverDue` sends what is due: signed, logged, retried with
 * backoff, and a subscription that keeps failing is paused. `deliverDue` runs from a timer on
 * Node and from the scheduled trigger on Cloudflare (src/lib/server/scheduled.ts).
 */
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { and, asc, desc, eq, lte, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import {
	backoffMs,
	healthOf,
	MAX_ATTEMPTS,
	PAUSE_AFTER,
	signatureHeader,
	type WebhookEvent
} from '../../domain/integrations/webhooks';
import type { Db } from '../db/client';
import { webhookDeliveries, webhookSubscriptions } from '../db/schema';

/** A receiver gets this long to answer. */
const TIMEOUT_MS = 10_000;

export async function createSubscription(
	db: Db,
	organizationId: string,
	input: { url: string; events: WebhookEvent[] },
	now = Date.now()
) {
	const row = {
		id: uuidv7(),
		organizationId,
		url: input.url,
		events: input.events,
		secret: `whsec_${encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(24)))}`,
		paused: false,
		failureStreak: 0,
		createdAt: now
	};
	await db.insert(webhookSubscriptions).values(row);
	return row;
}

/** The organization's subscriptions with how each stands (the secret is shown once, at creation). */
export async function listSubscriptions(db: Db, organizationId: string) {
	const rows = await db
		.select()
		.from(webhookSubscriptions)
		.where(eq(webhookSubscriptions.organizationId, organizationId))
		.orderBy(asc(webhookSubscriptions.createdAt));
	return rows.map(({ secret: _secret, organizationId: _org, ...s }) => ({
		...s,
		health: healthOf(s)
	}));
}

export async function findSubscription(db: Db, organizationId: string, id: string) {
	const [row] = await db
		.select()
		.from(webhookSubscriptions)
		.where(
			and(eq(webhookSubscriptions.id, id), eq(webhookSubscriptions.organizationId, organizationId))
		);
	return row;
}

export async function updateSubscription(
	db: Db,
	id: string,
	patch: { paused?: boolean; events?: WebhookEvent[] }
) {
	await db
		.update(webhookSubscriptions)
		.set({
			...(patch.events ? { events: patch.events } : {}),
			...(patch.paused !== undefined
				? // Resuming starts afresh: the streak that paused it is over.
					{ paused: patch.paused, ...(patch.paused ? {} : { failureStreak: 0 }) }
				: {})
		})
		.where(eq(webhookSubscriptions.id, id));
}

export async function deleteSubscription(db: Db, id: string) {
	await db.delete(webhookDeliveries).where(eq(webhookDeliveries.subscriptionId, id));
	await db.delete(webhookSubscriptions).where(eq(webhookSubscriptions.id, id));
}

export async function listDeliveries(db: Db, subscriptionId: string, limit = 50) {
	return db
		.select({
			id: webhookDeliveries.id,
			event: webhookDeliveries.event,
			status: webhookDeliveries.status,
			attempts: webhookDeliveries.attempts,
			nextAttemptAt: webhookDeliveries.nextAttemptAt,
			lastStatus: webhookDeliveries.lastStatus,
			lastError: webhookDeliveries.lastError,
			createdAt: webhookDeliveries.createdAt,
			deliveredAt: webhookDeliveries.deliveredAt
		})
		.from(webhookDeliveries)
		.where(eq(webhookDeliveries.subscriptionId, subscriptionId))
		.orderBy(desc(webhookDeliveries.createdAt))
		.limit(limit);
}

/** Sends a delivery again at the next run, whatever became of it. */
export async function redeliver(
	db: Db,
	subscriptionId: string,
	deliveryId: string,
	now = Date.now()
) {
	const done = await db
		.update(webhookDeliveries)
		.set({ status: 'pending', attempts: 0, nextAttemptAt: now })
		.where(
			and(
				eq(webhookDeliveries.id, deliveryId),
				eq(webhookDeliveries.subscriptionId, subscriptionId)
			)
		)
		.returning({ id: webhookDeliveries.id });
	return done.length > 0;
}

export interface DeliverOptions {
	now?: number;
	fetch?: typeof fetch;
	limit?: number;
}

/** Sends every due delivery of active subscriptions once; answers how many went and failed. */
export async function deliverDue(db: Db, options: DeliverOptions = {}) {
	const now = options.now ?? Date.now();
	const send = options.fetch ?? fetch;
	const due = await db
		.select({ d: webhookDeliveries, s: webhookSubscriptions })
		.from(webhookDeliveries)
		.innerJoin(webhookSubscriptions, eq(webhookSubscriptions.id, webhookDeliveries.subscriptionId))
		.where(
			and(
				eq(webhookDeliveries.status, 'pending'),
				lte(webhookDeliveries.nextAttemptAt, now),
				eq(webhookSubscriptions.paused, false)
			)
		)
		.orderBy(asc(webhookDeliveries.nextAttemptAt))
		.limit(options.limit ?? 100);
	let delivered = 0;
	let failed = 0;
	for (const { d, s } of due) {
		// A subscription paused by an earlier delivery in this run waits too.
		const [current] = await db
			.select({ paused: webhookSubscriptions.paused })
			.from(webhookSubscriptions)
			.where(eq(webhookSubscriptions.id, s.id));
		if (current?.paused) continue;
		let status: number | null = null;
		let error: string | null = null;
		try {
			const res = await send(s.url, {
				method: 'POST',
				headers: {
					'content-type': 'application/json',
					'optio-event': d.event,
					'optio-delivery': d.id,
					'optio-signature': signatureHeader(s.secret, Math.floor(now / 1000), d.body)
				},
				body: d.body,
				signal: AbortSignal.timeout(TIMEOUT_MS),
				redirect: 'manual'
			});
			status = res.status;
			await res.body?.cancel().catch(() => undefined);
			if (!res.ok) error = `HTTP ${res.status}`;
		} catch (err) {
			error = err instanceof Error ? err.message.slice(0, 200) : 'Unreachable';
		}
		const attempts = d.attempts + 1;
		if (!error) {
			delivered++;
			await db
				.update(webhookDeliveries)
				.set({
					status: 'delivered',
					attempts,
					lastStatus: status,
					lastError: null,
					deliveredAt: now
				})
				.where(eq(webhookDeliveries.id, d.id));
			await db
				.update(webhookSubscriptions)
				.set({ failureStreak: 0, lastSuccessAt: now })
				.where(eq(webhookSubscriptions.id, s.id));
			continue;
		}
		failed++;
		await db
			.update(webhookDeliveries)
			.set({
				status: attempts >= MAX_ATTEMPTS ? 'failed' : 'pending',
				attempts,
				nextAttemptAt: now + backoffMs(attempts),
				lastStatus: status,
				lastError: error
			})
			.where(eq(webhookDeliveries.id, d.id));
		await db
			.update(webhookSubscriptions)
			.set({
				failureStreak: sql`${webhookSubscriptions.failureStreak} + 1`,
				paused: sql`${webhookSubscriptions.failureStreak} + 1 >= ${PAUSE_AFTER}`,
				lastErrorAt: now,
				lastError: error
			})
			.where(eq(webhookSubscriptions.id, s.id));
	}
	return { delivered, failed };
}
