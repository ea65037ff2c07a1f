/**
 * The device's database (IndexedDB through Dexie): the synced tables, the outbox of mutations
 * waiting for the server, and sync state.
 *
 * Schema versions only ever add: a new version declares its stores and, where needed, an
 * `upgrade()` that transforms rows. The outbox store keeps its name and key forever, so no
 * upgrade can lose field work waiting to be sent.
 */
import Dexie, { type EntityTable } from 'dexie';
import type { PushedMutation, RejectionError } from '../../domain/sync/protocol';
import type { RowOf, SyncedTable } from '../../domain/sync/rows';
import type { Draft } from '../../domain/field/tasks';

/** A row as it was before a mutation touched it, to undo the local effect if the server refuses. */
export interface Snapshot {
	table: SyncedTable;
	id: string;
	row: RowOf[SyncedTable] | null;
}

export interface OutboxEntry extends PushedMutation {
	status: 'pending' | 'rejected';
	attempts: number;
	/** Set when the server refused it for good; shown on the Sync screen until fixed or discarded. */
	error?: RejectionError;
	snapshots: Snapshot[];
	/** The user who made it, so a shared device never sends one user's work as another's. */
	userId: string;
}

/**
 * A photo taken on this device (src/lib/client/photos/queue.svelte.ts): kept here, compressed,
 * until its own upload queue (not the outbox) has given it to the server; then only the
 * thumbnail stays, for display. Its `id` is what an answer or a note names.
 */
export interface PhotoEntry {
	id: string;
	/** The user who took it: a shared device never sends one user's photo as another's. */
	userId: string;
	/** What it belongs to, `<kind>:<id>` (`visit:…` today; a task's answer later), to list it there. */
	subject: string | null;
	/** The compressed photo; null once the server has it. */
	blob: Blob | null;
	/** A small copy kept for display after the photo itself is gone from the device. */
	thumb: Blob;
	type: string;
	size: number;
	width: number;
	height: number;
	/** Whether it kept its location (the user chose to); otherwise it was stripped. */
	withLocation: boolean;
	/** `pending`: waiting (or waiting out a failure); `sent`: the server has it; `refused`: for good. */
	status: 'pending' | 'sent' | 'refused';
	attempts: number;
	/** The share of the bytes sent in the last attempt, 0–1. */
	progress: number;
	/** Not tried again before this time (backoff after a failure). */
	nextAttemptAt: number;
	/** Why the last attempt failed (the server's code, or `network`). */
	error?: string;
	takenAt: number;
	sentAt?: number;
}

export interface MetaEntry {
	key: string;
	value: unknown;
}

export type OptioDb = Dexie & {
	[T in SyncedTable]: EntityTable<RowOf[T], 'id'>;
} & {
	outbox: EntityTable<OutboxEntry, 'id'>;
	meta: EntityTable<MetaEntry, 'key'>;
	photos: EntityTable<PhotoEntry, 'id'>;
	taskDrafts: EntityTable<TaskDraftEntry, 'id'>;
};

/**
 * A task being filled in at a visit, saved as the rep goes (`id`: `<visitId>:<templateId>`), kept
 * until the server has the submission. `submissionId` is the id its submission is sent under.
 */
export interface TaskDraftEntry {
	id: string;
	visitId: string;
	templateId: string;
	userId: string;
	submissionId: string;
	draft: Draft;
	updatedAt: number;
}

export const DB_NAME = 'optio';

/** The outbox's store: its name and key never change, so no upgrade can lose field work. */
export const OUTBOX_STORE = 'id, status, name';

const STORES_V1: Record<string, string> = {
	categories: 'id, version',
	products: 'id, version, sku, categoryId',
	priceLists: 'id, version',
	prices: 'id, version, productId, priceListId',
	counterparties: 'id, version, name',
	tradePoints: 'id, version, branchId, name',
	outbox: OUTBOX_STORE,
	meta: 'key'
};

// Inventory: where stock is kept (a rep's van, the branch's warehouse).
const STORES_V2: Record<string, string> = {
	...STORES_V1,
	warehouses: 'id, version, branchId, kind, ownerId'
};
// The stock ledger as a device sees it: documents, balances, shortage flags.
const STORES_V3: Record<string, string> = {
	...STORES_V2,
	stockDocuments: 'id, version, status, type, warehouseId, toWarehouseId, updatedAt',
	balances: 'id, version, warehouseId, productId',
	shortages: 'id, version, status, warehouseId'
};
// Sales: promotions, receipts and returns, payments, what customers owe, orders.
const STORES_V4: Record<string, string> = {
	...STORES_V3,
	promotions: 'id, version',
	receipts: 'id, version, soldAt, counterpartyId, tradePointId, returnOf',
	payments: 'id, version, counterpartyId, receiptId',
	debts: 'id, version',
	orders: 'id, version, status, tradePointId, orderedAt'
};
// Field work: visits with their check-in place.
const STORES_V5: Record<string, string> = {
	...STORES_V4,
	visits: 'id, version, tradePointId, checkInAt'
};
// Routes: a rep's planned stops.
const STORES_V6: Record<string, string> = { ...STORES_V5, routes: 'id, version, repId' };

// Assortments: what each channel and trade point is offered, with must-sell marks.
const STORES_V7: Record<string, string> = {
	...STORES_V6,
	assortments: 'id, version, target, tradePointId'
};
// Targets: a rep's monthly targets (a rep has their own; the office its branch's).
const STORES_V9: Record<string, string> = { ...STORES_V7, targets: 'id, version, repId, month' };
// Day closes of vans; a rep's payments by author, for the cash a day close expects.
const STORES_V10: Record<string, string> = {
	...STORES_V9,
	payments: 'id, version, counterpartyId, receiptId, authorId',
	dayCloses: 'id, version, status, warehouseId, repId'
};

// Marking codes' states (domain/marking/state.ts): by warehouse, by the pack they are in.
const STORES_V12: Record<string, string> = {
	...STORES_V10,
	marks: 'id, version, warehouseId, productId, parentId, documentId'
};
/** Photos and their own upload queue (issue 17). */
const STORES_V14: Record<string, string> = {
	...STORES_V12,
	photos: 'id, status, userId, takenAt, subject'
};

/**
 * Store work (issue 17): task templates, submitted tasks, and the rep's drafts (device only: a
 * half-done task survives a reload, keyed by visit and template).
 */
const STORES_V15: Record<string, string> = {
	...STORES_V14,
	taskTemplates: 'id, version',
	visitTasks: 'id, version, visitId, tradePointId, templateId',
	taskDrafts: 'id, visitId'
};

/** Products by their photo, so the device finds the few with one to keep thumbnails of. */
const STORES_V16: Record<string, string> = {
	...STORES_V15,
	products: 'id, version, sku, categoryId, photoId'
};

/** Payments by time, so a home reads its day's or month's payments, not every one kept. */
const STORES_V17: Record<string, string> = {
	...STORES_V16,
	payments: 'id, version, counterpartyId, receiptId, authorId, at'
};

export interface SchemaVersion {
	version: number;
	stores: Record<string, string>;
}

/**
 * Every schema version, oldest first; each has the previous version's stores and what it adds
 * (above). Add a version; never edit or remove one. Each keeps the `outbox` store exactly as it
 * is (a test holds us to it).
 */
export const SCHEMA: SchemaVersion[] = [
	{ version: 1, stores: STORES_V1 },
	{ version: 2, stores: STORES_V2 },
	{ version: 3, stores: STORES_V3 },
	{ version: 4, stores: STORES_V4 },
	{ version: 5, stores: STORES_V5 },
	{ version: 6, stores: STORES_V6 },
	{ version: 7, stores: STORES_V7 },
	{ version: 9, stores: STORES_V9 },
	{ version: 10, stores: STORES_V10 },
	{ version: 12, stores: STORES_V12 },
	{ version: 14, stores: STORES_V14 },
	{ version: 15, stores: STORES_V15 },
	{ version: 16, stores: STORES_V16 },
	{ version: 17, stores: STORES_V17 }
];

export function openDb(
	durability: 'strict' | 'default',
	name = DB_NAME,
	schema: SchemaVersion[] = SCHEMA
): OptioDb {
	const db = new Dexie(name, { chromeTransactionDurability: durability }) as OptioDb;
	// Only the newest version is declared: no version has an upgrade function, and Dexie (3.0 and
	// later) upgrades an older database by comparing the stores it finds there with this one.
	// Declaring all of them cost each connection a parse of every version's stores while the
	// first screen waited for this module (issue 15: ~70 ms of a slow phone's CPU for the two).
	// A version that transforms rows must be declared with its `upgrade()` beside the newest.
	const newest = schema.at(-1)!;
	db.version(newest.version).stores(newest.stores);
	return db;
}

/**
 * Two connections to one database. Pulled rows can always be fetched again, so they are written
 * with the browser's default durability; the outbox (and the local effect written with it) is
 * field work that exists nowhere else, so its transactions commit only once on disk
 * (Chrome commits "relaxed" by default since version 121). Plain reads go through `db`, whatever
 * they read: durability is a property of writes, IndexedDB orders transactions across
 * connections to one database, and a screen that only reads then never opens the second
 * connection (issue 15: its open reads the schema and builds Dexie's middleware for every table).
 */
export const db = openDb('default');
export const durableDb = openDb('strict');

export async function getMeta<T>(key: string): Promise<T | undefined> {
	return (await db.meta.get(key))?.value as T | undefined;
}

export async function setMeta(key: string, value: unknown): Promise<void> {
	await db.meta.put({ key, value });
}
