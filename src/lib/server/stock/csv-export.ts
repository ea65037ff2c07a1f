/**
 * Stock as CSV for spreadsheets and accountants: balances, and documents one line per row.
 * Callers pass only the warehouses the reader may see (visible-warehouses.ts).
 */
import { and, asc, eq, gte, inArray, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import { toCsv } from '../../domain/csv';
import { AppError, fieldError } from '../../domain/errors';
import type { DocumentType } from '../../domain/inventory/ledger';
import { fromMilli } from '../../domain/inventory/quantity';
import { currencyDigits, minorToInput } from '../../domain/money';
import type { AuthContext } from '../auth/session';
import type { Db } from '../db/client';
import {
	categories,
	priceLists,
	prices,
	products,
	stockBalances,
	stockDocuments,
	warehouses
} from '../db/schema';
import { inOrg } from '../scope';

type WarehouseRow = typeof warehouses.$inferSelect;

/** SQLite binds at most 32,766 values per statement. */
const CHUNK = 500;
/** The most documents one export holds; past it, a narrower date range is asked for. */
export const MAX_EXPORT_DOCUMENTS = 20_000;

async function productsById(db: Db, auth: AuthContext, ids: string[]) {
	const out = new Map<string, { sku: string; name: string; unit: string }>();
	for (let i = 0; i < ids.length; i += CHUNK) {
		const rows = await db
			.select({ id: products.id, sku: products.sku, name: products.name, unit: products.unit })
			.from(products)
			.where(inOrg(auth, products, inArray(products.id, ids.slice(i, i + CHUNK))));
		for (const r of rows) out.set(r.id, r);
	}
	return out;
}

/** One row per warehouse and product with stock other than zero, by warehouse then SKU. */
export async function balancesCsv(
	db: Db,
	auth: AuthContext,
	seen: WarehouseRow[]
): Promise<string> {
	const name = new Map(seen.map((w) => [w.id, w.name]));
	const balances: { warehouseId: string; productId: string; milli: number }[] = [];
	const ids = [...name.keys()];
	for (let i = 0; i < ids.length; i += CHUNK) {
		balances.push(
			...(await db
				.select({
					warehouseId: stockBalances.warehouseId,
					productId: stockBalances.productId,
					milli: stockBalances.milli
				})
				.from(stockBalances)
				.where(
					inOrg(
						auth,
						stockBalances,
						inArray(stockBalances.warehouseId, ids.slice(i, i + CHUNK)),
						ne(stockBalances.milli, 0)
					)
				))
		);
	}
	const product = await productsById(db, auth, [...new Set(balances.map((b) => b.productId))]);
	const rows = balances.map((b) => {
		const p = product.get(b.productId);
		return [
			p?.sku ?? '',
			p?.name ?? '',
			p?.unit ?? '',
			name.get(b.warehouseId)!,
			fromMilli(b.milli)
		];
	});
	rows.sort(
		(a, b) => String(a[3]).localeCompare(String(b[3])) || String(a[0]).localeCompare(String(b[0]))
	);
	return toCsv(['sku', 'name', 'unit', 'warehouse', 'qty'], rows);
}

/**
 * The catalog in the import's own format (csv-import.ts), so an exported file edited in a
 * spreadsheet imports back: one row per product by SKU, the default list's price, the tax fields.
 * No qty column: opening stock is not the catalog's.
 */
export async function productsCsv(db: Db, auth: AuthContext, currency: string): Promise<string> {
	const digits = currencyDigits(currency);
	const [rows, cats, lists] = await Promise.all([
		db.select().from(products).where(inOrg(auth, products)).orderBy(asc(products.sku)),
		db
			.select({ id: categories.id, name: categories.name })
			.from(categories)
			.where(inOrg(auth, categories)),
		db
			.select({ id: priceLists.id })
			.from(priceLists)
			.where(inOrg(auth, priceLists, eq(priceLists.isDefault, true)))
	]);
	const category = new Map(cats.map((c) => [c.id, c.name]));
	const price = new Map<string, number>();
	if (lists[0]) {
		const listed = await db
			.select({ productId: prices.productId, price: prices.price })
			.from(prices)
			.where(inOrg(auth, prices, eq(prices.priceListId, lists[0].id)));
		for (const p of listed) price.set(p.productId, p.price);
	}
	return toCsv(
		[
			'sku',
			'name',
			'unit',
			'barcodes',
			'category',
			'price',
			'ikpu',
			'package_code',
			'vat',
			'gtin',
			'marking'
		],
		rows.map((p) => {
			const minor = price.get(p.id);
			return [
				p.sku,
				p.name,
				p.unit,
				p.barcodes.join(' '),
				(p.categoryId && category.get(p.categoryId)) || '',
				minor === undefined ? '' : minorToInput(minor, digits),
				p.ikpu ?? '',
				p.packageCode ?? '',
				p.vatRate ?? '',
				p.gtin ?? '',
				p.marking ?? ''
			];
		})
	);
}

export interface DocumentFilters {
	/** Epoch ms, inclusive, on the date a document was posted (a draft: created). */
	from?: number;
	to?: number;
	type?: DocumentType;
}

/** `2025-01-31 14:05:00` in the organization's time zone: what a spreadsheet sorts and reads. */
function localTime(at: number, timeZone: string): string {
	return new Intl.DateTimeFormat('sv-SE', {
		timeZone,
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit'
	}).format(at);
}

/**
 * One row per document line, of the documents that touch a warehouse in `seen` (either side of
 * a transfer), oldest first. Cost is in currency units.
 */
export async function documentsCsv(
	db: Db,
	auth: AuthContext,
	seen: WarehouseRow[],
	filters: DocumentFilters
): Promise<string> {
	const ids = seen.map((w) => w.id);
	const date = sql<number>`coalesce(${stockDocuments.postedAt}, ${stockDocuments.createdAt})`;
	const conditions: (SQL | undefined)[] = [
		ids.length
			? or(inArray(stockDocuments.warehouseId, ids), inArray(stockDocuments.toWarehouseId, ids))
			: sql`0`,
		filters.from !== undefined ? gte(date, filters.from) : undefined,
		filters.to !== undefined ? lte(date, filters.to) : undefined,
		filters.type ? eq(stockDocuments.type, filters.type) : undefined
	];
	const docs = await db
		.select()
		.from(stockDocuments)
		.where(inOrg(auth, stockDocuments, and(...conditions)))
		.orderBy(asc(date), asc(stockDocuments.id))
		.limit(MAX_EXPORT_DOCUMENTS + 1);
	if (docs.length > MAX_EXPORT_DOCUMENTS) {
		throw new AppError(
			'validation',
			`More than ${MAX_EXPORT_DOCUMENTS} documents: choose a shorter period.`,
			{
				from: fieldError('too_big', 'Too many documents', { max: MAX_EXPORT_DOCUMENTS })
			}
		);
	}
	// A transfer's other side may be a warehouse the reader cannot see; its name is still shown
	// on the document they can, as the documents screen does.
	const names = new Map(
		(
			await db
				.select({ id: warehouses.id, name: warehouses.name })
				.from(warehouses)
				.where(inOrg(auth, warehouses))
		).map((w) => [w.id, w.name])
	);
	const product = await productsById(db, auth, [
		...new Set(docs.flatMap((d) => d.lines.map((l) => l.productId)))
	]);
	const timeZone = auth.organization?.timezone ?? 'UTC';
	const digits = currencyDigits(auth.organization?.currency ?? 'UZS');
	const rows = docs.flatMap((d) =>
		d.lines.map((l) => {
			const p = product.get(l.productId);
			return [
				d.number ?? '',
				d.type,
				d.status,
				localTime(d.postedAt ?? d.createdAt, timeZone),
				names.get(d.warehouseId) ?? '',
				d.toWarehouseId ? (names.get(d.toWarehouseId) ?? '') : '',
				p?.sku ?? '',
				p?.name ?? '',
				fromMilli(l.milli),
				l.cost === null ? '' : minorToInput(l.cost, digits)
			];
		})
	);
	return toCsv(
		['number', 'type', 'status', 'date', 'warehouse', 'to_warehouse', 'sku', 'name', 'qty', 'cost'],
		rows
	);
}
