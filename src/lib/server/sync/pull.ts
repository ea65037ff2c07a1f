/**
 * Delta pull: every row the caller may see that changed after the cursor, and tombstones, in
 * version order, page by page. What each role sees is decided here (`scopeOf`).
 */
import { and, count, eq, gt, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { AppError, fieldError } from '../../domain/errors';
import type { Change, RowOf, SyncedTable } from '../../domain/sync/rows';
import { balanceRowId, priceRowId } from '../../domain/sync/rows';
import { fromMilli } from '../../domain/inventory/quantity';
import type { PullResponse } from '../../domain/sync/protocol';
import type { AuthContext } from '../auth/session';
import type { Db } from '../db/client';
import {
	categories,
	counterparties,
	priceLists,
	prices,
	products,
	counterpartyDebts,
	payments,
	promotions,
	salesOrders,
	salesReceipts,
	stockBalances,
	stockDocuments,
	stockShortages,
	tombstones,
	routes,
	tradePoints,
	visits,
	warehouses,
	type StoredLine,
	type StoredSaleLine
} from '../db/schema';

interface Scope {
	key: string;
	tables: SyncedTable[];
	/** Trade points and warehouses of this branch only; null: all of the organization's. */
	branchId: string | null;
	/**
	 * Whose stock: every warehouse in the scope's branch (or organization), or only the caller's
	 * own (a rep's van, a cashier's store) and the documents touching them.
	 */
	stock: 'branch' | 'own';
	userId: string;
}

const CATALOG: SyncedTable[] = ['categories', 'products', 'priceLists', 'prices'];
const STOCK: SyncedTable[] = ['stockDocuments', 'balances'];
const SALES: SyncedTable[] = [
	'promotions',
	'receipts',
	'payments',
	'debts',
	'orders',
	'visits',
	'routes'
];

/**
 * Sales rows the scope sees: the whole organization's or branch's, or for a rep or cashier
 * what they made and what left their own van or store.
 */
function salesWhere(
	cols: { organizationId: SQLiteColumn; branchId: SQLiteColumn; authorId: SQLiteColumn },
	org: string,
	scope: Scope,
	warehouseId?: SQLiteColumn
): SQL {
	return and(
		eq(cols.organizationId, org),
		scope.stock === 'own'
			? or(
					eq(cols.authorId, scope.userId),
					warehouseId ? inArray(warehouseId, stockWarehouses(org, scope)) : undefined
				)
			: scope.branchId
				? eq(cols.branchId, scope.branchId)
				: undefined
	)!;
}

/** The warehouses whose stock the scope sees, as a subquery. */
function stockWarehouses(org: string, scope: Scope): SQL {
	if (scope.stock === 'own') {
		return sql`(SELECT id FROM warehouses WHERE organization_id = ${org} AND owner_id = ${scope.userId})`;
	}
	return scope.branchId
		? sql`(SELECT id FROM warehouses WHERE organization_id = ${org} AND branch_id = ${scope.branchId})`
		: sql`(SELECT id FROM warehouses WHERE organization_id = ${org})`;
}

/** What a role pulls (see the roles table in ARCHITECTURE.md). */
export function scopeOf(auth: AuthContext): Scope {
	const branch = auth.branchId ?? null;
	switch (auth.role) {
		case 'admin':
			return {
				key: 'admin',
				tables: [
					...CATALOG,
					'counterparties',
					'tradePoints',
					'warehouses',
					...STOCK,
					'shortages',
					...SALES
				],
				branchId: null,
				stock: 'branch',
				userId: auth.userId
			};
		case 'manager':
			return {
				key: `${auth.role}:${branch}`,
				tables: [
					...CATALOG,
					'counterparties',
					'tradePoints',
					'warehouses',
					...STOCK,
					'shortages',
					...SALES
				],
				branchId: branch ?? '-',
				stock: 'branch',
				userId: auth.userId
			};
		case 'rep':
			return {
				key: `${auth.role}:${branch}`,
				tables: [...CATALOG, 'counterparties', 'tradePoints', 'warehouses', ...STOCK, ...SALES],
				branchId: branch ?? '-',
				stock: 'own',
				userId: auth.userId
			};
		case 'storekeeper':
			return {
				key: `${auth.role}:${branch}`,
				tables: [...CATALOG, 'counterparties', 'warehouses', ...STOCK, 'shortages', 'orders'],
				branchId: branch ?? '-',
				stock: 'branch',
				userId: auth.userId
			};
		case 'cashier':
			return {
				key: `${auth.role}:${branch}`,
				tables: [...CATALOG, 'warehouses', ...STOCK, 'promotions', 'receipts', 'payments'],
				branchId: branch ?? '-',
				stock: 'own',
				userId: auth.userId
			};
		default:
			throw new AppError('forbidden', 'This account has no business data to sync.');
	}
}

/** Cursor: base64url of `{v, s}` — the last version seen and the scope it was made for. */
export function encodeCursor(version: number, scopeKey: string): string {
	return btoa(JSON.stringify({ v: version, s: scopeKey }))
		.replace(/\+/g, '-')
		.replace(/\//g, '_')
		.replace(/=+$/, '');
}

export function decodeCursor(cursor: string | undefined): { v: number; s: string } | null {
	if (!cursor) return null;
	try {
		const parsed = JSON.parse(atob(cursor.replace(/-/g, '+').replace(/_/g, '/'))) as {
			v?: unknown;
			s?: unknown;
		};
		if (
			Number.isSafeInteger(parsed.v) &&
			(parsed.v as number) >= 0 &&
			typeof parsed.s === 'string'
		) {
			return { v: parsed.v as number, s: parsed.s };
		}
	} catch {
		// Falls through to the refusal below.
	}
	throw new AppError('validation', 'The cursor is not one this server made.', {
		cursor: fieldError('invalid', 'Invalid cursor')
	});
}

type Source = {
	table: SyncedTable;
	version: SQLiteColumn;
	where: (orgId: string, scope: Scope) => SQL | undefined;
	query: (db: Db, where: SQL, limit?: number) => Promise<Record<string, unknown>[]>;
	toRow: (r: Record<string, unknown>) => RowOf[SyncedTable];
};

const common = (r: Record<string, unknown>) => ({
	id: r.id as string,
	version: r.version as number,
	updatedAt: r.updatedAt as number
});

/** A source's rows in version order: the order a pull hands them out. */
const inVersionOrder =
	(table: SQLiteTable & { version: SQLiteColumn }) => (db: Db, where: SQL, limit?: number) =>
		db
			.select()
			.from(table as SQLiteTable)
			.where(where)
			.orderBy(table.version)
			.limit(limit ?? -1) as Promise<Record<string, unknown>[]>;

const SOURCES: Source[] = [
	{
		table: 'categories',
		version: categories.version,
		where: (org) => eq(categories.organizationId, org),
		query: inVersionOrder(categories),
		toRow: (r) => ({ ...common(r), name: r.name, parentId: r.parentId }) as RowOf['categories']
	},
	{
		table: 'products',
		version: products.version,
		where: (org) => eq(products.organizationId, org),
		query: inVersionOrder(products),
		toRow: (r) =>
			({
				...common(r),
				sku: r.sku,
				name: r.name,
				unit: r.unit,
				barcodes: r.barcodes,
				categoryId: r.categoryId,
				active: r.active
			}) as RowOf['products']
	},
	{
		table: 'priceLists',
		version: priceLists.version,
		where: (org) => eq(priceLists.organizationId, org),
		query: inVersionOrder(priceLists),
		toRow: (r) =>
			({
				...common(r),
				name: r.name,
				isDefault: r.isDefault,
				channels: r.channels,
				counterpartyIds: r.counterpartyIds
			}) as RowOf['priceLists']
	},
	{
		table: 'prices',
		version: prices.version,
		where: (org) => eq(prices.organizationId, org),
		query: inVersionOrder(prices),
		toRow: (r) =>
			({
				id: priceRowId(r.priceListId as string, r.productId as string),
				version: r.version,
				updatedAt: r.updatedAt,
				priceListId: r.priceListId,
				productId: r.productId,
				price: r.price
			}) as RowOf['prices']
	},
	{
		table: 'counterparties',
		version: counterparties.version,
		where: (org) => eq(counterparties.organizationId, org),
		query: inVersionOrder(counterparties),
		toRow: (r) =>
			({
				...common(r),
				name: r.name,
				kind: r.kind,
				taxId: r.taxId,
				phone: r.phone,
				email: r.email,
				address: r.address,
				contactName: r.contactName
			}) as RowOf['counterparties']
	},
	{
		table: 'tradePoints',
		version: tradePoints.version,
		where: (org, scope) =>
			and(
				eq(tradePoints.organizationId, org),
				scope.branchId ? eq(tradePoints.branchId, scope.branchId) : undefined
			),
		query: inVersionOrder(tradePoints),
		toRow: (r) =>
			({
				...common(r),
				name: r.name,
				address: r.address,
				counterpartyId: r.counterpartyId,
				channel: r.channel,
				branchId: r.branchId,
				lat: r.lat,
				lng: r.lng,
				locationSource: r.locationSource,
				archived: r.archived
			}) as RowOf['tradePoints']
	},
	{
		table: 'warehouses',
		version: warehouses.version,
		where: (org, scope) =>
			and(
				eq(warehouses.organizationId, org),
				scope.branchId ? eq(warehouses.branchId, scope.branchId) : undefined
			),
		query: inVersionOrder(warehouses),
		toRow: (r) =>
			({
				...common(r),
				name: r.name,
				kind: r.kind,
				branchId: r.branchId,
				ownerId: r.ownerId,
				tradePointId: r.tradePointId,
				archived: r.archived
			}) as RowOf['warehouses']
	},
	{
		table: 'stockDocuments',
		version: stockDocuments.version,
		where: (org, scope) =>
			and(
				eq(stockDocuments.organizationId, org),
				scope.stock === 'own'
					? or(
							inArray(stockDocuments.warehouseId, stockWarehouses(org, scope)),
							inArray(stockDocuments.toWarehouseId, stockWarehouses(org, scope))
						)
					: scope.branchId
						? eq(stockDocuments.branchId, scope.branchId)
						: undefined
			),
		query: inVersionOrder(stockDocuments),
		toRow: (r) =>
			({
				...common(r),
				branchId: r.branchId,
				type: r.type,
				status: r.status,
				number: r.number,
				warehouseId: r.warehouseId,
				toWarehouseId: r.toWarehouseId,
				counterpartyId: r.counterpartyId,
				reason: r.reason,
				comment: r.comment,
				lines: (r.lines as StoredLine[]).map((l) => ({
					productId: l.productId,
					qty: fromMilli(l.milli),
					cost: l.cost,
					...(l.expectedMilli !== undefined ? { expected: fromMilli(l.expectedMilli) } : {})
				})),
				authorId: r.authorId,
				createdAt: r.createdAt,
				postedAt: r.postedAt,
				cancelledAt: r.cancelledAt
			}) as RowOf['stockDocuments']
	},
	{
		table: 'balances',
		version: stockBalances.version,
		where: (org, scope) =>
			and(
				eq(stockBalances.organizationId, org),
				inArray(stockBalances.warehouseId, stockWarehouses(org, scope))
			),
		query: inVersionOrder(stockBalances),
		toRow: (r) =>
			({
				id: balanceRowId(r.warehouseId as string, r.productId as string),
				version: r.version,
				updatedAt: r.updatedAt,
				warehouseId: r.warehouseId,
				productId: r.productId,
				qty: fromMilli(r.milli as number)
			}) as RowOf['balances']
	},
	{
		table: 'shortages',
		version: stockShortages.version,
		where: (org, scope) =>
			and(
				eq(stockShortages.organizationId, org),
				scope.branchId ? eq(stockShortages.branchId, scope.branchId) : undefined
			),
		query: inVersionOrder(stockShortages),
		toRow: (r) =>
			({
				...common(r),
				branchId: r.branchId,
				warehouseId: r.warehouseId,
				productId: r.productId,
				documentId: r.documentId,
				short: fromMilli(r.shortMilli as number),
				status: r.status,
				resolution: r.resolution,
				note: r.note,
				createdAt: r.createdAt,
				resolvedAt: r.resolvedAt
			}) as RowOf['shortages']
	},
	{
		table: 'promotions',
		version: promotions.version,
		where: (org) => eq(promotions.organizationId, org),
		query: inVersionOrder(promotions),
		toRow: (r) =>
			({ ...common(r), name: r.name, active: r.active, rule: r.rule }) as RowOf['promotions']
	},
	{
		table: 'receipts',
		version: salesReceipts.version,
		where: (org, scope) => salesWhere(salesReceipts, org, scope, salesReceipts.warehouseId),
		query: inVersionOrder(salesReceipts),
		toRow: (r) =>
			({
				...common(r),
				branchId: r.branchId,
				kind: r.kind,
				returnOf: r.returnOf,
				number: r.number,
				warehouseId: r.warehouseId,
				tradePointId: r.tradePointId,
				counterpartyId: r.counterpartyId,
				authorId: r.authorId,
				lines: saleLines(r.lines as StoredSaleLine[]),
				orderDiscount: r.orderDiscount,
				subtotal: r.subtotal,
				discount: r.discount,
				total: r.total,
				paid: r.paid,
				applied: r.applied,
				soldAt: r.soldAt
			}) as RowOf['receipts']
	},
	{
		table: 'payments',
		version: payments.version,
		where: (org, scope) => salesWhere(payments, org, scope),
		query: inVersionOrder(payments),
		toRow: (r) =>
			({
				...common(r),
				branchId: r.branchId,
				counterpartyId: r.counterpartyId,
				receiptId: r.receiptId,
				method: r.method,
				amount: r.amount,
				authorId: r.authorId,
				at: r.at
			}) as RowOf['payments']
	},
	{
		table: 'debts',
		version: counterpartyDebts.version,
		where: (org) => eq(counterpartyDebts.organizationId, org),
		query: inVersionOrder(counterpartyDebts),
		toRow: (r) =>
			({
				id: r.counterpartyId,
				version: r.version,
				updatedAt: r.updatedAt,
				amount: r.amount
			}) as RowOf['debts']
	},
	{
		table: 'visits',
		version: visits.version,
		where: (org, scope) => salesWhere(visits, org, scope),
		query: inVersionOrder(visits),
		toRow: (r) =>
			({
				...common(r),
				branchId: r.branchId,
				tradePointId: r.tradePointId,
				authorId: r.authorId,
				checkInAt: r.checkInAt,
				lat: r.lat,
				lng: r.lng,
				accuracy: r.accuracy,
				locationSource: r.locationSource,
				distance: r.distance,
				flagged: r.flagged,
				checkOutAt: r.checkOutAt,
				outcome: r.outcome,
				reason: r.reason,
				note: r.note
			}) as RowOf['visits']
	},
	{
		table: 'routes',
		version: routes.version,
		// A rep pulls only their own routes; the office, its branch's.
		where: (org, scope) =>
			and(
				eq(routes.organizationId, org),
				scope.stock === 'own'
					? eq(routes.repId, scope.userId)
					: scope.branchId
						? eq(routes.branchId, scope.branchId)
						: undefined
			),
		query: inVersionOrder(routes),
		toRow: (r) =>
			({
				...common(r),
				branchId: r.branchId,
				repId: r.repId,
				name: r.name,
				weekdays: r.weekdays,
				date: r.date,
				stops: r.stops,
				archived: r.archived
			}) as RowOf['routes']
	},
	{
		table: 'orders',
		version: salesOrders.version,
		where: (org, scope) => salesWhere(salesOrders, org, scope),
		query: inVersionOrder(salesOrders),
		toRow: (r) =>
			({
				...common(r),
				branchId: r.branchId,
				number: r.number,
				status: r.status,
				tradePointId: r.tradePointId,
				counterpartyId: r.counterpartyId,
				authorId: r.authorId,
				warehouseId: r.warehouseId,
				lines: saleLines(r.lines as StoredSaleLine[]),
				orderDiscount: r.orderDiscount,
				subtotal: r.subtotal,
				discount: r.discount,
				total: r.total,
				applied: r.applied,
				comment: r.comment,
				orderedAt: r.orderedAt,
				shippedAt: r.shippedAt,
				deliveredAt: r.deliveredAt,
				cancelledAt: r.cancelledAt
			}) as RowOf['orders']
	}
];

/** Sale lines as devices get them: quantities in the unit. */
const saleLines = (lines: StoredSaleLine[]) =>
	lines.map(({ milli, ...l }) => ({ ...l, qty: fromMilli(milli) }));

function tombstoneWhere(org: string, scope: Scope): SQL {
	return and(
		eq(tombstones.organizationId, org),
		inArray(tombstones.tableName, scope.tables),
		// A branch-scoped caller gets the tombstones of rows that left their branch, and deletions.
		scope.branchId
			? or(isNull(tombstones.branchId), eq(tombstones.branchId, scope.branchId))
			: undefined
	)!;
}

interface Versioned {
	version: number;
	change: Change;
}

/**
 * The last version of the next page: the `limit`-th smallest version after `after` across the
 * caller's sources, or null when fewer than `limit` rows are left (the page takes them all).
 * Asked of the versions alone (an index scan per source), so the page's rows are read once:
 * reading `limit` full rows from every source and keeping `limit` read each row about three
 * times over in a first download (bench/sync-pull.ts).
 */
async function pageEnd(
	db: Db,
	org: string,
	scope: Scope,
	after: number,
	limit: number
): Promise<number | null> {
	const versions: number[] = [];
	const dead = await db
		.select({ v: tombstones.version })
		.from(tombstones)
		.where(and(tombstoneWhere(org, scope), gt(tombstones.version, after)))
		.orderBy(tombstones.version)
		.limit(limit);
	for (const r of dead) versions.push(r.v);
	for (const s of SOURCES.filter((s) => scope.tables.includes(s.table))) {
		const rows = await db
			.select({ v: s.version })
			.from(s.version.table)
			.where(and(s.where(org, scope), gt(s.version, after)))
			.orderBy(s.version)
			.limit(limit);
		for (const r of rows) versions.push(r.v as number);
	}
	if (versions.length < limit) return null;
	versions.sort((a, b) => a - b);
	return versions[limit - 1]!;
}

/** Every change after `after` up to and including version `upTo` (or all, for null). */
async function changesBetween(
	db: Db,
	org: string,
	scope: Scope,
	after: number,
	upTo: number | null
): Promise<Versioned[]> {
	const out: Versioned[] = [];
	const range = (col: SQLiteColumn) =>
		and(gt(col, after), upTo === null ? undefined : lte(col, upTo));
	// Tombstones go first: a row that left one scope for another in the same write (a trade point
	// moved between branches, a route given to another rep) is both deleted and put at one version,
	// and a caller who sees both must keep the row. The sort by version after this is stable.
	const dead = await db
		.select()
		.from(tombstones)
		.where(and(tombstoneWhere(org, scope), range(tombstones.version)))
		.orderBy(tombstones.version);
	for (const t of dead) {
		out.push({
			version: t.version,
			change: { table: t.tableName as SyncedTable, op: 'delete', id: t.rowId, version: t.version }
		});
	}
	for (const s of SOURCES.filter((s) => scope.tables.includes(s.table))) {
		const rows = await s.query(db, and(s.where(org, scope), range(s.version))!);
		for (const r of rows)
			out.push({
				version: r.version as number,
				change: { table: s.table, op: 'put', row: s.toRow(r) } as Change
			});
	}
	return out.sort((a, b) => a.version - b.version);
}

async function countAfter(db: Db, org: string, scope: Scope, after: number): Promise<number> {
	let n = 0;
	for (const s of SOURCES.filter((s) => scope.tables.includes(s.table))) {
		const table = s.version.table;
		const [r] = await db
			.select({ n: count() })
			.from(table)
			.where(and(s.where(org, scope), gt(s.version, after)));
		n += r?.n ?? 0;
	}
	const [t] = await db
		.select({ n: count() })
		.from(tombstones)
		.where(and(tombstoneWhere(org, scope), gt(tombstones.version, after)));
	return n + (t?.n ?? 0);
}

/**
 * One page of changes after `cursor`. A page never splits a version: all rows of its last
 * version are in it, so the next page can start strictly after that version.
 */
export async function pullPage(
	db: Db,
	auth: AuthContext,
	orgId: string,
	cursor: string | undefined,
	limit: number
): Promise<PullResponse> {
	const scope = scopeOf(auth);
	const from = decodeCursor(cursor);
	const reset = !!from && from.s !== scope.key;
	const after = from && !reset ? from.v : 0;

	// The page ends on a whole version: all rows of its last version are in it, so the next
	// page starts strictly after that version.
	const end = await pageEnd(db, orgId, scope, after, limit);
	const page = await changesBetween(db, orgId, scope, after, end);
	const last = page.at(-1)?.version ?? after;
	const remaining = await countAfter(db, orgId, scope, last);
	return {
		cursor: encodeCursor(last, scope.key),
		hasMore: remaining > 0,
		remaining,
		changes: page.map((c) => c.change),
		...(reset ? { reset: true } : {})
	};
}

/**
 * One page of one table's rows for the organization, as devices get them, in version order:
 * the read API's pages (`after`: the last version of the previous page; `updatedSince`: epoch
 * ms). Everything of the organization, as an administrator sees it.
 */
export async function organizationRows(
	db: Db,
	orgId: string,
	table: SyncedTable,
	after: number,
	updatedSince: number | undefined,
	limit: number
): Promise<{ items: RowOf[SyncedTable][]; last: number | null }> {
	const source = SOURCES.find((s) => s.table === table)!;
	const scope: Scope = { key: 'api', tables: [table], branchId: null, stock: 'branch', userId: '' };
	const updatedAt = (source.version.table as unknown as { updatedAt: SQLiteColumn }).updatedAt;
	const rows = await source.query(
		db,
		and(
			source.where(orgId, scope),
			gt(source.version, after),
			updatedSince !== undefined ? gt(updatedAt, updatedSince) : undefined
		)!,
		limit
	);
	return {
		items: rows.map(source.toRow),
		last: rows.length ? (rows.at(-1)!.version as number) : null
	};
}
