/**
 * The database schema. Every business row carries `organization_id`; queries reach them only
 * through the scope in src/lib/server/scope.ts. Times are UTC epoch milliseconds.
 */
import { sql } from 'drizzle-orm';
import {
	blob,
	index,
	integer,
	primaryKey,
	real,
	sqliteTable,
	text,
	uniqueIndex
} from 'drizzle-orm/sqlite-core';
import type { DocumentStatus, DocumentType } from '../../domain/inventory/ledger';
import type {
	CashDifferenceReason,
	DayCloseStatus,
	StockDifferenceReason
} from '../../domain/inventory/day-close';
import type { WarehouseKind } from '../../domain/inventory/schemas';
import type {
	CHANNELS,
	COUNTERPARTY_KINDS,
	LOCATION_SOURCES,
	MarkingGroup,
	Unit
} from '../../domain/catalog/schemas';
import type { Applied } from '../../domain/sales/promotions';
import type { AnswerValue, ProductRowAnswer, Question, TaskPeriod } from '../../domain/field/tasks';
import type { FiscalStamp } from '../../domain/fiscal/stamp';
import type { DidoxFactura, EinvoiceState, Party } from '../../domain/einvoice/didox';
import type { ShortageRow, StoredSaleLine, SyncedTable, VisitRow } from '../../domain/sync/rows';

const now = sql`(unixepoch('subsec') * 1000)`;

export const organizations = sqliteTable('organizations', {
	id: text('id').primaryKey(),
	name: text('name').notNull(),
	currency: text('currency').notNull().default('UZS'),
	timezone: text('timezone').notNull().default('Asia/Tashkent'),
	settings: text('settings', { mode: 'json' })
		.$type<Record<string, unknown>>()
		.notNull()
		.default({}),
	createdAt: integer('created_at').notNull().default(now)
});

export const branches = sqliteTable(
	'branches',
	{
		id: text('id').primaryKey(),
		organizationId: text('organization_id')
			.notNull()
			.references(() => organizations.id),
		name: text('name').notNull(),
		address: text('address'),
		active: integer('active', { mode: 'boolean' }).notNull().default(true),
		createdAt: integer('created_at').notNull().default(now)
	},
	(t) => [index('branches_org').on(t.organizationId)]
);

export const users = sqliteTable(
	'users',
	{
		id: text('id').primaryKey(),
		/** Null for the vendor's support staff, who belong to no customer organization. */
		organizationId: text('organization_id').references(() => organizations.id),
		name: text('name').notNull(),
		login: text('login').notNull(),
		passwordHash: text('password_hash').notNull(),
		active: integer('active', { mode: 'boolean' }).notNull().default(true),
		/** The user's own choices that follow them to any device (e.g. `useLocation: false`). */
		settings: text('settings', { mode: 'json' })
			.$type<Record<string, unknown>>()
			.notNull()
			.default({}),
		createdAt: integer('created_at').notNull().default(now),
		updatedAt: integer('updated_at').notNull().default(now)
	},
	(t) => [uniqueIndex('users_login').on(t.login), index('users_org').on(t.organizationId)]
);

/** A user's role in a branch (branch null: organization-wide, as for admins and support). */
export const roleAssignments = sqliteTable(
	'role_assignments',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id),
		organizationId: text('organization_id').references(() => organizations.id),
		branchId: text('branch_id').references(() => branches.id),
		role: text('role').notNull(),
		createdAt: integer('created_at').notNull().default(now)
	},
	(t) => [uniqueIndex('role_assignments_user').on(t.userId)]
);

export const sessions = sqliteTable(
	'sessions',
	{
		/** The public half of the token; the secret half is stored only as its SHA-256. */
		id: text('id').primaryKey(),
		secretHash: text('secret_hash').notNull(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id),
		createdAt: integer('created_at').notNull(),
		lastUsedAt: integer('last_used_at').notNull(),
		userAgent: text('user_agent'),
		ip: text('ip')
	},
	(t) => [index('sessions_user').on(t.userId)]
);

/** Failed sign-ins per key (`login:x` or `ip:y`), for throttling that works across isolates. */
export const signinThrottle = sqliteTable('signin_throttle', {
	key: text('key').primaryKey(),
	failures: integer('failures').notNull(),
	windowStart: integer('window_start').notNull(),
	lockedUntil: integer('locked_until')
});

/** Append-only: no API updates or deletes these rows. */
export const auditEvents = sqliteTable(
	'audit_events',
	{
		id: text('id').primaryKey(),
		organizationId: text('organization_id'),
		actorId: text('actor_id'),
		actorName: text('actor_name'),
		action: text('action').notNull(),
		entity: text('entity'),
		entityId: text('entity_id'),
		before: text('before', { mode: 'json' }),
		after: text('after', { mode: 'json' }),
		ip: text('ip'),
		userAgent: text('user_agent'),
		requestId: text('request_id'),
		at: integer('at').notNull()
	},
	(t) => [index('audit_org_at').on(t.organizationId, t.at)]
);

// ——— Synced business data (see src/lib/domain/sync/rows.ts for the shapes devices get) ———
// Every synced row carries `version`: the organization's change counter at its last change,
// taken inside the same transaction (src/lib/server/sync/versions.ts). Devices choose the ids,
// so an id is only its organization's: keys are (organization_id, id), and unique keys made of
// ids lead with organization_id (drizzle/0015_org_scoped_keys.sql). The same id in two
// organizations is two records; a lookup by id without the organization is a bug.

export const syncVersions = sqliteTable('sync_versions', {
	organizationId: text('organization_id').primaryKey(),
	version: integer('version').notNull()
});

export const categories = sqliteTable(
	'categories',
	{
		id: text('id').notNull(),
		organizationId: text('organization_id').notNull(),
		name: text('name').notNull(),
		parentId: text('parent_id'),
		version: integer('version').notNull(),
		updatedAt: integer('updated_at').notNull()
	},
	(t) => [
		primaryKey({ columns: [t.organizationId, t.id] }),
		index('categories_org_version').on(t.organizationId, t.version)
	]
);

export const products = sqliteTable(
	'products',
	{
		id: text('id').notNull(),
		organizationId: text('organization_id').notNull(),
		sku: text('sku').notNull(),
		name: text('name').notNull(),
		unit: text('unit').$type<Unit>().notNull(),
		barcodes: text('barcodes', { mode: 'json' }).$type<string[]>().notNull(),
		categoryId: text('category_id'),
		active: integer('active', { mode: 'boolean' }).notNull(),
		/** Uzbekistan's tax-catalog fields (domain/catalog/schemas.ts productTaxFields). */
		ikpu: text('ikpu'),
		packageCode: text('package_code'),
		vatRate: integer('vat_rate'),
		gtin: text('gtin'),
		marking: text('marking').$type<MarkingGroup>(),
		/** Its photo's id in `photos` (uploaded through /api/photos like any photo); null: none. */
		photoId: text('photo_id'),
		/** Units in one pack of the product (12 bottles a case); suggestions round up to it. */
		packSize: real('pack_size'),
		/** Its properties by name (1C's Свойства: brand, volume…), shown on its card. */
		attributes: text('attributes', { mode: 'json' })
			.$type<Record<string, string>>()
			.notNull()
			.default({}),
		version: integer('version').notNull(),
		updatedAt: integer('updated_at').notNull()
	},
	(t) => [
		primaryKey({ columns: [t.organizationId, t.id] }),
		index('products_org_version').on(t.organizationId, t.version),
		uniqueIndex('products_org_sku').on(t.organizationId, t.sku)
	]
);

export const priceLists = sqliteTable(
	'price_lists',
	{
		id: text('id').notNull(),
		organizationId: text('organization_id').notNull(),
		name: text('name').notNull(),
		isDefault: integer('is_default', { mode: 'boolean' }).notNull(),
		/** Trade-point channels this list prices for (empty: none; the default covers the rest). */
		channels: text('channels', { mode: 'json' }).$type<string[]>().notNull().default([]),
		/** Customers this list prices for; a customer's list wins over a channel's. */
		counterpartyIds: text('counterparty_ids', { mode: 'json' })
			.$type<string[]>()
			.notNull()
			.default([]),
		version: integer('version').notNull(),
		updatedAt: integer('updated_at').notNull()
	},
	(t) => [
		primaryKey({ columns: [t.organizationId, t.id] }),
		index('price_lists_org_version').on(t.organizationId, t.version)
	]
);

export const prices = sqliteTable(
	'prices',
	{
		organizationId: text('organization_id').notNull(),
		priceListId: text('price_list_id').notNull(),
		productId: text('product_id').notNull(),
		/** Integer minor units of the organization's currency. */
		price: integer('price').notNull(),
		version: integer('version').notNull(),
		updatedAt: integer('updated_at').notNull()
	},
	(t) => [
		uniqueIndex('prices_list_product').on(t.organizationId, t.priceListId, t.productId),
		index('prices_org_version').on(t.organizationId, t.version),
		// A product's prices on every list, read by the planner, pricing and price.set as
		// `organization_id = ? AND product_id IN (…)` (migration 0028; 0031 dropped the index on
		// product_id alone, which no read used any more).
		index('prices_org_product').on(t.organizationId, t.productId)
	]
);

export const counterparties = sqliteTable(
	'counterparties',
	{
		id: text('id').notNull(),
		organizationId: text('organization_id').notNull(),
		name: text('name').notNull(),
		kind: text('kind').$type<(typeof COUNTERPARTY_KINDS)[number]>().notNull(),
		taxId: text('tax_id'),
		phone: text('phone'),
		email: text('email'),
		address: text('address'),
		contactName: text('contact_name'),
		version: integer('version').notNull(),
		updatedAt: integer('updated_at').notNull()
	},
	(t) => [
		primaryKey({ columns: [t.organizationId, t.id] }),
		index('counterparties_org_version').on(t.organizationId, t.version)
	]
);

export const tradePoints = sqliteTable(
	'trade_points',
	{
		id: text('id').notNull(),
		organizationId: text('organization_id').notNull(),
		branchId: text('branch_id').notNull(),
		name: text('name').notNull(),
		address: text('address'),
		counterpartyId: text('counterparty_id'),
		channel: text('channel').$type<(typeof CHANNELS)[number]>(),
		lat: real('lat'),
		lng: real('lng'),
		locationSource: text('location_source').$type<(typeof LOCATION_SOURCES)[number]>(),
		archived: integer('archived', { mode: 'boolean' }).notNull(),
		version: integer('version').notNull(),
		updatedAt: integer('updated_at').notNull()
	},
	(t) => [
		primaryKey({ columns: [t.organizationId, t.id] }),
		index('trade_points_org_version').on(t.organizationId, t.version),
		index('trade_points_branch').on(t.organizationId, t.branchId)
	]
);

/** Where stock is kept: see WAREHOUSE_KINDS in src/lib/domain/inventory/schemas.ts. */
export const warehouses = sqliteTable(
	'warehouses',
	{
		id: text('id').notNull(),
		organizationId: text('organization_id').notNull(),
		branchId: text('branch_id').notNull(),
		name: text('name').notNull(),
		kind: text('kind').$type<WarehouseKind>().notNull(),
		ownerId: text('owner_id'),
		tradePointId: text('trade_point_id'),
		archived: integer('archived', { mode: 'boolean' }).notNull(),
		version: integer('version').notNull(),
		updatedAt: integer('updated_at').notNull()
	},
	(t) => [
		primaryKey({ columns: [t.organizationId, t.id] }),
		index('warehouses_org_version').on(t.organizationId, t.version),
		index('warehouses_branch').on(t.organizationId, t.branchId)
	]
);

/** A stock line as stored: the quantity exact in thousandths (see domain/inventory/quantity.ts). */
export interface StoredLine {
	productId: string;
	milli: number;
	cost: number | null;
	/** A stocktake's: the balance when the line was counted. */
	expectedMilli?: number;
	/** Marking codes, as scanned. */
	marks?: string[];
}

/**
 * Goods movement documents (receipt, transfer, write-off, stocktake, return). Drafts change;
 * a posted document only ever gets cancelled, by reversing movements.
 */
export const stockDocuments = sqliteTable(
	'stock_documents',
	{
		id: text('id').notNull(),
		organizationId: text('organization_id').notNull(),
		/** The branch of `warehouse_id`, whose number series it takes. */
		branchId: text('branch_id').notNull(),
		type: text('type').$type<DocumentType>().notNull(),
		status: text('status').$type<DocumentStatus>().notNull(),
		/** Given when posted, unique per branch, type and year. */
		number: text('number'),
		warehouseId: text('warehouse_id').notNull(),
		toWarehouseId: text('to_warehouse_id'),
		counterpartyId: text('counterparty_id'),
		reason: text('reason'),
		comment: text('comment'),
		lines: text('lines', { mode: 'json' }).$type<StoredLine[]>().notNull(),
		authorId: text('author_id').notNull(),
		createdAt: integer('created_at').notNull(),
		postedAt: integer('posted_at'),
		postedBy: text('posted_by'),
		cancelledAt: integer('cancelled_at'),
		cancelledBy: text('cancelled_by'),
		version: integer('version').notNull(),
		updatedAt: integer('updated_at').notNull()
	},
	(t) => [
		primaryKey({ columns: [t.organizationId, t.id] }),
		index('stock_documents_org_version').on(t.organizationId, t.version),
		index('stock_documents_warehouse').on(t.warehouseId),
		index('stock_documents_to_warehouse').on(t.toWarehouseId),
		uniqueIndex('stock_documents_number').on(t.organizationId, t.number)
	]
);

/** The ledger: append-only (the database refuses updates and deletes). */
export const stockMovements = sqliteTable(
	'stock_movements',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		organizationId: text('organization_id').notNull(),
		warehouseId: text('warehouse_id').notNull(),
		productId: text('product_id').notNull(),
		/** Signed thousandths of the product's unit. */
		milli: integer('milli').notNull(),
		documentId: text('document_id').notNull(),
		/** The index of the document's line it comes from. */
		line: integer('line').notNull(),
		/** Cancellation's reversing movements are marked, so history can show them apart. */
		reversal: integer('reversal', { mode: 'boolean' }).notNull(),
		at: integer('at').notNull()
	},
	(t) => [
		index('stock_movements_balance').on(t.warehouseId, t.productId),
		index('stock_movements_product').on(t.organizationId, t.productId, t.at),
		index('stock_movements_document').on(t.documentId)
	]
);

/** What is on hand, per warehouse and product: always the sum of that pair's movements. */
export const stockBalances = sqliteTable(
	'stock_balances',
	{
		organizationId: text('organization_id').notNull(),
		warehouseId: text('warehouse_id').notNull(),
		productId: text('product_id').notNull(),
		milli: integer('milli').notNull(),
		version: integer('version').notNull(),
		updatedAt: integer('updated_at').notNull()
	},
	(t) => [
		uniqueIndex('stock_balances_pair').on(t.organizationId, t.warehouseId, t.productId),
		index('stock_balances_org_version').on(t.organizationId, t.version),
		// Serves GET /api/stock/balances from the index alone. Without it SQLite picks
		// org_version for `organization_id = ? AND warehouse_id IN (…)` and reads every balance
		// of the organization to return one warehouse's.
		index('stock_balances_org_warehouse').on(t.organizationId, t.warehouseId, t.productId, t.milli)
	]
);

/** A posting that took a balance below zero, for a manager to resolve (or stock to clear). */
export const stockShortages = sqliteTable(
	'stock_shortages',
	{
		id: text('id').notNull(),
		organizationId: text('organization_id').notNull(),
		branchId: text('branch_id').notNull(),
		warehouseId: text('warehouse_id').notNull(),
		productId: text('product_id').notNull(),
		documentId: text('document_id').notNull(),
		/** How far below zero the posting took the balance, in thousandths. */
		shortMilli: integer('short_milli').notNull(),
		status: text('status').$type<ShortageRow['status']>().notNull(),
		/** `stock_arrived` or `manager`. */
		resolution: text('resolution').$type<NonNullable<ShortageRow['resolution']>>(),
		resolvedBy: text('resolved_by'),
		resolvedAt: integer('resolved_at'),
		note: text('note'),
		createdAt: integer('created_at').notNull(),
		version: integer('version').notNull(),
		updatedAt: integer('updated_at').notNull()
	},
	(t) => [
		primaryKey({ columns: [t.organizationId, t.id] }),
		index('stock_shortages_org_version').on(t.organizationId, t.version),
		index('stock_shortages_open').on(t.warehouseId, t.productId, t.status)
	]
);

/** The last number given per branch, document type and year. */
export const documentCounters = sqliteTable(
	'document_counters',
	{
		organizationId: text('organization_id').notNull(),
		branchId: text('branch_id').notNull(),
		type: text('type').notNull(),
		year: integer('year').notNull(),
		seq: integer('seq').notNull()
	},
	(t) => [uniqueIndex('document_counters_key').on(t.organizationId, t.branchId, t.type, t.year)]
);

export type { StoredSaleLine };

/**
 * Promotions, as the manager defines them. `rule` is the whole definition the engine reads
 * (src/lib/domain/sales/promotions.ts); the columns beside it are what queries filter on.
 */
export const promotions = sqliteTable(
	'promotions',
	{
		id: text('id').notNull(),
		organizationId: text('organization_id').notNull(),
		name: text('name').notNull(),
		rule: text('rule', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
		active: integer('active', { mode: 'boolean' }).notNull(),
		startsAt: integer('starts_at'),
		endsAt: integer('ends_at'),
		version: integer('version').notNull(),
		updatedAt: integer('updated_at').notNull()
	},
	(t) => [
		primaryKey({ columns: [t.organizationId, t.id] }),
		index('promotions_org_version').on(t.organizationId, t.version)
	]
);

/**
 * Sales receipts and returns. A receipt is written once, as the server priced it; a return is
 * another row that names the receipt it returns (`return_of`).
 */
export const salesReceipts = sqliteTable(
	'sales_receipts',
	{
		id: text('id').notNull(),
		organizationId: text('organization_id').notNull(),
		branchId: text('branch_id').notNull(),
		kind: text('kind').$type<'sale' | 'return'>().notNull(),
		returnOf: text('return_of'),
		number: text('number').notNull(),
		warehouseId: text('warehouse_id').notNull(),
		tradePointId: text('trade_point_id'),
		counterpartyId: text('counterparty_id'),
		authorId: text('author_id').notNull(),
		priceListId: text('price_list_id'),
		lines: text('lines', { mode: 'json' }).$type<StoredSaleLine[]>().notNull(),
		/** The order-level promotion's discount, beside the lines' own. */
		orderDiscount: integer('order_discount').notNull(),
		subtotal: integer('subtotal').notNull(),
		discount: integer('discount').notNull(),
		total: integer('total').notNull(),
		paid: integer('paid').notNull(),
		/** Cash handed back: what was received is the cash paid plus this. */
		change: integer('change').notNull().default(0),
		applied: text('applied', { mode: 'json' }).$type<Applied[]>().notNull(),
		/** What the device showed, when it differed from the server's total (recorded, not used). */
		deviceTotal: integer('device_total'),
		/** The device's clock when the sale was made. */
		soldAt: integer('sold_at').notNull(),
		/** The cash register's answer (domain/fiscal/stamp.ts); null until the till stamps it. */
		fiscal: text('fiscal', { mode: 'json' }).$type<FiscalStamp>(),
		postedAt: integer('posted_at').notNull(),
		version: integer('version').notNull(),
		updatedAt: integer('updated_at').notNull()
	},
	(t) => [
		primaryKey({ columns: [t.organizationId, t.id] }),
		index('sales_receipts_org_version').on(t.organizationId, t.version),
		index('sales_receipts_counterparty').on(t.organizationId, t.counterpartyId),
		index('sales_receipts_return_of').on(t.returnOf),
		uniqueIndex('sales_receipts_number').on(t.organizationId, t.number)
	]
);

/** Money received (or paid back on a return): with a receipt, or against a customer's debt. */
export const payments = sqliteTable(
	'payments',
	{
		id: text('id').notNull(),
		organizationId: text('organization_id').notNull(),
		branchId: text('branch_id').notNull(),
		counterpartyId: text('counterparty_id'),
		receiptId: text('receipt_id'),
		method: text('method').$type<'cash' | 'card' | 'transfer'>().notNull(),
		/** Minor units; negative for money paid back. */
		amount: integer('amount').notNull(),
		authorId: text('author_id').notNull(),
		at: integer('at').notNull(),
		version: integer('version').notNull(),
		updatedAt: integer('updated_at').notNull()
	},
	(t) => [
		primaryKey({ columns: [t.organizationId, t.id] }),
		index('payments_org_version').on(t.organizationId, t.version),
		index('payments_counterparty').on(t.organizationId, t.counterpartyId),
		index('payments_receipt').on(t.receiptId),
		// A rep's cash for a day close (drizzle/0019_day_closes.sql).
		index('payments_author').on(t.organizationId, t.authorId)
	]
);

/** What each customer owes: every sale's unpaid part, less what was collected later. */
export const counterpartyDebts = sqliteTable(
	'counterparty_debts',
	{
		organizationId: text('organization_id').notNull(),
		counterpartyId: text('counterparty_id').notNull(),
		/** Minor units; negative when the customer has paid ahead. */
		amount: integer('amount').notNull(),
		version: integer('version').notNull(),
		updatedAt: integer('updated_at').notNull()
	},
	(t) => [
		uniqueIndex('counterparty_debts_key').on(t.organizationId, t.counterpartyId),
		index('counterparty_debts_org_version').on(t.organizationId, t.version)
	]
);

/** Pre-sales: an order taken at a trade point, shipped later from a warehouse. */
export const salesOrders = sqliteTable(
	'sales_orders',
	{
		id: text('id').notNull(),
		organizationId: text('organization_id').notNull(),
		branchId: text('branch_id').notNull(),
		number: text('number').notNull(),
		status: text('status')
			.$type<'new' | 'confirmed' | 'shipped' | 'delivered' | 'cancelled'>()
			.notNull(),
		tradePointId: text('trade_point_id').notNull(),
		counterpartyId: text('counterparty_id'),
		authorId: text('author_id').notNull(),
		/** The warehouse it ships from, chosen when it ships. */
		warehouseId: text('warehouse_id'),
		priceListId: text('price_list_id'),
		lines: text('lines', { mode: 'json' }).$type<StoredSaleLine[]>().notNull(),
		orderDiscount: integer('order_discount').notNull(),
		subtotal: integer('subtotal').notNull(),
		discount: integer('discount').notNull(),
		total: integer('total').notNull(),
		applied: text('applied', { mode: 'json' }).$type<Applied[]>().notNull(),
		comment: text('comment'),
		orderedAt: integer('ordered_at').notNull(),
		createdAt: integer('created_at').notNull(),
		shippedAt: integer('shipped_at'),
		deliveredAt: integer('delivered_at'),
		cancelledAt: integer('cancelled_at'),
		version: integer('version').notNull(),
		updatedAt: integer('updated_at').notNull()
	},
	(t) => [
		primaryKey({ columns: [t.organizationId, t.id] }),
		index('sales_orders_org_version').on(t.organizationId, t.version),
		uniqueIndex('sales_orders_number').on(t.organizationId, t.number)
	]
);

/**
 * A rep's visit to a trade point: checked in (with the place, if the rep chose to give it) and
 * checked out with what happened.
 */
export const visits = sqliteTable(
	'visits',
	{
		id: text('id').notNull(),
		organizationId: text('organization_id').notNull(),
		branchId: text('branch_id').notNull(),
		tradePointId: text('trade_point_id').notNull(),
		authorId: text('author_id').notNull(),
		checkInAt: integer('check_in_at').notNull(),
		lat: real('lat'),
		lng: real('lng'),
		accuracy: real('accuracy'),
		/** `gps`, `manual`, or null: no location given. */
		locationSource: text('location_source').$type<NonNullable<VisitRow['locationSource']>>(),
		/** Metres from the trade point, when both places are known. */
		distance: integer('distance'),
		flagged: integer('flagged', { mode: 'boolean' }).notNull(),
		checkOutAt: integer('check_out_at'),
		outcome: text('outcome').$type<NonNullable<VisitRow['outcome']>>(),
		reason: text('reason'),
		note: text('note'),
		version: integer('version').notNull(),
		updatedAt: integer('updated_at').notNull()
	},
	(t) => [
		primaryKey({ columns: [t.organizationId, t.id] }),
		index('visits_org_version').on(t.organizationId, t.version),
		index('visits_author').on(t.organizationId, t.authorId, t.checkInAt)
	]
);

/**
 * A rep's route: trade points to visit in order, every given weekday (`weekdays`) or on one
 * date (`date`, YYYY-MM-DD in the organization's time zone).
 */
export const routes = sqliteTable(
	'routes',
	{
		id: text('id').notNull(),
		organizationId: text('organization_id').notNull(),
		branchId: text('branch_id').notNull(),
		repId: text('rep_id').notNull(),
		name: text('name').notNull(),
		weekdays: text('weekdays', { mode: 'json' }).$type<number[]>().notNull(),
		date: text('date'),
		stops: text('stops', { mode: 'json' }).$type<string[]>().notNull(),
		archived: integer('archived', { mode: 'boolean' }).notNull(),
		version: integer('version').notNull(),
		updatedAt: integer('updated_at').notNull()
	},
	(t) => [
		primaryKey({ columns: [t.organizationId, t.id] }),
		index('routes_org_version').on(t.organizationId, t.version),
		index('routes_rep').on(t.organizationId, t.repId)
	]
);

/**
 * A token an organization's own systems (ERP, accounting, BI) use on the read API. Shown once;
 * only the SHA-256 of its secret is kept. Revoked tokens stay, for the record.
 */
export const apiTokens = sqliteTable(
	'api_tokens',
	{
		/** The public half of the token. */
		id: text('id').primaryKey(),
		organizationId: text('organization_id').notNull(),
		name: text('name').notNull(),
		scopes: text('scopes', { mode: 'json' }).$type<string[]>().notNull(),
		secretHash: text('secret_hash').notNull(),
		createdBy: text('created_by').notNull(),
		createdAt: integer('created_at').notNull(),
		lastUsedAt: integer('last_used_at'),
		revokedAt: integer('revoked_at')
	},
	(t) => [index('api_tokens_org').on(t.organizationId)]
);

/** An admin's subscription of a URL to business events; deliveries are signed with `secret`. */
export const webhookSubscriptions = sqliteTable(
	'webhook_subscriptions',
	{
		id: text('id').primaryKey(),
		organizationId: text('organization_id').notNull(),
		url: text('url').notNull(),
		events: text('events', { mode: 'json' }).$type<string[]>().notNull(),
		secret: text('secret').notNull(),
		paused: integer('paused', { mode: 'boolean' }).notNull(),
		/** Failed attempts in a row; a success resets it, PAUSE_AFTER pauses the subscription. */
		failureStreak: integer('failure_streak').notNull(),
		lastSuccessAt: integer('last_success_at'),
		lastErrorAt: integer('last_error_at'),
		lastError: text('last_error'),
		createdAt: integer('created_at').notNull()
	},
	(t) => [index('webhook_subscriptions_org').on(t.organizationId)]
);

/**
 * One event for one subscription: written in the transaction of the change that made it (so no
 * event is lost or doubled), then sent and retried by the scheduled runner.
 */
export const webhookDeliveries = sqliteTable(
	'webhook_deliveries',
	{
		id: text('id').primaryKey(),
		organizationId: text('organization_id').notNull(),
		subscriptionId: text('subscription_id').notNull(),
		event: text('event').notNull(),
		/** The JSON body as sent, byte for byte (the signature covers it). */
		body: text('body').notNull(),
		/** `pending`, `delivered` or `failed` (gave up after MAX_ATTEMPTS). */
		status: text('status').notNull(),
		attempts: integer('attempts').notNull(),
		nextAttemptAt: integer('next_attempt_at').notNull(),
		lastStatus: integer('last_status'),
		lastError: text('last_error'),
		createdAt: integer('created_at').notNull(),
		deliveredAt: integer('delivered_at')
	},
	(t) => [
		index('webhook_deliveries_due').on(t.status, t.nextAttemptAt),
		index('webhook_deliveries_sub').on(t.subscriptionId, t.createdAt)
	]
);

/** Errors the app met on a device, reported in batches for support and the health page. */
export const clientErrors = sqliteTable(
	'client_errors',
	{
		id: text('id').primaryKey(),
		organizationId: text('organization_id'),
		userId: text('user_id').notNull(),
		at: integer('at').notNull(),
		message: text('message').notNull(),
		stack: text('stack'),
		url: text('url'),
		appVersion: text('app_version'),
		userAgent: text('user_agent'),
		receivedAt: integer('received_at').notNull()
	},
	(t) => [index('client_errors_org_received').on(t.organizationId, t.receivedAt)]
);

/** A problem a user reported, with the diagnostics they chose to send. */
export const supportTickets = sqliteTable(
	'support_tickets',
	{
		id: text('id').primaryKey(),
		organizationId: text('organization_id').notNull(),
		authorId: text('author_id').notNull(),
		subject: text('subject').notNull(),
		description: text('description').notNull(),
		status: text('status').notNull(),
		/** The support user working it. */
		assigneeId: text('assignee_id'),
		diagnostics: text('diagnostics', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
		createdAt: integer('created_at').notNull(),
		updatedAt: integer('updated_at').notNull()
	},
	(t) => [
		index('support_tickets_org').on(t.organizationId, t.updatedAt),
		index('support_tickets_status').on(t.status, t.updatedAt)
	]
);

export const ticketComments = sqliteTable(
	'ticket_comments',
	{
		id: text('id').primaryKey(),
		ticketId: text('ticket_id').notNull(),
		authorId: text('author_id').notNull(),
		/** `customer` or `support`. */
		side: text('side').notNull(),
		body: text('body').notNull(),
		createdAt: integer('created_at').notNull()
	},
	(t) => [index('ticket_comments_ticket').on(t.ticketId, t.createdAt)]
);

/** An admin's grant letting vendor support read the organization's data until `expiresAt`. */
export const supportGrants = sqliteTable(
	'support_grants',
	{
		id: text('id').primaryKey(),
		organizationId: text('organization_id').notNull(),
		grantedBy: text('granted_by').notNull(),
		createdAt: integer('created_at').notNull(),
		expiresAt: integer('expires_at').notNull(),
		revokedAt: integer('revoked_at')
	},
	(t) => [index('support_grants_org').on(t.organizationId, t.expiresAt)]
);

/**
 * An admin's request to delete the organization: purged at `purgeAt` (after a grace period in
 * which it can be undone), unless cancelled. Table made by drizzle/0013_audit_erasure.sql.
 */
export const organizationDeletions = sqliteTable('organization_deletions', {
	organizationId: text('organization_id').primaryKey(),
	requestedBy: text('requested_by').notNull(),
	requestedAt: integer('requested_at').notNull(),
	purgeAt: integer('purge_at').notNull(),
	cancelledAt: integer('cancelled_at')
});

/** A row deleted, or moved out of a scope (`branch_id`: the branch it left). */
export const tombstones = sqliteTable(
	'tombstones',
	{
		organizationId: text('organization_id').notNull(),
		tableName: text('table_name').$type<SyncedTable>().notNull(),
		rowId: text('row_id').notNull(),
		branchId: text('branch_id'),
		version: integer('version').notNull()
	},
	(t) => [index('tombstones_org_version').on(t.organizationId, t.version)]
);

/** The idempotency record: one per mutation id and organization, with its first answer. */
export const appliedMutations = sqliteTable(
	'applied_mutations',
	{
		organizationId: text('organization_id').notNull(),
		id: text('id').notNull(),
		name: text('name').notNull(),
		argsHash: text('args_hash').notNull(),
		result: text('result', { mode: 'json' }),
		userId: text('user_id').notNull(),
		clientId: text('client_id').notNull(),
		deviceCreatedAt: integer('device_created_at').notNull(),
		appliedAt: integer('applied_at').notNull(),
		version: integer('version')
	},
	(t) => [uniqueIndex('applied_mutations_org_id').on(t.organizationId, t.id)]
);

/** Refusals devices report, for support. */
export const syncFailures = sqliteTable(
	'sync_failures',
	{
		id: text('id').primaryKey(),
		organizationId: text('organization_id').notNull(),
		userId: text('user_id').notNull(),
		clientId: text('client_id').notNull(),
		mutationId: text('mutation_id').notNull(),
		name: text('name').notNull(),
		code: text('code').notNull(),
		message: text('message').notNull(),
		at: integer('at').notNull(),
		receivedAt: integer('received_at').notNull()
	},
	(t) => [index('sync_failures_org_received').on(t.organizationId, t.receivedAt)]
);

/**
 * What a trade point is offered: a manager's list of products for a channel or for one trade
 * point, with must-sell marks (domain/sales/assortment.ts). One per target (`channel:retail`,
 * `tradePoint:<id>`). Table made by drizzle/0016_assortments.sql.
 */
export const assortments = sqliteTable(
	'assortments',
	{
		id: text('id').notNull(),
		organizationId: text('organization_id').notNull(),
		scope: text('scope').$type<'channel' | 'tradePoint'>().notNull(),
		channel: text('channel'),
		tradePointId: text('trade_point_id'),
		/** `channel:<channel>` or `tradePoint:<id>`: what the list is for, one list each. */
		target: text('target').notNull(),
		lines: text('lines', { mode: 'json' })
			.$type<{ productId: string; mustSell: boolean }[]>()
			.notNull(),
		version: integer('version').notNull(),
		updatedAt: integer('updated_at').notNull()
	},
	(t) => [
		primaryKey({ columns: [t.organizationId, t.id] }),
		uniqueIndex('assortments_org_target').on(t.organizationId, t.target),
		index('assortments_org_version').on(t.organizationId, t.version)
	]
);

/** A day close's product as stored: quantities exact in thousandths. */
export interface StoredCloseLine {
	productId: string;
	expectedMilli: number;
	countedMilli: number;
	reason: StockDifferenceReason | null;
}

/**
 * A van rep's day close: the rep's count of the van and the cash, then the handover a storekeeper
 * or manager confirms, naming the stocktake that recorded the differences and the unload
 * transfer (see src/lib/domain/inventory/day-close-plans.ts). One per van and day.
 */
export const dayCloses = sqliteTable(
	'day_closes',
	{
		organizationId: text('organization_id').notNull(),
		id: text('id').notNull(),
		branchId: text('branch_id').notNull(),
		warehouseId: text('warehouse_id').notNull(),
		repId: text('rep_id').notNull(),
		/** YYYY-MM-DD in the organization's time zone. */
		date: text('date').notNull(),
		status: text('status').$type<DayCloseStatus>().notNull(),
		lines: text('lines', { mode: 'json' }).$type<StoredCloseLine[]>().notNull(),
		/** Minor units: the day's cash payments by the rep, when the count was sent. */
		cashExpected: integer('cash_expected').notNull(),
		cashCounted: integer('cash_counted').notNull(),
		cashReason: text('cash_reason').$type<CashDifferenceReason>(),
		comment: text('comment'),
		submittedAt: integer('submitted_at').notNull(),
		toWarehouseId: text('to_warehouse_id'),
		transferId: text('transfer_id'),
		adjustmentId: text('adjustment_id'),
		confirmedBy: text('confirmed_by'),
		confirmedAt: integer('confirmed_at'),
		confirmComment: text('confirm_comment'),
		version: integer('version').notNull(),
		updatedAt: integer('updated_at').notNull()
	},
	(t) => [
		primaryKey({ columns: [t.organizationId, t.id] }),
		index('day_closes_org_version').on(t.organizationId, t.version),
		uniqueIndex('day_closes_van_date').on(t.organizationId, t.warehouseId, t.date)
	]
);

/**
 * A rep's monthly targets, set by whoever plans the rep's routes (src/lib/domain/sales/targets.ts).
 * Null: no target for that figure. Keyed by organization and id, as every table will be.
 */
export const targets = sqliteTable(
	'targets',
	{
		id: text('id').notNull(),
		organizationId: text('organization_id').notNull(),
		branchId: text('branch_id').notNull(),
		repId: text('rep_id').notNull(),
		month: text('month').notNull(),
		salesAmount: integer('sales_amount'),
		visits: integer('visits'),
		strikeRate: real('strike_rate'),
		mustSellCoverage: real('must_sell_coverage'),
		version: integer('version').notNull(),
		updatedAt: integer('updated_at').notNull()
	},
	(t) => [
		primaryKey({ columns: [t.organizationId, t.id] }),
		index('targets_org_version').on(t.organizationId, t.version),
		index('targets_rep_month').on(t.organizationId, t.repId, t.month)
	]
);

/**
 * Photos taken in the field: the metadata of bytes kept in the photo store (a folder or R2,
 * src/lib/server/photos/store.ts). Written once by PUT /api/photos/:id; the same id can never
 * name other bytes (sha256). The thumbnail, sent after the photo, is optional.
 */
export const photos = sqliteTable(
	'photos',
	{
		organizationId: text('organization_id').notNull(),
		id: text('id').notNull(),
		userId: text('user_id').notNull(),
		createdAt: integer('created_at').notNull(),
		size: integer('size').notNull(),
		contentType: text('content_type').notNull(),
		sha256: text('sha256').notNull(),
		thumbSize: integer('thumb_size'),
		thumbContentType: text('thumb_content_type'),
		thumbSha256: text('thumb_sha256')
	},
	(t) => [
		primaryKey({ columns: [t.organizationId, t.id] }),
		index('photos_org_created').on(t.organizationId, t.createdAt)
	]
);

/**
 * Each marking code's state per organization (domain/marking/state.ts): keyed by its label
 * (`01` GTIN `21` serial) or `00` + SSCC. Synced to devices that see its warehouse.
 */
export const marks = sqliteTable(
	'marks',
	{
		id: text('id').notNull(),
		organizationId: text('organization_id').notNull(),
		productId: text('product_id').notNull(),
		gtin: text('gtin').notNull(),
		status: text('status').$type<'received' | 'sold' | 'returned'>().notNull(),
		warehouseId: text('warehouse_id'),
		documentId: text('document_id'),
		expiry: text('expiry'),
		parentId: text('parent_id'),
		version: integer('version').notNull(),
		updatedAt: integer('updated_at').notNull()
	},
	(t) => [
		primaryKey({ columns: [t.organizationId, t.id] }),
		index('marks_org_version').on(t.organizationId, t.version),
		index('marks_warehouse').on(t.organizationId, t.warehouseId),
		index('marks_parent').on(t.organizationId, t.parentId)
	]
);

/**
 * Electronic invoices (ESF) prepared from a sale or an order to a company, in the operator's
 * JSON (src/lib/domain/einvoice/didox.ts), and their state as the operator reports it.
 */
export const einvoices = sqliteTable(
	'einvoices',
	{
		id: text('id').notNull(),
		organizationId: text('organization_id').notNull(),
		sourceKind: text('source_kind').$type<'sale' | 'order'>().notNull(),
		sourceId: text('source_id').notNull(),
		number: text('number').notNull(),
		state: text('state').$type<EinvoiceState>().notNull(),
		document: text('document', { mode: 'json' }).$type<DidoxFactura>().notNull(),
		/** The operator's id of the document once sent. */
		operatorId: text('operator_id'),
		/** The operator's last refusal, shown beside the state. */
		error: text('error'),
		createdAt: integer('created_at').notNull(),
		updatedAt: integer('updated_at').notNull()
	},
	(t) => [
		primaryKey({ columns: [t.organizationId, t.id] }),
		uniqueIndex('einvoices_source').on(t.organizationId, t.sourceKind, t.sourceId)
	]
);

/** An organization's e-invoice operator settings: the seller's details and Didox's keys. */
export const einvoiceSettings = sqliteTable('einvoice_settings', {
	organizationId: text('organization_id').primaryKey(),
	seller: text('seller', { mode: 'json' }).$type<Party>().notNull(),
	/** Secrets: never sent back to a browser (the API answers whether they are set). */
	partnerToken: text('partner_token'),
	userKey: text('user_key'),
	updatedAt: integer('updated_at').notNull()
});

/**
 * The 1C exchange (src/lib/server/integrations/onec.ts): its settings, each exchange with its
 * counts and problems, the file parts 1C sends (kept in the database so every isolate sees
 * them), the 1C Ид of what it made, product images from 1C, and which orders 1C took.
 */
export const onecSettings = sqliteTable(
	'onec_settings',
	{
		organizationId: text('organization_id').notNull(),
		id: text('id').notNull(),
		settings: text('settings', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
		updatedAt: integer('updated_at').notNull()
	},
	(t) => [primaryKey({ columns: [t.organizationId, t.id] })]
);

export const onecExchanges = sqliteTable(
	'onec_exchanges',
	{
		organizationId: text('organization_id').notNull(),
		id: text('id').notNull(),
		type: text('type').$type<'catalog' | 'sale'>().notNull(),
		/** `1c` (the protocol) or `upload` (by hand on the Integrations screen). */
		source: text('source').notNull(),
		tokenId: text('token_id'),
		cookieHash: text('cookie_hash'),
		status: text('status').$type<'open' | 'progress' | 'success' | 'failure'>().notNull(),
		/** Per file: its state of import (see OnecFileState). */
		files: text('files', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
		counts: text('counts', { mode: 'json' })
			.$type<{ created: number; changed: number; archived: number; refused: number }>()
			.notNull(),
		problems: text('problems', { mode: 'json' })
			.$type<{ id: string; reason: string }[]>()
			.notNull(),
		error: text('error'),
		startedAt: integer('started_at').notNull(),
		updatedAt: integer('updated_at').notNull(),
		finishedAt: integer('finished_at')
	},
	(t) => [
		primaryKey({ columns: [t.organizationId, t.id] }),
		index('onec_exchanges_cookie').on(t.cookieHash),
		index('onec_exchanges_org_started').on(t.organizationId, t.startedAt)
	]
);

export const onecFileParts = sqliteTable(
	'onec_file_parts',
	{
		organizationId: text('organization_id').notNull(),
		id: text('id').notNull(),
		exchangeId: text('exchange_id').notNull(),
		name: text('name').notNull(),
		seq: integer('seq').notNull(),
		bytes: blob('bytes', { mode: 'buffer' }).notNull()
	},
	(t) => [
		primaryKey({ columns: [t.organizationId, t.id] }),
		index('onec_file_parts_file').on(t.organizationId, t.exchangeId, t.name, t.seq)
	]
);

export const onecLinks = sqliteTable(
	'onec_links',
	{
		organizationId: text('organization_id').notNull(),
		/** `${kind}:${onecId}`. */
		id: text('id').notNull(),
		kind: text('kind').$type<'group' | 'product' | 'priceType' | 'payment'>().notNull(),
		onecId: text('onec_id').notNull(),
		optioId: text('optio_id').notNull(),
		data: text('data', { mode: 'json' }).$type<Record<string, unknown>>()
	},
	(t) => [
		primaryKey({ columns: [t.organizationId, t.id] }),
		index('onec_links_optio').on(t.organizationId, t.kind, t.optioId)
	]
);

export const onecImages = sqliteTable(
	'onec_images',
	{
		organizationId: text('organization_id').notNull(),
		/** The path 1C gives (import_files/…). */
		id: text('id').notNull(),
		productId: text('product_id').notNull(),
		contentType: text('content_type').notNull(),
		bytes: blob('bytes', { mode: 'buffer' }).notNull()
	},
	(t) => [
		primaryKey({ columns: [t.organizationId, t.id] }),
		index('onec_images_product').on(t.organizationId, t.productId)
	]
);

export const onecOrders = sqliteTable(
	'onec_orders',
	{
		organizationId: text('organization_id').notNull(),
		/** The order's id. */
		id: text('id').notNull(),
		sentExchangeId: text('sent_exchange_id').notNull(),
		sentAt: integer('sent_at').notNull(),
		/** Set by `mode=success`: 1C has it. */
		takenAt: integer('taken_at')
	},
	(t) => [
		primaryKey({ columns: [t.organizationId, t.id] }),
		index('onec_orders_sent').on(t.organizationId, t.sentExchangeId)
	]
);

/**
 * A 1C file's records as its import read them (goods, offers, order documents) in file order,
 * and row `seq` -1 its head (groups, properties, price types, warehouses): the import applies
 * them a part at a time from a saved seq, never holding a file's records in memory. `key` is a
 * good's 1C Ид (what a full catalog lists). A scratch table, dropped with the exchange's files,
 * keyed by where a record sits (WITHOUT ROWID in migration 0028; no other index).
 */
export const onecRecords = sqliteTable(
	'onec_records',
	{
		organizationId: text('organization_id').notNull(),
		exchangeId: text('exchange_id').notNull(),
		file: text('file').notNull(),
		seq: integer('seq').notNull(),
		key: text('key').notNull(),
		data: text('data').notNull()
	},
	(t) => [primaryKey({ columns: [t.organizationId, t.exchangeId, t.file, t.seq] })]
);

/**
 * A manager's task template (src/lib/domain/field/tasks.ts): questions, product rows, where and
 * how often it is due, its weight in the perfect-store score. Archived, never deleted. Table made
 * by drizzle/0025_store_tasks.sql.
 */
export const taskTemplates = sqliteTable(
	'task_templates',
	{
		organizationId: text('organization_id').notNull(),
		id: text('id').notNull(),
		name: text('name').notNull(),
		questions: text('questions', { mode: 'json' }).$type<Question[]>().notNull(),
		productIds: text('product_ids', { mode: 'json' }).$type<string[]>().notNull(),
		channels: text('channels', { mode: 'json' }).$type<string[]>().notNull(),
		tradePointIds: text('trade_point_ids', { mode: 'json' }).$type<string[]>().notNull(),
		routeIds: text('route_ids', { mode: 'json' }).$type<string[]>().notNull(),
		period: text('period').$type<TaskPeriod>().notNull(),
		weight: integer('weight').notNull(),
		required: integer('required', { mode: 'boolean' }).notNull(),
		archived: integer('archived', { mode: 'boolean' }).notNull(),
		version: integer('version').notNull(),
		updatedAt: integer('updated_at').notNull()
	},
	(t) => [
		primaryKey({ columns: [t.organizationId, t.id] }),
		index('task_templates_org_version').on(t.organizationId, t.version)
	]
);

/**
 * A rep's submitted task at a visit: answers by question id, product rows, the photo ids its
 * answers name (the photos arrive by their own queue), its score and weight when submitted.
 */
export const visitTasks = sqliteTable(
	'visit_tasks',
	{
		organizationId: text('organization_id').notNull(),
		id: text('id').notNull(),
		branchId: text('branch_id').notNull(),
		visitId: text('visit_id').notNull(),
		templateId: text('template_id').notNull(),
		tradePointId: text('trade_point_id').notNull(),
		authorId: text('author_id').notNull(),
		answers: text('answers', { mode: 'json' }).$type<Record<string, AnswerValue>>().notNull(),
		products: text('products', { mode: 'json' }).$type<ProductRowAnswer[]>().notNull(),
		photoIds: text('photo_ids', { mode: 'json' }).$type<string[]>().notNull(),
		score: integer('score').notNull(),
		weight: integer('weight').notNull(),
		submittedAt: integer('submitted_at').notNull(),
		version: integer('version').notNull(),
		updatedAt: integer('updated_at').notNull()
	},
	(t) => [
		primaryKey({ columns: [t.organizationId, t.id] }),
		index('visit_tasks_org_version').on(t.organizationId, t.version),
		index('visit_tasks_org_visit').on(t.organizationId, t.visitId),
		index('visit_tasks_org_point').on(t.organizationId, t.tradePointId, t.submittedAt)
	]
);
