/**
 * Synced rows as the server stores them: for each synced table the drizzle table, how its row
 * becomes the device's row (`toRow`) and back (`fromRow`), and the columns a device row's id
 * stands for. One mapping serves the planner's reads and writes (src/lib/server/sync/planner.ts).
 */
import { getTableColumns } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { fromMilli, milliOf } from '../../domain/inventory/quantity';
import { balanceRowId, priceRowId, type RowOf, type SyncedTable } from '../../domain/sync/rows';
import type { SaleLineRow, StoredSaleLine } from '../../domain/sync/rows';
import {
	categories,
	counterparties,
	counterpartyDebts,
	payments,
	priceLists,
	prices,
	products,
	promotions,
	salesOrders,
	salesReceipts,
	routes,
	stockBalances,
	stockDocuments,
	stockShortages,
	tradePoints,
	visits,
	warehouses,
	type StoredLine
} from '../db/schema';

type Stored = Record<string, unknown>;

export interface TableMap<T extends SyncedTable> {
	table: SQLiteTable;
	/** The columns (property names) a device row's id stands for, in the order of `splitId`. */
	key: string[];
	splitId(id: string): string[];
	toRow(stored: Stored): RowOf[T];
	/** The stored row, without organization, version and time (the planner adds them). */
	fromRow(row: RowOf[T], server?: Record<string, unknown>): Stored;
}

const common = (r: Stored) => ({
	id: r.id as string,
	version: r.version as number,
	updatedAt: r.updatedAt as number
});

/** The entries of `row` but `keys`. */
function omit(row: object, ...keys: string[]): Stored {
	return Object.fromEntries(Object.entries(row).filter(([k]) => !keys.includes(k)));
}

/** A device row as stored, less what the planner adds: version and time. */
const plain = (row: object): Stored => omit(row, 'version', 'updatedAt');

const byId = { key: ['id'], splitId: (id: string) => [id] };

/** Ids made of two ids (`priceListId:productId`): both are UUIDs or similar, without ':'. */
const pair = (a: string, b: string) => ({
	key: [a, b],
	splitId: (id: string) => {
		const at = id.indexOf(':');
		return at < 0 ? [id, ''] : [id.slice(0, at), id.slice(at + 1)];
	}
});

const toSaleLines = (lines: StoredSaleLine[]): SaleLineRow[] =>
	lines.map(({ milli, ...l }) => ({ ...l, qty: fromMilli(milli) }));
const toStoredLines = (lines: SaleLineRow[]): StoredSaleLine[] =>
	lines.map(({ qty, ...l }) => ({ ...l, milli: milliOf(qty) }));

/** Tables whose rows come straight from their columns (less the organization). */
function direct<T extends SyncedTable>(table: SQLiteTable): TableMap<T> {
	return {
		table,
		...byId,
		toRow: (r) => omit(r, 'organizationId') as unknown as RowOf[T],
		fromRow: (row) => plain(row)
	};
}

export const TABLES: { [T in SyncedTable]?: TableMap<T> } = {
	categories: direct(categories),
	products: direct(products),
	priceLists: direct(priceLists),
	counterparties: direct(counterparties),
	tradePoints: direct(tradePoints),
	warehouses: direct(warehouses),
	payments: direct(payments),
	visits: direct(visits),
	routes: direct(routes),
	stockDocuments: {
		table: stockDocuments,
		...byId,
		toRow: (r) => ({
			...(omit(
				r,
				'organizationId',
				'postedBy',
				'cancelledBy'
			) as unknown as RowOf['stockDocuments']),
			lines: (r.lines as StoredLine[]).map((l) => ({
				productId: l.productId,
				qty: fromMilli(l.milli),
				cost: l.cost,
				...(l.expectedMilli !== undefined ? { expected: fromMilli(l.expectedMilli) } : {})
			}))
		}),
		/** `server`: who posted and who cancelled it (`postedBy`, `cancelledBy`). */
		fromRow: (row, server) => ({
			...plain(row),
			lines: row.lines.map((l) => ({
				productId: l.productId,
				milli: milliOf(l.qty),
				cost: l.cost,
				...(l.expected !== undefined ? { expectedMilli: milliOf(l.expected) } : {})
			})),
			postedBy: server?.postedBy,
			cancelledBy: server?.cancelledBy
		})
	},
	shortages: {
		table: stockShortages,
		...byId,
		toRow: (r) => ({
			...(omit(r, 'organizationId', 'shortMilli', 'resolvedBy') as unknown as RowOf['shortages']),
			short: fromMilli(r.shortMilli as number)
		}),
		/** `server`: who resolved it (`resolvedBy`). */
		fromRow: (row, server) => ({
			...omit(row, 'version', 'updatedAt', 'short'),
			shortMilli: milliOf(row.short),
			resolvedBy: server?.resolvedBy
		})
	},
	prices: {
		table: prices,
		...pair('priceListId', 'productId'),
		toRow: (r) => ({
			...common(r),
			id: priceRowId(r.priceListId as string, r.productId as string),
			priceListId: r.priceListId as string,
			productId: r.productId as string,
			price: r.price as number
		}),
		fromRow: (row) => ({ priceListId: row.priceListId, productId: row.productId, price: row.price })
	},
	balances: {
		table: stockBalances,
		...pair('warehouseId', 'productId'),
		toRow: (r) => ({
			...common(r),
			id: balanceRowId(r.warehouseId as string, r.productId as string),
			warehouseId: r.warehouseId as string,
			productId: r.productId as string,
			qty: fromMilli(r.milli as number)
		}),
		fromRow: (row) => ({
			warehouseId: row.warehouseId,
			productId: row.productId,
			milli: milliOf(row.qty)
		})
	},
	debts: {
		table: counterpartyDebts,
		key: ['counterpartyId'],
		splitId: (id) => [id],
		toRow: (r) => ({ ...common(r), id: r.counterpartyId as string, amount: r.amount as number }),
		fromRow: (row) => ({ counterpartyId: row.id, amount: row.amount })
	},
	promotions: {
		table: promotions,
		...byId,
		toRow: (r) => ({
			...common(r),
			name: r.name as string,
			active: r.active as boolean,
			rule: r.rule as Record<string, unknown>
		}),
		fromRow: (row, server) => ({
			id: row.id,
			name: row.name,
			active: row.active,
			rule: row.rule,
			startsAt: server?.startsAt,
			endsAt: server?.endsAt
		})
	},
	receipts: {
		table: salesReceipts,
		...byId,
		toRow: (r) => ({
			...(omit(
				r,
				'organizationId',
				'priceListId',
				'deviceTotal',
				'postedAt'
			) as unknown as RowOf['receipts']),
			lines: toSaleLines(r.lines as StoredSaleLine[])
		}),
		fromRow: (row, server) => ({
			...plain(row),
			lines: toStoredLines(row.lines),
			priceListId: server?.priceListId,
			deviceTotal: server?.deviceTotal,
			postedAt: server?.postedAt
		})
	},
	orders: {
		table: salesOrders,
		...byId,
		toRow: (r) => ({
			...(omit(r, 'organizationId', 'priceListId', 'createdAt') as unknown as RowOf['orders']),
			lines: toSaleLines(r.lines as StoredSaleLine[])
		}),
		fromRow: (row, server) => ({
			...plain(row),
			lines: toStoredLines(row.lines),
			priceListId: server?.priceListId,
			createdAt: server?.createdAt
		})
	}
};

export function tableMap<T extends SyncedTable>(table: T): TableMap<T> {
	const map = TABLES[table] as TableMap<T> | undefined;
	if (!map) throw new Error(`The planner does not store ${table} yet.`);
	return map;
}

/** Property name → column, and SQL name → property, for reading raw rows. */
export function columnsOf(table: SQLiteTable) {
	const byKey = getTableColumns(table) as Record<string, SQLiteColumn>;
	const bySql = new Map(Object.entries(byKey).map(([key, col]) => [col.name, { key, col }]));
	return { byKey, bySql };
}
