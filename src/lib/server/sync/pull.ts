/**
 * Delta pull: every row the caller may see that changed after the cursor, and tombstones, in
 * version order, page by page. What each role sees is decided here (`scopeOf`). A page is one
 * read batch (one database round trip, asserted in pull-round-trips.test.ts): every statement
 * is built first, what one would need from another (the page's last version, the count left)
 * is folded into SQL, and the page is put together in memory, as text: most sources' rows
 * come as JSON SQLite wrote (`json` on a source, row-json.ts), the rest through `toRow`.
 */
import type { InValue } from '@libsql/client';
import {
	and,
	count,
	eq,
	fillPlaceholders,
	gt,
	gte,
	inArray,
	isNull,
	lte,
	or,
	sql,
	type SQL,
	type SQLWrapper
} from 'drizzle-orm';
import { z } from 'zod';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { AppError, fieldError } from '../../domain/errors';
import type { AssortmentRow, Change, RowOf, SyncedTable } from '../../domain/sync/rows';
import { balanceRowId, priceRowId } from '../../domain/sync/rows';
import { fromMilli } from '../../domain/inventory/quantity';
import { readPromotion } from '../../domain/sales/promotions';
import { MARKS_SOLD_WINDOW_DAYS } from '../../domain/marking/state';
import type { PullResponse } from '../../domain/sync/protocol';
import type { AuthContext } from '../auth/session';
import type { Db } from '../db/client';
import { rawStatements } from '../db/raw';
import { rowJson, type Derived } from './row-json';
import { columnsOf } from './tables';
import {
	assortments,
	categories,
	counterparties,
	priceLists,
	prices,
	products,
	counterpartyDebts,
	dayCloses,
	payments,
	promotions,
	salesOrders,
	salesReceipts,
	stockBalances,
	stockDocuments,
	stockShortages,
	tombstones,
	routes,
	targets,
	marks,
	taskTemplates,
	visitTasks,
	tradePoints,
	visits,
	warehouses,
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

/**
 * A scope as its statements are built: the same tables and rules, its ids placeholders (`P`)
 * filled when a page runs, so one set of statements serves every caller of the same shape.
 */
interface Shape {
	tables: SyncedTable[];
	branchId: SQLWrapper | null;
	stock: Scope['stock'];
	userId: SQLWrapper;
}

const shapeOf = (scope: Scope): Shape => ({
	tables: scope.tables,
	branchId: scope.branchId === null ? null : P.branch,
	stock: scope.stock,
	userId: P.user
});

/** What decides a page's statements (a role's tables and rules), not whose they are. */
const shapeKey = (scope: Scope) =>
	`${scope.stock}:${scope.branchId === null}:${scope.tables.join(',')}`;

const valuesOf = (org: string, scope: Scope) => ({
	org,
	branch: scope.branchId,
	user: scope.userId
});

const CATALOG: SyncedTable[] = ['categories', 'products', 'priceLists', 'prices', 'assortments'];
const STOCK: SyncedTable[] = ['stockDocuments', 'balances', 'marks'];
const SALES: SyncedTable[] = [
	'promotions',
	'receipts',
	'payments',
	'debts',
	'orders',
	'visits',
	'routes',
	'dayCloses',
	'targets',
	'taskTemplates',
	'visitTasks'
];

/**
 * Sales rows the scope sees: the whole organization's or branch's, or for a rep or cashier
 * what they made and what left their own van or store.
 */
function salesWhere(
	cols: { organizationId: SQLiteColumn; branchId: SQLiteColumn; authorId: SQLiteColumn },
	org: SQLWrapper,
	scope: Shape,
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
function stockWarehouses(org: SQLWrapper, scope: Shape): SQL {
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
				tables: [
					...CATALOG,
					'counterparties',
					'warehouses',
					...STOCK,
					'shortages',
					'orders',
					'dayCloses'
				],
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

/** What a cursor holds; anything else in it is not one this server made. */
const cursorShape = z.object({ v: z.number().int().nonnegative(), s: z.string() });

export function decodeCursor(cursor: string | undefined): { v: number; s: string } | null {
	if (!cursor) return null;
	let json: unknown = null;
	try {
		json = JSON.parse(atob(cursor.replace(/-/g, '+').replace(/_/g, '/')));
	} catch {
		// Falls through to the refusal below.
	}
	const parsed = cursorShape.safeParse(json);
	if (parsed.success) return { v: parsed.data.v, s: parsed.data.s };
	throw new AppError('validation', 'The cursor is not one this server made.', {
		cursor: fieldError('invalid', 'Invalid cursor')
	});
}

/** A synced table as drizzle declares it: every one has a version and an update time. */
type VersionedTable = SQLiteTable & { version: SQLiteColumn; updatedAt: SQLiteColumn };

/**
 * Where a synced table's rows live, which of them a scope sees, and each as the device stores
 * it: `toRow` goes from the table's own row type to the device's, so the compiler checks both.
 */
interface Source<T extends SyncedTable, Tbl extends VersionedTable> {
	table: T;
	from: Tbl;
	where: (org: SQLWrapper, scope: Shape) => SQL | undefined;
	toRow: (r: Tbl['$inferSelect']) => RowOf[T];
	/**
	 * Given: SQLite writes this source's rows as JSON text (row-json.ts), in `toRow`'s key order,
	 * these being the keys `toRow` computes rather than passes through. Absent: rows whose device
	 * form is not their columns (a rule read by kind, lines reshaped) go through `toRow` in Node.
	 */
	json?: Record<string, Derived>;
}

/** A source's row in a page: its version (to order the page by) and its JSON text. */
interface RowText {
	version: number;
	row: string;
}

const source = <T extends SyncedTable, Tbl extends VersionedTable>(s: Source<T, Tbl>) => {
	const json = s.json ? rowJson(s.from, s.toRow, s.json) : null;
	return {
		...s,
		/** A row read by plain SQL (`SELECT *`, the planner's reads), as devices get it. */
		fromStored: (raw: Readonly<Record<string, unknown>>): RowOf[T] => s.toRow(decoded(s.from, raw)),
		/**
		 * This source's rows that `where` selects, in version order, as JSON text: written by
		 * SQLite where the source says how (`json`), else each row through `toRow` and
		 * `JSON.stringify`. One prepared statement either way, for a page's batch.
		 */
		query(db: Db, where: SQL): Prepared<RowText[]> {
			const q = (json ? db.select(json.fields) : db.select())
				.from(s.from)
				.where(where)
				.orderBy(s.from.version)
				.limit(P.limit)
				.prepare();
			const text = json
				? (r: Record<string, unknown>) => ({ version: Number(r.version), row: json.text(r) })
				: (r: Record<string, unknown>) => {
						const row = s.toRow(r as Tbl['$inferSelect']);
						return { version: row.version, row: JSON.stringify(row) };
					};
			// drizzle's mapResult answers unknown: it is the select's rows (as `all` gives them).
			const texts = (rows: unknown) => (rows as Record<string, unknown>[]).map(text);
			return {
				getQuery: () => q.getQuery(),
				mapResult: (r, b) => texts(q.mapResult(r, b)),
				all: async (values) => texts(await q.all(values))
			};
		}
	};
};

/**
 * A raw row (SQL column names, driver values) as drizzle's select gives it: each column of the
 * table by its property name, through the column's own mapping (JSON, booleans, timestamps).
 */
function decoded<Tbl extends VersionedTable>(
	table: Tbl,
	raw: Readonly<Record<string, unknown>>
): Tbl['$inferSelect'] {
	const { bySql } = columnsOf(table);
	const row: Record<string, unknown> = {};
	for (const [sqlName, value] of Object.entries(raw)) {
		const c = bySql.get(sqlName);
		if (c) row[c.key] = value === null ? null : c.col.mapFromDriverValue(value);
	}
	// Every column of the table, each mapped as drizzle maps it: the select's row type.
	return row as Tbl['$inferSelect'];
}

const synced = (r: { id: string; version: number; updatedAt: number }) => ({
	id: r.id,
	version: r.version,
	updatedAt: r.updatedAt
});

/** Sale lines as devices get them: quantities in the unit. */
const saleLines = (lines: StoredSaleLine[]) =>
	lines.map(({ milli, ...l }) => ({ ...l, qty: fromMilli(milli) }));

/**
 * `saleLines` in SQL: each line with `qty` last and `milli` gone. A quantity is printed as
 * `fromMilli` prints it: whole ones without `.0`, the others under 10^12 (MAX_LINE_QTY) in at
 * most 13 digits, which SQLite's 15 significant digits print exactly.
 */
const SALE_LINES = `(SELECT json_group_array(json_remove(json_set(value, '$.qty', CASE WHEN (value ->> 'milli') % 1000 = 0 THEN (value ->> 'milli') / 1000 ELSE (value ->> 'milli') / 1000.0 END), '$.milli')) FROM json_each("lines"))`;

/**
 * The sources in the order a page lists a version's rows (kept: pages are compared byte for byte).
 * Their `toRow` is also how the planner reads stored rows (src/lib/server/sync/planner.ts).
 */
export const S = {
	categories: source({
		table: 'categories',
		from: categories,
		json: {},
		where: (org) => eq(categories.organizationId, org),
		toRow: (r) => ({ ...synced(r), name: r.name, parentId: r.parentId })
	}),
	products: source({
		table: 'products',
		from: products,
		json: {},
		where: (org) => eq(products.organizationId, org),
		toRow: (r) => ({
			...synced(r),
			sku: r.sku,
			name: r.name,
			unit: r.unit,
			barcodes: r.barcodes,
			categoryId: r.categoryId,
			active: r.active,
			ikpu: r.ikpu,
			packageCode: r.packageCode,
			vatRate: r.vatRate,
			gtin: r.gtin,
			marking: r.marking,
			photoId: r.photoId,
			packSize: r.packSize,
			attributes: r.attributes
		})
	}),
	priceLists: source({
		table: 'priceLists',
		from: priceLists,
		json: {},
		where: (org) => eq(priceLists.organizationId, org),
		toRow: (r) => ({
			...synced(r),
			name: r.name,
			isDefault: r.isDefault,
			channels: r.channels,
			counterpartyIds: r.counterpartyIds
		})
	}),
	prices: source({
		table: 'prices',
		from: prices,
		json: { id: { sql: `"price_list_id" || ':' || "product_id"` } },
		where: (org) => eq(prices.organizationId, org),
		toRow: (r) => ({
			id: priceRowId(r.priceListId, r.productId),
			version: r.version,
			updatedAt: r.updatedAt,
			priceListId: r.priceListId,
			productId: r.productId,
			price: r.price
		})
	}),
	counterparties: source({
		table: 'counterparties',
		from: counterparties,
		json: {},
		where: (org) => eq(counterparties.organizationId, org),
		toRow: (r) => ({
			...synced(r),
			name: r.name,
			kind: r.kind,
			taxId: r.taxId,
			phone: r.phone,
			email: r.email,
			address: r.address,
			contactName: r.contactName
		})
	}),
	tradePoints: source({
		table: 'tradePoints',
		from: tradePoints,
		json: {},
		where: (org, scope) =>
			and(
				eq(tradePoints.organizationId, org),
				scope.branchId ? eq(tradePoints.branchId, scope.branchId) : undefined
			),
		toRow: (r) => ({
			...synced(r),
			name: r.name,
			address: r.address,
			counterpartyId: r.counterpartyId,
			channel: r.channel,
			branchId: r.branchId,
			lat: r.lat,
			lng: r.lng,
			locationSource: r.locationSource,
			archived: r.archived
		})
	}),
	warehouses: source({
		table: 'warehouses',
		from: warehouses,
		json: {},
		where: (org, scope) =>
			and(
				eq(warehouses.organizationId, org),
				scope.branchId ? eq(warehouses.branchId, scope.branchId) : undefined
			),
		toRow: (r) => ({
			...synced(r),
			name: r.name,
			kind: r.kind,
			branchId: r.branchId,
			ownerId: r.ownerId,
			tradePointId: r.tradePointId,
			archived: r.archived
		})
	}),
	stockDocuments: source({
		table: 'stockDocuments',
		from: stockDocuments,
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
		toRow: (r) => ({
			...synced(r),
			branchId: r.branchId,
			type: r.type,
			status: r.status,
			number: r.number,
			warehouseId: r.warehouseId,
			toWarehouseId: r.toWarehouseId,
			counterpartyId: r.counterpartyId,
			reason: r.reason,
			comment: r.comment,
			lines: r.lines.map((l) => ({
				productId: l.productId,
				qty: fromMilli(l.milli),
				cost: l.cost,
				...(l.expectedMilli !== undefined ? { expected: fromMilli(l.expectedMilli) } : {}),
				...(l.marks ? { marks: l.marks } : {})
			})),
			authorId: r.authorId,
			createdAt: r.createdAt,
			postedAt: r.postedAt,
			cancelledAt: r.cancelledAt
		})
	}),
	balances: source({
		table: 'balances',
		from: stockBalances,
		json: {
			id: { sql: `"warehouse_id" || ':' || "product_id"` },
			qty: { column: 'milli', format: fromMilli }
		},
		where: (org, scope) =>
			and(
				eq(stockBalances.organizationId, org),
				inArray(stockBalances.warehouseId, stockWarehouses(org, scope))
			),
		toRow: (r) => ({
			id: balanceRowId(r.warehouseId, r.productId),
			version: r.version,
			updatedAt: r.updatedAt,
			warehouseId: r.warehouseId,
			productId: r.productId,
			qty: fromMilli(r.milli)
		})
	}),
	shortages: source({
		table: 'shortages',
		from: stockShortages,
		json: { short: { column: 'shortMilli', format: fromMilli } },
		where: (org, scope) =>
			and(
				eq(stockShortages.organizationId, org),
				scope.branchId ? eq(stockShortages.branchId, scope.branchId) : undefined
			),
		toRow: (r) => ({
			...synced(r),
			branchId: r.branchId,
			warehouseId: r.warehouseId,
			productId: r.productId,
			documentId: r.documentId,
			short: fromMilli(r.shortMilli),
			status: r.status,
			resolution: r.resolution,
			note: r.note,
			createdAt: r.createdAt,
			resolvedAt: r.resolvedAt
		})
	}),
	promotions: source({
		table: 'promotions',
		from: promotions,
		where: (org) => eq(promotions.organizationId, org),
		// Read by kind as the engine reads it; a rule it cannot read goes out as stored, so one
		// bad row never stops a device's sync (its engine ignores the rule as this one would).
		toRow: (r) => ({
			...synced(r),
			name: r.name,
			active: r.active,
			rule: readPromotion(r.rule)
		})
	}),
	receipts: source({
		table: 'receipts',
		from: salesReceipts,
		json: { lines: { sql: SALE_LINES }, fiscal: { whenSet: 'fiscal' } },
		where: (org, scope) => salesWhere(salesReceipts, org, scope, salesReceipts.warehouseId),
		toRow: (r) => ({
			...synced(r),
			branchId: r.branchId,
			kind: r.kind,
			returnOf: r.returnOf,
			number: r.number,
			warehouseId: r.warehouseId,
			tradePointId: r.tradePointId,
			counterpartyId: r.counterpartyId,
			authorId: r.authorId,
			lines: saleLines(r.lines),
			orderDiscount: r.orderDiscount,
			subtotal: r.subtotal,
			discount: r.discount,
			total: r.total,
			paid: r.paid,
			change: r.change,
			applied: r.applied,
			soldAt: r.soldAt,
			// Only when stamped: a receipt the till has not stamped has no `fiscal` on either side.
			...(r.fiscal ? { fiscal: r.fiscal } : {})
		})
	}),
	payments: source({
		table: 'payments',
		from: payments,
		json: {},
		where: (org, scope) => salesWhere(payments, org, scope),
		toRow: (r) => ({
			...synced(r),
			branchId: r.branchId,
			counterpartyId: r.counterpartyId,
			receiptId: r.receiptId,
			method: r.method,
			amount: r.amount,
			authorId: r.authorId,
			at: r.at
		})
	}),
	debts: source({
		table: 'debts',
		from: counterpartyDebts,
		json: {},
		where: (org) => eq(counterpartyDebts.organizationId, org),
		toRow: (r) => ({
			id: r.counterpartyId,
			version: r.version,
			updatedAt: r.updatedAt,
			amount: r.amount
		})
	}),
	visits: source({
		table: 'visits',
		from: visits,
		json: {},
		where: (org, scope) => salesWhere(visits, org, scope),
		toRow: (r) => ({
			...synced(r),
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
		})
	}),
	routes: source({
		table: 'routes',
		from: routes,
		json: {},
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
		toRow: (r) => ({
			...synced(r),
			branchId: r.branchId,
			repId: r.repId,
			name: r.name,
			weekdays: r.weekdays,
			date: r.date,
			stops: r.stops,
			archived: r.archived
		})
	}),
	assortments: source({
		table: 'assortments',
		from: assortments,
		json: {},
		where: (org) => eq(assortments.organizationId, org),
		toRow: (r) => ({
			...synced(r),
			scope: r.scope,
			channel: r.channel as AssortmentRow['channel'],
			tradePointId: r.tradePointId,
			target: r.target,
			lines: r.lines
		})
	}),
	dayCloses: source({
		table: 'dayCloses',
		from: dayCloses,
		// A rep pulls their own closes; the office and the warehouse, their branch's.
		where: (org, scope) =>
			and(
				eq(dayCloses.organizationId, org),
				scope.stock === 'own'
					? eq(dayCloses.repId, scope.userId)
					: scope.branchId
						? eq(dayCloses.branchId, scope.branchId)
						: undefined
			),
		toRow: (r) => ({
			...synced(r),
			branchId: r.branchId,
			warehouseId: r.warehouseId,
			repId: r.repId,
			date: r.date,
			status: r.status,
			lines: r.lines.map((l) => ({
				productId: l.productId,
				expected: fromMilli(l.expectedMilli),
				counted: fromMilli(l.countedMilli),
				reason: l.reason
			})),
			cashExpected: r.cashExpected,
			cashCounted: r.cashCounted,
			cashReason: r.cashReason,
			comment: r.comment,
			submittedAt: r.submittedAt,
			toWarehouseId: r.toWarehouseId,
			transferId: r.transferId,
			adjustmentId: r.adjustmentId,
			confirmedBy: r.confirmedBy,
			confirmedAt: r.confirmedAt,
			confirmComment: r.confirmComment
		})
	}),
	targets: source({
		table: 'targets',
		from: targets,
		json: {},
		// A rep pulls only their own targets; the office, its branch's.
		where: (org, scope) =>
			and(
				eq(targets.organizationId, org),
				scope.stock === 'own'
					? eq(targets.repId, scope.userId)
					: scope.branchId
						? eq(targets.branchId, scope.branchId)
						: undefined
			),
		toRow: (r) => ({
			...synced(r),
			branchId: r.branchId,
			repId: r.repId,
			month: r.month,
			salesAmount: r.salesAmount,
			visits: r.visits,
			strikeRate: r.strikeRate,
			mustSellCoverage: r.mustSellCoverage
		})
	}),
	/**
	 * Marking codes of the warehouses the scope's stock covers (a rep: their van's), received,
	 * returned or sold from there, so the device checks a scan offline. Sold codes stay: the
	 * return of one needs it. Volume: one row per marked unit that passed through the van.
	 */
	marks: source({
		table: 'marks',
		from: marks,
		json: {},
		// What a device can use: codes in the warehouses its stock covers, and of those sold only
		// the recent ones (a double sale is caught offline; older ones the server refuses).
		where: (org, scope) =>
			and(
				eq(marks.organizationId, org),
				inArray(marks.warehouseId, stockWarehouses(org, scope)),
				or(sql`${marks.status} <> 'sold'`, gte(marks.updatedAt, P.soldSince))
			),
		toRow: (r) => ({
			...synced(r),
			productId: r.productId,
			gtin: r.gtin,
			status: r.status,
			warehouseId: r.warehouseId,
			documentId: r.documentId,
			expiry: r.expiry,
			parentId: r.parentId
		})
	}),
	/** Task templates: the organization's, to every role that visits or plans visits. */
	taskTemplates: source({
		table: 'taskTemplates',
		from: taskTemplates,
		json: {},
		where: (org) => eq(taskTemplates.organizationId, org),
		toRow: (r) => ({
			...synced(r),
			name: r.name,
			questions: r.questions,
			productIds: r.productIds,
			channels: r.channels,
			tradePointIds: r.tradePointIds,
			routeIds: r.routeIds,
			period: r.period,
			weight: r.weight,
			required: r.required,
			archived: r.archived
		})
	}),
	/** Submitted tasks: a rep their own (what is due next depends on them); the office its branch's. */
	visitTasks: source({
		table: 'visitTasks',
		from: visitTasks,
		json: {},
		where: (org, scope) => salesWhere(visitTasks, org, scope),
		toRow: (r) => ({
			...synced(r),
			branchId: r.branchId,
			visitId: r.visitId,
			templateId: r.templateId,
			tradePointId: r.tradePointId,
			authorId: r.authorId,
			answers: r.answers,
			products: r.products,
			photoIds: r.photoIds,
			score: r.score,
			weight: r.weight,
			submittedAt: r.submittedAt
		})
	}),
	orders: source({
		table: 'orders',
		from: salesOrders,
		json: { lines: { sql: SALE_LINES } },
		where: (org, scope) => salesWhere(salesOrders, org, scope),
		toRow: (r) => ({
			...synced(r),
			branchId: r.branchId,
			number: r.number,
			status: r.status,
			tradePointId: r.tradePointId,
			counterpartyId: r.counterpartyId,
			authorId: r.authorId,
			warehouseId: r.warehouseId,
			lines: saleLines(r.lines),
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
		})
	})
};

type AnySource = (typeof S)[SyncedTable];
const SOURCES: AnySource[] = Object.values(S);

function tombstoneWhere(org: SQLWrapper, scope: Shape): SQL {
	return and(
		eq(tombstones.organizationId, org),
		inArray(tombstones.tableName, scope.tables),
		// A branch-scoped caller gets the tombstones of rows that left their branch, and deletions.
		scope.branchId
			? or(isNull(tombstones.branchId), eq(tombstones.branchId, scope.branchId))
			: undefined
	)!;
}

/** Matches nothing: a source outside the caller's scope (its statement ends at once). */
const NONE = sql`0`;

/**
 * The values a page's statements take when they run. The statements themselves are built once
 * per shape of scope (see `Shape`) and kept: built anew for every page, drizzle building them was
 * a tenth of the server's CPU under the load bench, and SQL text that inlined the organization
 * and the cursor could not reuse a prepared statement (`#statement-cache`), so SQLite prepared
 * 23 statements for every page.
 */
const P = {
	org: sql.placeholder('org'),
	branch: sql.placeholder('branch'),
	user: sql.placeholder('user'),
	after: sql.placeholder('after'),
	since: sql.placeholder('since'),
	/** Sold marking codes older than this (epoch ms) are not sent (`MARKS_SOLD_WINDOW_DAYS`). */
	soldSince: sql.placeholder('soldSince'),
	limit: sql.placeholder('limit'),
	offset: sql.placeholder('offset')
};

/**
 * A prepared query: its SQL with placeholders, and how its rows map to typed objects (`R`, when
 * known: a source's rows as text; drizzle's own prepared queries answer unknown here).
 */
interface Prepared<R = unknown> {
	getQuery(): { sql: string; params: unknown[] };
	mapResult(response: unknown, isFromBatch?: boolean): R;
	all(values?: Record<string, unknown>): Promise<R>;
}
type RowsOf<Q extends Prepared> = Awaited<ReturnType<Q['all']>>;

/**
 * Runs prepared queries as one batch (one request to the database, one snapshot), as drizzle's
 * `db.batch` does (LibSQLSession.batch: the client's `batch`, each result mapped by its query),
 * with the placeholders filled from `values`.
 */
async function runBatch<const Q extends readonly Prepared[]>(
	db: Db,
	queries: Q,
	values: Record<string, unknown>
): Promise<{ -readonly [K in keyof Q]: RowsOf<Q[K]> }> {
	const results = await rawStatements(db).batch(
		queries.map((q) => {
			const { sql, params } = q.getQuery();
			// fillPlaceholders answers unknown[]: the values are strings and numbers (P above).
			return { sql, args: fillPlaceholders(params, values) as InValue[] };
		})
	);
	// Each result mapped by its own query, so each has that query's row type (as in db.batch).
	return results.map((r, i) => queries[i]!.mapResult(r, true)) as {
		-readonly [K in keyof Q]: RowsOf<Q[K]>;
	};
}

/** The sources in the order a page lists a version's rows (kept: pages are compared byte for byte). */
const PAGE_ORDER: AnySource[] = [
	S.categories,
	S.products,
	S.priceLists,
	S.prices,
	S.counterparties,
	S.tradePoints,
	S.warehouses,
	S.stockDocuments,
	S.balances,
	S.shortages,
	S.promotions,
	S.receipts,
	S.payments,
	S.debts,
	S.visits,
	S.routes,
	S.orders,
	S.assortments,
	S.dayCloses,
	S.targets,
	S.marks,
	S.taskTemplates,
	S.visitTasks
];

/**
 * Every source's rows that `filter` selects (NONE: skip the source), in version order, with
 * `dead` (tombstones) and `total` (a count), as prepared queries for one batch: so one request
 * to the database and one snapshot for all of them. The batch runs in libSQL's `deferred` mode
 * (BEGIN DEFERRED … COMMIT, one Hrana pipeline request on a remote database): a transaction that
 * only reads never takes the write lock, and reads one snapshot from its first read on.
 */
function prepareSources<D extends Prepared, N extends Prepared>(
	db: Db,
	filter: (s: AnySource) => SQL,
	dead: D,
	total: N
) {
	return [dead, total, ...PAGE_ORDER.map((s) => s.query(db, filter(s)))] as const;
}

/** A put's JSON up to its row, per table (`{"table":…,"op":"put","row":`). */
const PUT_HEAD = new Map(
	PAGE_ORDER.map((s) => [s.table, `{"table":${JSON.stringify(s.table)},"op":"put","row":`])
);

/**
 * Runs a page's prepared statements with `values`: the tombstones, every source's rows as text
 * in page order (by source, each in version order), the count.
 */
async function readSources<D extends Prepared, N extends Prepared>(
	db: Db,
	queries: ReturnType<typeof prepareSources<D, N>>,
	values: Record<string, unknown>
) {
	const [dead, counted, ...rows] = await runBatch(db, queries, values);
	const puts: { version: number; text: string }[] = [];
	rows.forEach((r, i) => {
		const head = PUT_HEAD.get(PAGE_ORDER[i]!.table)!;
		for (const x of r) puts.push({ version: x.version, text: `${head}${x.row}}` });
	});
	return { dead, puts, rows: rows.flat(), counted };
}

/**
 * One page of changes after `cursor`, read in one request to the database (one batch, one
 * snapshot), as the JSON text of a `PullResponse` (sent as it is: most rows' JSON is written by
 * SQLite, see `json` on the sources). A page never splits a version: all rows of its last
 * version are in it, so the next page can start strictly after that version.
 */
export async function pullPage(
	db: Db,
	auth: AuthContext,
	orgId: string,
	cursor: string | undefined,
	limit: number
): Promise<string> {
	const scope = scopeOf(auth);
	const from = decodeCursor(cursor);
	const reset = !!from && from.s !== scope.key;
	const after = from && !reset ? from.v : 0;
	const read = await readSources(db, pageStatements(db, scope), {
		...valuesOf(orgId, scope),
		after,
		since: null,
		soldSince: Date.now() - MARKS_SOLD_WINDOW_DAYS * 86_400_000,
		limit: -1,
		offset: limit - 1
	});
	// Tombstones go first: a row that left one scope for another in the same write (a trade point
	// moved between branches, a route given to another rep) is both deleted and put at one version,
	// and a caller who sees both must keep the row. The sort by version after this is stable.
	const page = [
		...read.dead.map((t) => {
			const change: Change = { table: t.tableName, op: 'delete', id: t.rowId, version: t.version };
			return { version: t.version, text: JSON.stringify(change) };
		}),
		...read.puts
	].sort((a, b) => a.version - b.version);
	const last = page.at(-1)?.version ?? after;
	const remaining = (read.counted[0]?.n ?? 0) - page.length;
	// A PullResponse's keys in the order JSON.stringify wrote them before the rows were text.
	const head: Omit<PullResponse, 'changes' | 'reset'> = {
		cursor: encodeCursor(last, scope.key),
		hasMore: remaining > 0,
		remaining
	};
	let body = JSON.stringify(head).slice(0, -1) + ',"changes":[';
	for (let i = 0; i < page.length; i++) body += (i ? ',' : '') + page[i]!.text;
	return body + (reset ? '],"reset":true}' : ']}');
}

/** A page's statements for a scope's shape, built at its first page and kept (see `P`). */
function pageStatements(db: Db, scope: Scope) {
	const kept = keptFor(pageCache, db);
	const key = shapeKey(scope);
	let statements = kept.get(key);
	if (!statements) {
		statements = preparePage(db, shapeOf(scope));
		kept.set(key, statements);
	}
	return statements;
}

function preparePage(db: Db, scope: Shape) {
	const inScope = (s: AnySource) => scope.tables.includes(s.table);
	const seen = (s: AnySource) => and(s.where(P.org, scope), gt(s.from.version, P.after))!;
	const dead = and(tombstoneWhere(P.org, scope), gt(tombstones.version, P.after))!;

	// The page's last version, in SQL: the `limit`-th smallest version after the cursor across
	// the caller's sources (a merge of their version indexes that stops there), or, when fewer
	// changes are left, past all of them. Each statement of the batch bounds its rows by it.
	const firsts = [
		sql`SELECT ${tombstones.version} FROM ${tombstones} WHERE ${dead}`,
		...SOURCES.filter(inScope).map(
			(s) => sql`SELECT ${s.from.version} FROM ${s.from} WHERE ${seen(s)}`
		)
	];
	const end = sql`coalesce((${sql.join(firsts, sql` UNION ALL `)} ORDER BY 1 LIMIT 1 OFFSET ${P.offset}), ${Number.MAX_SAFE_INTEGER})`;
	const upTo = (col: SQLiteColumn) => lte(col, end);

	// What is left after the cursor, counted in the same snapshot; what is left after this page
	// is that less the page.
	const counts = [
		db.select({ n: count() }).from(tombstones).where(dead),
		...SOURCES.filter(inScope).map((s) => db.select({ n: count() }).from(s.from).where(seen(s)))
	];
	return prepareSources(
		db,
		(s) => (inScope(s) ? and(seen(s), upTo(s.from.version))! : NONE),
		db
			.select()
			.from(tombstones)
			.where(and(dead, upTo(tombstones.version)))
			.orderBy(tombstones.version)
			.prepare(),
		db
			.select({ n: sql<number>`${sql.join(counts, sql` + `)}` })
			.from(sql`(SELECT 1)`)
			.prepare()
	);
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
	const kept = keptFor(tableCache, db);
	const key = `${table}:${updatedSince !== undefined}`;
	let statements = kept.get(key);
	if (!statements) {
		statements = prepareTable(db, table, updatedSince !== undefined);
		kept.set(key, statements);
	}
	const read = await readSources(db, statements, {
		org: orgId,
		branch: null,
		user: '',
		after,
		since: updatedSince ?? null,
		// The organization's own systems read every code.
		soldSince: 0,
		limit,
		offset: 0
	});
	// One table's rows: `rows` is already in version order.
	return {
		items: read.rows.map((r) => JSON.parse(r.row) as RowOf[SyncedTable]),
		last: read.rows.at(-1)?.version ?? null
	};
}

function prepareTable(db: Db, table: SyncedTable, since: boolean) {
	const scope: Shape = { tables: [table], branchId: null, stock: 'branch', userId: P.user };
	return prepareSources(
		db,
		(s) =>
			s.table === table
				? and(
						s.where(P.org, scope),
						gt(s.from.version, P.after),
						since ? gt(s.from.updatedAt, P.since) : undefined
					)!
				: NONE,
		db.select().from(tombstones).where(NONE).prepare(),
		db.select({ n: count() }).from(tombstones).where(NONE).prepare()
	);
}

/** Kept statements, per database (tests open many) and per shape of scope or table. */
const pageCache = new WeakMap<Db, Map<string, ReturnType<typeof preparePage>>>();
const tableCache = new WeakMap<Db, Map<string, ReturnType<typeof prepareTable>>>();

function keptFor<V>(cache: WeakMap<Db, Map<string, V>>, db: Db): Map<string, V> {
	let kept = cache.get(db);
	if (!kept) cache.set(db, (kept = new Map()));
	return kept;
}
