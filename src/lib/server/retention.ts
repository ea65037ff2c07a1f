/**
 * Purges what has outlived its organization's retention: diagnostics (client errors, sync
 * failures), unused sessions, photos (bytes and thumbnails, when a photo store is given; not a
 * product's picture), and
 * webhook deliveries over 30 days old. Sessions past their absolute lifetime go whatever the
 * organization.
 */
import { and, eq, inArray, isNotNull, lt, notInArray, or } from 'drizzle-orm';
import { photoCutoff } from '../domain/photos';
import { retentionCutoffs } from '../domain/retention';
import { ABSOLUTE_LIFETIME } from './auth/session';
import type { Db } from './db/client';
import { photoKey, type PhotoStore } from './photos/store';
import {
	clientErrors,
	organizations,
	photos,
	products,
	sessions,
	syncFailures,
	users,
	webhookDeliveries
} from './db/schema';

const DELIVERY_LOG_MS = 30 * 86_400_000;

export async function purgeExpired(db: Db, now = Date.now(), store?: PhotoStore) {
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
		if (store)
			removed += await purgePhotos(db, store, org.id, photoCutoff(org.settings ?? {}, now));
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

/**
 * An organization's photos received before `cut`, but a product's: bytes and thumbnails first,
 * then the rows.
 */
async function purgePhotos(db: Db, store: PhotoStore, organizationId: string, cut: number) {
	let removed = 0;
	for (;;) {
		const old = await db
			.select({ id: photos.id, thumb: photos.thumbSha256 })
			.from(photos)
			.where(
				and(
					eq(photos.organizationId, organizationId),
					lt(photos.createdAt, cut),
					// A product's picture is catalog, not field evidence: kept as long as it is used.
					notInArray(
						photos.id,
						db
							.select({ id: products.photoId })
							.from(products)
							.where(and(eq(products.organizationId, organizationId), isNotNull(products.photoId)))
					)
				)
			)
			.limit(500);
		if (old.length === 0) return removed;
		// Bytes before rows: a failure midway leaves rows to retry, never bytes no row names.
		await store.delete(
			old.flatMap((p) => [
				photoKey(organizationId, p.id),
				...(p.thumb ? [photoKey(organizationId, p.id, true)] : [])
			])
		);
		const gone = await db
			.delete(photos)
			.where(
				and(
					eq(photos.organizationId, organizationId),
					inArray(
						photos.id,
						old.map((p) => p.id)
					)
				)
			)
			.returning({ id: photos.id });
		removed += gone.length;
	}
}
