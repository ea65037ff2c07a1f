/**
 * The tenant wall. Every query of business data takes its organization from here, never from
 * the request, and a row of another organization is reported exactly like a missing one.
 */
import { and, eq, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { AppError } from '../domain/errors';
import type { AuthContext } from './auth/session';

/** The caller's organization; support staff (no organization) are refused business data. */
export function orgOf(auth: AuthContext): string {
	if (!auth.organizationId) throw new AppError('forbidden', 'This account has no organization.');
	return auth.organizationId;
}

/** `table.organization_id = caller's organization` AND the other conditions. */
export function inOrg(
	auth: AuthContext,
	table: { organizationId: SQLiteColumn },
	...conditions: (SQL | undefined)[]
): SQL {
	return and(eq(table.organizationId, orgOf(auth)), ...conditions)!;
}

/** The same answer whether the row is missing or another organization's. */
export function notFound(entity: string): AppError {
	return new AppError('not_found', `No such ${entity}.`);
}
