/**
 * Steps plans share: references that must exist, a customer's debt, the stock ledger, numbers.
 * Each reads through the view and adds to the plan's writes; none does I/O.
 */
import { AppError, fieldError, InsufficientStock, type FieldErrors } from '../errors';
import {
	balanceKey,
	shortages,
	type Movement,
	type NegativeStockPolicy
} from '../inventory/ledger';
import { fromMilli, milliOf } from '../inventory/quantity';
import type { PlanContext, Put, View, Write } from './plan';
import { balanceRowId, type RowOf, type SyncedTable } from './rows';

/** A reference in the args (`field`) must name a row the caller's organization has. */
export function mustExist<T extends SyncedTable>(
	view: View,
	table: T,
	id: string,
	field: string
): RowOf[T] {
	const row = view.get(table, id);
	if (!row) {
		throw new AppError('not_found', `No such ${field.replace(/Id$/, '')}.`, {
			[field]: fieldError('not_found', 'Not found')
		});
	}
	return row;
}

/**
 * A row the args name: as `mustExist` on the server. On the device a row it has not synced yet is
 * the server's to judge: undefined, and the plan goes on with what it has (the optimistic effect
 * shows at once; the server's answer replaces it).
 */
export function referenced<T extends SyncedTable>(
	view: View,
	ctx: PlanContext,
	table: T,
	id: string,
	field: string
): RowOf[T] | undefined {
	return ctx.device ? view.get(table, id) : mustExist(view, table, id, field);
}

/** Every id of a list in the args must name a row: each missing one named (`productIds.2`). */
export function mustAllExist(
	view: View,
	table: SyncedTable,
	ids: readonly string[],
	field: string
) {
	const fields = Object.fromEntries(
		ids.flatMap((id, i) =>
			view.get(table, id) ? [] : [[`${field}.${i}`, fieldError('not_found', 'Not found')]]
		)
	);
	if (Object.keys(fields).length) {
		throw new AppError('not_found', `No such ${field.replace(/Ids$/, '')}.`, fields);
	}
}

/**
 * Branch ids in the args must be the organization's (the server knows them all); a single one
 * (`field` without a list) is named as it is.
 */
export function mustBeBranches(
	known: ReadonlySet<string>,
	ids: readonly string[],
	field = 'branchIds'
) {
	const fields = Object.fromEntries(
		ids.flatMap((id, i) =>
			known.has(id)
				? []
				: [[field.endsWith('Ids') ? `${field}.${i}` : field, fieldError('not_found', 'Not found')]]
		)
	);
	if (Object.keys(fields).length) throw new AppError('not_found', 'No such branch.', fields);
}

/** Administrators work across the organization's branches; everyone else within their own. */
export const orgWide = (ctx: PlanContext) => ctx.role === 'admin';

/** A trade point of the caller's branch (any, for an administrator). */
export function tradePointOf(view: View, ctx: PlanContext, id: string, field = 'tradePointId') {
	const point = mustExist(view, 'tradePoints', id, field);
	if (!orgWide(ctx) && point.branchId !== ctx.branchId) {
		throw new AppError('not_found', 'No such trade point.', {
			[field]: fieldError('not_found', 'Not found')
		});
	}
	return point;
}

type BranchTable = 'tradePoints' | 'warehouses' | 'routes' | 'targets';

/**
 * For an upsert of a branch's row: the row with this id, undefined if none. Another branch's
 * row does not exist for a caller who works within their own (another organization's is not
 * in the view: ids are each organization's own, and a put makes the caller's row).
 */
export function ownBranchRow<T extends BranchTable>(
	view: View,
	ctx: PlanContext,
	table: T,
	id: string,
	entity: string,
	fields?: FieldErrors
): RowOf[T] | undefined {
	const row = view.get(table, id);
	if (row && !orgWide(ctx) && row.branchId !== ctx.branchId) {
		throw new AppError('not_found', `No such ${entity}.`, fields);
	}
	return row;
}

/** The caller's branch, or for an administrator without one the organization's oldest. */
export function homeBranch(ctx: PlanContext): string {
	if (ctx.branchId) return ctx.branchId;
	if (!ctx.branches) return ''; // The device: the server decides.
	const [first] = ctx.branches;
	if (!first) {
		throw new AppError('validation', 'The organization has no branch.', {
			branchId: fieldError('required', 'Required')
		});
	}
	return first;
}

/**
 * The branch a row goes to: the one asked for (of the organization, and another than the
 * caller's only for an administrator: else `refusal`), else where it is, else the caller's.
 */
export function targetBranch(
	ctx: PlanContext,
	requested: string | undefined,
	current: string | undefined,
	refusal: string
): string {
	if (!requested) return current ?? homeBranch(ctx);
	if (ctx.branches) mustBeBranches(ctx.branches, [requested], 'branchId');
	if (!orgWide(ctx) && requested !== ctx.branchId) {
		throw new AppError('forbidden', refusal, {
			branchId: fieldError('not_allowed', 'Not your branch')
		});
	}
	return requested;
}

/** What the customer owes now (this batch's earlier changes included). */
export const debtOf = (view: View, counterpartyId: string) =>
	view.get('debts', counterpartyId)?.amount ?? 0;

/** Moves the customer's debt by `amount`. */
export function addDebt(view: View, writes: Write[], counterpartyId: string, amount: number) {
	if (!amount) return;
	debtOf(view, counterpartyId); // the overlay moves the row it has read
	writes.push({ debt: counterpartyId, amount });
}

/**
 * Moves stock by `movements` under the organization's policy: under `forbid` a movement that
 * would take a balance below zero refuses the whole plan (`InsufficientStock`); under
 * `allow_and_flag` it goes through and the pair is flagged. Returns how many pairs it flags.
 */
export function moveStock(
	view: View,
	writes: Write[],
	movements: readonly Movement[],
	o: { policy: NegativeStockPolicy; branchOf: ReadonlyMap<string, string>; reversal?: boolean }
): number {
	if (!movements.length) return 0;
	view.prefetch(
		movements.map((m) => ({
			table: 'balances',
			by: 'id',
			value: balanceRowId(m.warehouseId, m.productId)
		}))
	);
	const before = new Map<string, number>();
	for (const m of movements) {
		const row = view.get('balances', balanceRowId(m.warehouseId, m.productId));
		before.set(balanceKey(m.warehouseId, m.productId), milliOf(row?.qty ?? 0));
	}
	const short = shortages(before, movements);
	if (short.length && o.policy === 'forbid') {
		throw new InsufficientStock(
			short.map((s) => ({
				line:
					movements.find(
						(mv) => mv.warehouseId === s.warehouseId && mv.productId === s.productId && mv.milli < 0
					)?.line ?? 0,
				warehouseId: s.warehouseId,
				productId: s.productId,
				available: fromMilli(s.available),
				needed: fromMilli(s.needed)
			}))
		);
	}
	writes.push({
		ledger: movements,
		reversal: o.reversal ?? false,
		short: short.map((s) => ({
			warehouseId: s.warehouseId,
			productId: s.productId,
			branchId: o.branchOf.get(s.warehouseId) ?? '',
			// This posting's part of the gap: what it took beyond what was there.
			milli: s.needed - Math.max(s.available, 0)
		}))
	});
	return short.length;
}

/** Takes the series' next number: the server's, or null on the device (a provisional one shows). */
export function takeNumber(view: View, writes: Write[], branchId: string, prefix: string) {
	const number = view.nextNumber(branchId, prefix);
	if (number !== null) writes.push({ number: { branchId, prefix } });
	return number;
}

/**
 * A change to a row the plan has read (archived, posted, stamped): the old row with `changes`,
 * stamped now; its other fields stay as they were, and the runner gives it the mutation's version.
 * `server`: columns only the server keeps (who posted it).
 */
export function putOver<T extends SyncedTable>(
	ctx: PlanContext,
	table: T,
	old: RowOf[T],
	changes: Partial<RowOf[T]>,
	server?: Record<string, unknown>
): Put<T> {
	return {
		put: table,
		row: { ...old, ...changes, updatedAt: ctx.now },
		...(server ? { server } : {})
	};
}
