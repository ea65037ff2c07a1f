import { asc, eq } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { AppError, fieldError } from '../../../domain/errors';
import { branches } from '../../db/schema';
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
	return ownable(m, row as { organizationId: string } | undefined, entity) as
		T['$inferSelect'] | undefined;
}

/** `assertOwnable` for a row the caller already read by its id. */
export function ownable<R extends { organizationId: string }>(
	m: MutationContext,
	row: R | undefined,
	entity: string
): R | undefined {
	if (row && row.organizationId !== m.organizationId) {
		throw new AppError('not_found', `No such ${entity}.`);
	}
	return row;
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

/** The caller's branch, or for an organization-wide admin without one, the first branch. */
export async function homeBranch(m: MutationContext): Promise<string> {
	if (m.auth.branchId) return m.auth.branchId;
	const [first] = await m.tx
		.select({ id: branches.id })
		.from(branches)
		.where(eq(branches.organizationId, m.organizationId))
		.orderBy(asc(branches.createdAt))
		.limit(1);
	if (!first)
		throw new AppError('validation', 'The organization has no branch.', {
			branchId: fieldError('required', 'Required')
		});
	return first.id;
}

/** Administrators work across the organization's branches; everyone else within their own. */
export const orgWide = (m: MutationContext) => m.auth.role === 'admin';

type BranchTable = OwnedTable & { branchId: SQLiteColumn };

/**
 * For an upsert of a branch's row (a trade point, a warehouse): as `assertOwnable`, and a row of
 * another branch does not exist for a caller who works within their own.
 */
export async function assertOwnableInBranch<T extends BranchTable>(
	m: MutationContext,
	table: T,
	id: string,
	entity: string
): Promise<T['$inferSelect'] | undefined> {
	const row = await assertOwnable(m, table, id, entity);
	if (row && !orgWide(m) && (row as { branchId: string }).branchId !== m.auth.branchId) {
		throw new AppError('not_found', `No such ${entity}.`);
	}
	return row;
}

/**
 * The branch a row goes to: the one asked for (of the organization, and another than the
 * caller's only for an administrator: else `refusal`), else where it is, else the caller's.
 */
export async function targetBranch(
	m: MutationContext,
	requested: string | undefined,
	current: string | undefined,
	refusal: string
): Promise<string> {
	if (!requested) return current ?? (await homeBranch(m));
	await assertInOrg(m, branches, requested, 'branchId');
	if (!orgWide(m) && requested !== m.auth.branchId) {
		throw new AppError('forbidden', refusal, {
			branchId: fieldError('not_allowed', 'Not your branch')
		});
	}
	return requested;
}
