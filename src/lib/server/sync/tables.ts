/**
 * Synced rows as the server stores them: for each synced table the drizzle table, how a device's
 * row is stored (`fromRow`), and the columns a device row's id stands for. The other way, stored
 * to device row, is the pull's (`S` in pull.ts): the planner reads rows as devices get them.
 */
import { getTableColumns } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { milliOf } from '../../domain/inventory/quantity';
import type { RowOf, SaleLineRow, StoredSaleLine, SyncedTable } from '../../domain/sync/rows';
import {
	assortments,
	categories,
	counterparties,
	counterpartyDebts,
	dayCloses,
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
	targets,
	marks,
	taskTemplates,
	visitTasks,
	tradePoints,
	visits,
	warehouses
} from '../db/schema';

type Stored = Record<string, unknown>;

export interface TableMap<T extends SyncedTable> {
	table: SQLiteTable;
	/** The columns (property names) a device row's id stands for, in the order of `splitId`. */
	key: string[];
	splitId(id: string): string[];
	/** The stored row, without organization, version and time (the planner adds them). */
	fromRow(row: RowOf[T], server?: Record<string, unknown>): Stored;
}

/** The entries of `row` but `keys`. */
function omit(row: object, ...keys: string[]): Stored {
	const out: Stored = {};
	for (const [k, v] of Object.entries(row)) if (!keys.includes(k)) out[k] = v;
	return out;
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

const toStoredLines = (lines: SaleLineRow[]): StoredSaleLine[] =>
	lines.map(({ qty, ...l }) => ({ ...l, milli: milliOf(qty) }));

/** Tables whose rows come straight from their columns (less the organization). */
function direct<T extends SyncedTable>(table: SQLiteTable): TableMap<T> {
	return {
		table,
		...byId,
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
	assortments: direct(assortments),
	targets: direct(targets),
	marks: direct(marks),
	taskTemplates: direct(taskTemplates),
	visitTasks: direct(visitTasks),
	stockDocuments: {
		table: stockDocuments,
		...byId,
		/** `server`: who posted and who cancelled it (`postedBy`, `cancelledBy`). */
		fromRow: (row, server) => ({
			...plain(row),
			lines: row.lines.map((l) => ({
				productId: l.productId,
				milli: milliOf(l.qty),
				cost: l.cost,
				...(l.expected !== undefined ? { expectedMilli: milliOf(l.expected) } : {}),
				...(l.marks ? { marks: l.marks } : {})
			})),
			postedBy: server?.postedBy,
			cancelledBy: server?.cancelledBy
		})
	},
	shortages: {
		table: stockShortages,
		...byId,
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
		fromRow: (row) => ({ priceListId: row.priceListId, productId: row.productId, price: row.price })
	},
	balances: {
		table: stockBalances,
		...pair('warehouseId', 'productId'),
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
		fromRow: (row) => ({ counterpartyId: row.id, amount: row.amount })
	},
	promotions: {
		table: promotions,
		...byId,
		/** `server`: when it starts and ends (`startsAt`, `endsAt`; the rule has them too). */
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
		fromRow: (row, server) => ({
			...plain(row),
			lines: toStoredLines(row.lines),
			priceListId: server?.priceListId,
			deviceTotal: server?.deviceTotal,
			postedAt: server?.postedAt
		})
	},
	dayCloses: {
		table: dayCloses,
		...byId,
		fromRow: (row) => ({
			...plain(row),
			lines: row.lines.map((l) => ({
				productId: l.productId,
				expectedMilli: milliOf(l.expected),
				countedMilli: milliOf(l.counted),
				reason: l.reason
			}))
		})
	},
	orders: {
		table: salesOrders,
		...byId,
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
export function columnsOf(table: SQLiteTable): Columns {
	// Asked for every group of rows a push reads or writes (and every updated row): made once.
	let columns = made.get(table);
	if (!columns) {
		const byKey = getTableColumns(table) as Record<string, SQLiteColumn>;
		const bySql = new Map(Object.entries(byKey).map(([key, col]) => [col.name, { key, col }]));
		made.set(table, (columns = { byKey, bySql }));
	}
	return columns;
}

interface Columns {
	byKey: Record<string, SQLiteColumn>;
	bySql: Map<string, { key: string; col: SQLiteColumn }>;
}

const made = new WeakMap<SQLiteTable, Columns>();
