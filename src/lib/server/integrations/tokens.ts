/**
 * API tokens on the model of our sessions: a random public id and secret, the secret kept only as
 * its SHA-256, compared in constant time. A revoked token fails at once (no cache).
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { decodeHex, encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { and, desc, eq, isNull } from 'drizzle-orm';
import {
	splitToken,
	TOKEN_PREFIX,
	type ApiTokenInfo,
	type TokenScope
} from '../../domain/integrations/tokens';
import type { Db } from '../db/client';
import { apiTokens } from '../db/schema';

/** Last use is written at most this often, so a busy integration does not write on every call. */
const TOUCH_EVERY = 60_000;

const random = (bytes: number) =>
	encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(bytes)));
const hash = (secret: string) => sha256(new TextEncoder().encode(secret));

export async function createApiToken(
	db: Db,
	organizationId: string,
	createdBy: string,
	input: { name: string; scopes: TokenScope[] },
	now = Date.now()
): Promise<{ token: string; item: ApiTokenInfo }> {
	const id = random(10);
	const secret = random(20);
	const item = {
		id,
		name: input.name,
		scopes: input.scopes,
		createdBy,
		createdAt: now,
		lastUsedAt: null,
		revokedAt: null
	};
	await db
		.insert(apiTokens)
		.values({ ...item, organizationId, secretHash: encodeHexLowerCase(hash(secret)) });
	return { token: `${TOKEN_PREFIX}${id}_${secret}`, item };
}

export async function listApiTokens(db: Db, organizationId: string): Promise<ApiTokenInfo[]> {
	return db
		.select({
			id: apiTokens.id,
			name: apiTokens.name,
			scopes: apiTokens.scopes,
			createdBy: apiTokens.createdBy,
			createdAt: apiTokens.createdAt,
			lastUsedAt: apiTokens.lastUsedAt,
			revokedAt: apiTokens.revokedAt
		})
		.from(apiTokens)
		.where(eq(apiTokens.organizationId, organizationId))
		.orderBy(desc(apiTokens.createdAt));
}

/** Revokes the organization's token; false when it has no such live token. */
export async function revokeApiToken(
	db: Db,
	organizationId: string,
	id: string,
	now = Date.now()
): Promise<boolean> {
	const done = await db
		.update(apiTokens)
		.set({ revokedAt: now })
		.where(
			and(
				eq(apiTokens.id, id),
				eq(apiTokens.organizationId, organizationId),
				isNull(apiTokens.revokedAt)
			)
		)
		.returning({ id: apiTokens.id });
	return done.length > 0;
}

/** The organization and scopes a live token gives, or null. */
export async function validateApiToken(
	db: Db,
	token: string,
	now = Date.now()
): Promise<{ tokenId: string; organizationId: string; scopes: string[] } | null> {
	const parts = splitToken(token);
	if (!parts) return null;
	const [row] = await db.select().from(apiTokens).where(eq(apiTokens.id, parts.id));
	if (!row || row.revokedAt !== null) return null;
	if (!constantTimeEqual(hash(parts.secret), decodeHex(row.secretHash))) return null;
	if (row.lastUsedAt === null || now - row.lastUsedAt > TOUCH_EVERY) {
		await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id));
	}
	return { tokenId: row.id, organizationId: row.organizationId, scopes: row.scopes };
}
