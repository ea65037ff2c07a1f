/**
 * The shapes of synced rows as the device stores them and /api/sync/pull sends them.
 * Every row has `id` and `version` (the organization's change counter when it last changed).
 */
import type { FiscalStamp } from '../fiscal/stamp';
import type {
	CHANNELS,
	COUNTERPARTY_KINDS,
	LOCATION_SOURCES,
	MarkingGroup,
	Unit
} from '../catalog/schemas';
import type { DocumentStatus, DocumentType } from '../inventory/ledger';
import type {
	CashDifferenceReason,
	DayCloseStatus,
	StockDifferenceReason
} from '../inventory/day-close';
import type { WarehouseKind } from '../inventory/schemas';
import type { AnswerValue, ProductRowAnswer, TemplateRef } from '../field/tasks';
import type { PromotionRule } from '../sales/promotions';

export const SYNCED_TABLES = [
	'categories',
	'products',
	'priceLists',
	'prices',
	'counterparties',
	'tradePoints',
	'warehouses',
	'stockDocuments',
	'balances',
	'shortages',
	'promotions',
	'receipts',
	'payments',
	'debts',
	'orders',
	'visits',
	'routes',
	'assortments',
	'dayCloses',
	'targets',
	'marks',
	'taskTemplates',
	'visitTasks'
] as const;
export type SyncedTable = (typeof SYNCED_TABLES)[number];

interface Synced {
	id: string;
	version: number;
	updatedAt: number;
}

export interface CategoryRow extends Synced {
	name: string;
	parentId: string | null;
}

export interface ProductRow extends Synced {
	sku: string;
	name: string;
	unit: Unit;
	barcodes: string[];
	categoryId: string | null;
	active: boolean;
	/** The tax catalog's fields (see productTaxFields in catalog/schemas.ts); null: not set. */
	ikpu: string | null;
	packageCode: string | null;
	/** Whole percent. */
	vatRate: number | null;
	gtin: string | null;
	/** Its digital-marking group: a product with one is marked (each unit sold is scanned). */
	marking: MarkingGroup | null;
	/**
	 * Its photo's id (GET /api/photos/:id/thumbnail draws it); null: none. Optional because a
	 * row cached before the field existed has none.
	 */
	photoId?: string | null;
	/** Units in one pack (suggestions round up to whole packs); null: sold by the unit. */
	packSize?: number | null;
	/**
	 * Its properties by name (1C's Свойства: brand, volume, kind), in the words they came in.
	 * Optional because a row cached before the field existed has none.
	 */
	attributes?: Record<string, string>;
}

export interface PriceListRow extends Synced {
	name: string;
	isDefault: boolean;
	/** Trade-point channels and customers this list prices for (see domain/sales/pricing.ts). */
	channels: string[];
	counterpartyIds: string[];
}

/** `id` is `${priceListId}:${productId}`. */
export interface PriceRow extends Synced {
	priceListId: string;
	productId: string;
	price: number;
}

export interface CounterpartyRow extends Synced {
	name: string;
	kind: (typeof COUNTERPARTY_KINDS)[number];
	taxId: string | null;
	phone: string | null;
	email: string | null;
	address: string | null;
	contactName: string | null;
}

export interface TradePointRow extends Synced {
	name: string;
	address: string | null;
	counterpartyId: string | null;
	channel: (typeof CHANNELS)[number] | null;
	branchId: string;
	lat: number | null;
	lng: number | null;
	locationSource: (typeof LOCATION_SOURCES)[number] | null;
	archived: boolean;
}

export interface WarehouseRow extends Synced {
	name: string;
	kind: WarehouseKind;
	branchId: string;
	ownerId: string | null;
	tradePointId: string | null;
	archived: boolean;
}

/** Quantities in rows are in the product's unit, exact to thousandths (as the API speaks). */
export interface StockLineRow {
	productId: string;
	qty: number;
	cost: number | null;
	/** A stocktake's: the balance when the line was counted. */
	expected?: number;
	/** The goods' marking codes, as scanned (domain/marking/state.ts). */
	marks?: string[];
}

export interface StockDocumentRow extends Synced {
	branchId: string;
	type: DocumentType;
	status: DocumentStatus;
	/** The server's number once posted; until then the device shows a provisional one. */
	number: string | null;
	warehouseId: string;
	toWarehouseId: string | null;
	counterpartyId: string | null;
	reason: string | null;
	comment: string | null;
	lines: StockLineRow[];
	authorId: string;
	createdAt: number;
	postedAt: number | null;
	cancelledAt: number | null;
}

/** `id` is `${warehouseId}:${productId}`. */
export interface BalanceRow extends Synced {
	warehouseId: string;
	productId: string;
	qty: number;
}

export interface ShortageRow extends Synced {
	branchId: string;
	warehouseId: string;
	productId: string;
	documentId: string;
	/** How far the posting took the balance below zero. */
	short: number;
	status: 'open' | 'resolved';
	resolution: 'stock_arrived' | 'manager' | null;
	note: string | null;
	createdAt: number;
	resolvedAt: number | null;
}

export interface PromotionRow extends Synced {
	name: string;
	active: boolean;
	/**
	 * The whole definition the engine reads (domain/sales/promotions.ts), parsed by kind where the
	 * row is read (the pull); null for a stored rule it cannot read (promotion.upsert never writes
	 * one), which applies to nothing.
	 */
	rule: PromotionRule | null;
}

/** A priced line as the engine gives it (quantity in thousandths). */
export interface StoredSaleLine {
	productId: string;
	milli: number;
	unitPrice: number;
	gross: number;
	discount: number;
	net: number;
	promotionId: string | null;
}

/** A sale's line as priced: money in minor units. */
export interface SaleLineRow {
	productId: string;
	qty: number;
	unitPrice: number;
	gross: number;
	discount: number;
	net: number;
	promotionId: string | null;
}

export interface ReceiptRow extends Synced {
	branchId: string;
	kind: 'sale' | 'return';
	returnOf: string | null;
	/** The server's number; null until the server has it (the device shows a provisional one). */
	number: string | null;
	warehouseId: string;
	tradePointId: string | null;
	counterpartyId: string | null;
	authorId: string;
	lines: SaleLineRow[];
	orderDiscount: number;
	subtotal: number;
	discount: number;
	total: number;
	paid: number;
	/** Cash handed back on a sale: what was received is the cash paid plus this. */
	change: number;
	applied: { promotionId: string; name: string; amount: number }[];
	soldAt: number;
	/** The cash register's answer (domain/fiscal/stamp.ts); absent until the till stamps it. */
	fiscal?: FiscalStamp | null;
}

export interface PaymentRow extends Synced {
	branchId: string;
	counterpartyId: string | null;
	receiptId: string | null;
	method: 'cash' | 'card' | 'transfer';
	amount: number;
	authorId: string;
	at: number;
}

/** `id` is the counterparty's id. */
export interface DebtRow extends Synced {
	amount: number;
}

export interface OrderRow extends Synced {
	branchId: string;
	number: string | null;
	status: 'new' | 'confirmed' | 'shipped' | 'delivered' | 'cancelled';
	tradePointId: string;
	counterpartyId: string | null;
	authorId: string;
	warehouseId: string | null;
	lines: SaleLineRow[];
	orderDiscount: number;
	subtotal: number;
	discount: number;
	total: number;
	applied: { promotionId: string; name: string; amount: number }[];
	comment: string | null;
	orderedAt: number;
	shippedAt: number | null;
	deliveredAt: number | null;
	cancelledAt: number | null;
}

export interface VisitRow extends Synced {
	branchId: string;
	tradePointId: string;
	authorId: string;
	checkInAt: number;
	lat: number | null;
	lng: number | null;
	accuracy: number | null;
	locationSource: 'gps' | 'manual' | null;
	/** Metres from the trade point (the server's figure once synced). */
	distance: number | null;
	flagged: boolean;
	checkOutAt: number | null;
	/** The rep's outcome, or `not_checked_out`: closed because the rep checked in elsewhere. */
	outcome: 'sale' | 'order' | 'payment' | 'no_sale' | 'not_checked_out' | null;
	reason: string | null;
	note: string | null;
}

export interface RouteRow extends Synced {
	branchId: string;
	repId: string;
	name: string;
	weekdays: number[];
	date: string | null;
	stops: string[];
	archived: boolean;
}

/** A manager's list of products for a channel or a trade point (domain/sales/assortment.ts). */
export interface AssortmentRow extends Synced {
	scope: 'channel' | 'tradePoint';
	channel: (typeof CHANNELS)[number] | null;
	tradePointId: string | null;
	/** `channel:<channel>` or `tradePoint:<id>`: one list each. */
	target: string;
	lines: { productId: string; mustSell: boolean }[];
}

/** A product of a day close: quantities in the product's unit. */
export interface DayCloseLineRow {
	productId: string;
	/** The van's balance when the rep sent the count. */
	expected: number;
	counted: number;
	reason: StockDifferenceReason | null;
}

/**
 * A van rep's day close: the count of the van and the cash, sent by the rep (`submitted`), and
 * the handover confirmed by a storekeeper or manager (`confirmed`), which records the stock
 * differences (`adjustmentId`, a stocktake of the van) and unloads it (`transferId`).
 */
export interface DayCloseRow extends Synced {
	branchId: string;
	warehouseId: string;
	repId: string;
	date: string;
	status: DayCloseStatus;
	lines: DayCloseLineRow[];
	/** Minor units. */
	cashExpected: number;
	cashCounted: number;
	cashReason: CashDifferenceReason | null;
	comment: string | null;
	submittedAt: number;
	toWarehouseId: string | null;
	transferId: string | null;
	adjustmentId: string | null;
	confirmedBy: string | null;
	confirmedAt: number | null;
	confirmComment: string | null;
}

/**
 * A rep's monthly targets (src/lib/domain/sales/targets.ts); null: no target for that figure.
 * One row per rep and month.
 */
export interface TargetRow extends Synced {
	branchId: string;
	repId: string;
	/** YYYY-MM, the organization's month. */
	month: string;
	/** Sold (sales less returns, plus orders) in minor units. */
	salesAmount: number | null;
	visits: number | null;
	/** Percent of visits with a sale or an order. */
	strikeRate: number | null;
	/** Percent of must-sell lines present. */
	mustSellCoverage: number | null;
}

/**
 * A marking code's state in the organization (domain/marking/state.ts). `id` is its label
 * (`01` GTIN-14 `21` serial), or `00` + SSCC for a transport package.
 */
export interface MarkRow extends Synced {
	productId: string;
	/** GTIN-14 from the code. */
	gtin: string;
	status: 'received' | 'sold' | 'returned';
	/** Where it is (received, returned) or was sold from. */
	warehouseId: string | null;
	/** The document that last moved it: a stock document, a sale, a return. */
	documentId: string | null;
	/** `YYYY-MM-DD` from (17), when the code carries one. */
	expiry: string | null;
	/** The group or transport code it is packed in, when known. */
	parentId: string | null;
}

/** A manager's task template (domain/field/tasks.ts): the rules' own shape, as synced. */
export interface TaskTemplateRow extends Synced, TemplateRef {}

/** A rep's submitted task at a visit: the answers, product rows and the photos they name. */
export interface VisitTaskRow extends Synced {
	branchId: string;
	visitId: string;
	templateId: string;
	tradePointId: string;
	authorId: string;
	answers: Record<string, AnswerValue>;
	products: ProductRowAnswer[];
	photoIds: string[];
	/** The task's score, 0–100 (taskScore), and its template's weight when submitted. */
	score: number;
	weight: number;
	submittedAt: number;
}

export interface RowOf {
	categories: CategoryRow;
	products: ProductRow;
	priceLists: PriceListRow;
	prices: PriceRow;
	counterparties: CounterpartyRow;
	tradePoints: TradePointRow;
	warehouses: WarehouseRow;
	stockDocuments: StockDocumentRow;
	balances: BalanceRow;
	shortages: ShortageRow;
	promotions: PromotionRow;
	receipts: ReceiptRow;
	payments: PaymentRow;
	debts: DebtRow;
	orders: OrderRow;
	visits: VisitRow;
	routes: RouteRow;
	assortments: AssortmentRow;
	dayCloses: DayCloseRow;
	targets: TargetRow;
	marks: MarkRow;
	taskTemplates: TaskTemplateRow;
	visitTasks: VisitTaskRow;
}

/** A change in a pull page: a row put, or a tombstone (deleted, or moved out of the caller's scope). */
export type Change =
	| { [T in SyncedTable]: { table: T; op: 'put'; row: RowOf[T] } }[SyncedTable]
	| { table: SyncedTable; op: 'delete'; id: string; version: number };

export const priceRowId = (priceListId: string, productId: string) => `${priceListId}:${productId}`;

export const balanceRowId = (warehouseId: string, productId: string) =>
	`${warehouseId}:${productId}`;
