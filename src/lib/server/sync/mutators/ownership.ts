import { eq } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { AppError, fieldError } from '../../../domain/errors';
import type { MutationContext } from '../context';

type OwnedTable = SQLiteTable & { id: SQLiteColumn; organizationId: SQLiteColumn };

/**
 * For an upsert: the row with this id if it is the caller's organization's, undefined if no
 * row has it. An id taken by another organization answers `not_found`, exactly like a row the
 * caller cannot see, and is never overwritten.
 */
export async function assertOwnable<T extends OwnedTable>(
	m: MutationContext,
	table: T,
	id: string,
	entity: string
): Promise<T['$inferSelect'] | undefined> {
	const [row] = await m.tx
		.select()
		.from(table as SQLiteTable)
		.where(eq(table.id, id));
	if (row && (row as { organizationId: string }).organizationId !== m.organizationId) {
		throw new AppError('not_found', `No such ${entity}.`);
	}
	return row as T['$inferSelect'] | undefined;
}

/** A reference in the args (`field`) must name a row of the caller's organization. */
export async function assertInOrg<T extends OwnedTable>(
	m: MutationContext,
	table: T,
	id: string,
	field: string
): Promise<T['$inferSelect']> {
	const [row] = await m.tx
		.select()
		.from(table as SQLiteTable)
		.where(eq(table.id, id));
	if (!row || (row as { organizationId: string }).organizationId !== m.organizationId) {
		throw new AppError('not_found', `No such ${field.replace(/Id$/, '')}.`, {
			[field]: fieldError('not_found', 'Not found')
		});
	}
	return row as T['$inferSelect'];
}
