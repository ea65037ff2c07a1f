/**
 * Purges what has outlived its organization's retention: diagnostics (client errors, sync
 * failures), unused sessions, and webhook deliveries over 30 days old. Sessions past their
 * absolute lifetime go whatever the organization.
 */
import { and, eq, inArray, lt, or } from 'drizzle-orm';
import { retentionCutoffs } from '../domain/retention';
import { ABSOLUTE_LIFETIME } from './auth/session';
import type { Db } from './db/client';
import {
	clientErrors,
	organizations,
	sessions,
	syncFailures,
	users,
	webhookDeliveries
} from './db/schema';

const DELIVERY_LOG_MS = 30 * 86_400_000;

export async function purgeExpired(db: Db, now = Date.now()) {
	let removed = 0;
	const orgs = await db
		.select({ id: organizations.id, settings: organizations.settings })
		.from(organizations);
	for (const org of orgs) {
		const cut = retentionCutoffs((org.settings ?? {}) as Record<string, number>, now);
		for (const diagnostics of [clientErrors, syncFailures]) {
			removed += (
				await db
					.delete(diagnostics)
					.where(
						and(eq(diagnostics.organizationId, org.id), lt(diagnostics.receivedAt, cut.diagnostics))
					)
					.returning({ id: diagnostics.id })
			).length;
		}
		removed += (
			await db
				.delete(sessions)
				.where(
					and(
						lt(sessions.lastUsedAt, cut.sessions),
						inArray(
							sessions.userId,
							db.select({ id: users.id }).from(users).where(eq(users.organizationId, org.id))
						)
					)
				)
				.returning({ id: sessions.id })
		).length;
	}
	removed += (
		await db
			.delete(sessions)
			.where(lt(sessions.createdAt, now - ABSOLUTE_LIFETIME))
			.returning({ id: sessions.id })
	).length;
	removed += (
		await db
			.delete(webhookDeliveries)
			.where(
				and(
					lt(webhookDeliveries.createdAt, now - DELIVERY_LOG_MS),
					or(eq(webhookDeliveries.status, 'delivered'), eq(webhookDeliveries.status, 'failed'))
				)
			)
			.returning({ id: webhookDeliveries.id })
	).length;
	return removed;
}
