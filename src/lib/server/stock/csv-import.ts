/**
 * Applies a products-and-opening-balances CSV (parsed by src/lib/domain/inventory/csv-import.ts):
 * all rows or none, in one transaction. Every write is a sync mutation (`category.upsert`,
 * `product.upsert`, `price.set`, `document.save`, `document.post`), its args checked by the
 * registry's schemas and applied as sync applies it, so an import obeys exactly the rules a
 * device's mutation does.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { ImportSummary, ParsedImport } from '../../domain/inventory/csv-import';
import { MAX_DOCUMENT_LINES } from '../../domain/inventory/schemas';
import { fromMilli } from '../../domain/inventory/quantity';
import { MUTATIONS, type MutationName } from '../../domain/sync/registry';
import type { z } from 'zod';
import type { AuthContext } from '../auth/session';
import { recordAudit } from '../audit';
import type { Db, Tx } from '../db/client';
import { categories, products, warehouses } from '../db/schema';
import { applyInTransaction } from '../sync/planner';

type WarehouseRow = typeof warehouses.$inferSelect;

interface Plan {
	summary: ImportSummary;
	/** Product id by SKU, for those that exist. */
	existing: Map<string, string>;
	/** Category id by lower-cased name. */
	categoryIds: Map<string, string>;
}

/** SQLite binds at most 32,766 values per statement. */
const CHUNK = 500;

const categoryKey = (name: string) => name.trim().toLocaleLowerCase();

/** Reads what the file's rows meet in the database: which SKUs exist, which categories. */
async function plan(
	db: Db | Tx,
	organizationId: string,
	parsed: ParsedImport,
	warehouse: WarehouseRow | null
): Promise<Plan> {
	const good = parsed.rows.flatMap((r) => (r.product ? [r.product] : []));
	const skus = good.map((p) => p.sku);
	const existing = new Map<string, string>();
	for (let i = 0; i < skus.length; i += CHUNK) {
		const rows = await db
			.select({ id: products.id, sku: products.sku })
			.from(products)
			.where(
				and(
					eq(products.organizationId, organizationId),
					inArray(products.sku, skus.slice(i, i + CHUNK))
				)
			);
		for (const r of rows) existing.set(r.sku, r.id);
	}
	const categoryIds = new Map<string, string>();
	// Ids are UUIDv7: in id order the oldest of two same-named categories wins, every time.
	const known = await db
		.select({ id: categories.id, name: categories.name })
		.from(categories)
		.where(eq(categories.organizationId, organizationId))
		.orderBy(categories.id);
	for (const c of known)
		if (!categoryIds.has(categoryKey(c.name))) categoryIds.set(categoryKey(c.name), c.id);
	const newCategories = new Set(
		good.flatMap((p) =>
			p.category && !categoryIds.has(categoryKey(p.category)) ? [categoryKey(p.category)] : []
		)
	);

	const errors = [...parsed.problems];
	const stocked = parsed.rows.filter((r) => r.product?.milli);
	if (stocked.length && !warehouse) {
		errors.unshift({
			row: 0,
			field: 'warehouseId',
			code: 'warehouse_required',
			message: `${stocked.length} rows have a qty: choose the warehouse for the opening balances.`,
			params: { count: stocked.length }
		});
	}
	return {
		summary: {
			rows: parsed.rows.length,
			creates: good.filter((p) => !existing.has(p.sku)).length,
			updates: good.filter((p) => existing.has(p.sku)).length,
			categories: newCategories.size,
			balances: stocked.length,
			errors
		},
		existing,
		categoryIds
	};
}

type Step = {
	[N in MutationName]: { name: N; args: z.input<(typeof MUTATIONS)[N]['args']> };
}[MutationName];

/** What the file would do, writing nothing. */
export async function previewImport(
	db: Db,
	organizationId: string,
	parsed: ParsedImport,
	warehouse: WarehouseRow | null
): Promise<ImportSummary> {
	return (await plan(db, organizationId, parsed, warehouse)).summary;
}

export interface ImportResult extends ImportSummary {
	/** The posted opening-balance receipts (more than one past MAX_DOCUMENT_LINES lines). */
	documents: { id: string; number: string }[];
}

/**
 * Imports the file in one transaction, or writes nothing when any row has a problem (the
 * answer then carries them all). Opening quantities become posted receipts into `warehouse`:
 * they add to what is there, as every receipt does.
 */
export async function applyImport(
	db: Db,
	auth: AuthContext,
	organizationId: string,
	parsed: ParsedImport,
	warehouse: WarehouseRow | null,
	from: { ip?: string | null; userAgent?: string | null; requestId?: string | null }
): Promise<ImportResult> {
	return db.transaction(async (tx) => {
		// Planned inside the transaction, so the SKUs it matched are the ones it writes.
		const p = await plan(tx, organizationId, parsed, warehouse);
		if (p.summary.errors.length) return { ...p.summary, documents: [] };
		// Each product takes its own version, as a mutation from a device would, so pulls of a
		// large import page by product instead of arriving as one 5,000-row version.
		const steps: Step[] = [];
		for (const r of parsed.rows) {
			const name = r.product?.category;
			if (!name || p.categoryIds.has(categoryKey(name))) continue;
			const id = uuidv7();
			steps.push({ name: 'category.upsert', args: { id, name } });
			p.categoryIds.set(categoryKey(name), id);
		}

		const lines: { productId: string; qty: number }[] = [];
		for (const { product } of parsed.rows) {
			if (!product) continue;
			const id = p.existing.get(product.sku) ?? uuidv7();
			steps.push({
				name: 'product.upsert',
				args: {
					id,
					sku: product.sku,
					name: product.name,
					unit: product.unit,
					barcodes: product.barcodes,
					categoryId: product.category
						? p.categoryIds.get(categoryKey(product.category))
						: undefined,
					ikpu: product.ikpu,
					packageCode: product.packageCode,
					vatRate: product.vatRate,
					gtin: product.gtin,
					marking: product.marking
				}
			});
			if (product.price !== undefined)
				steps.push({ name: 'price.set', args: { productId: id, price: product.price } });
			if (product.milli) lines.push({ productId: id, qty: fromMilli(product.milli) });
		}

		const receipts: { id: string; post: number }[] = [];
		for (let i = 0; warehouse && i < lines.length; i += MAX_DOCUMENT_LINES) {
			const id = uuidv7();
			const part = lines.length > MAX_DOCUMENT_LINES ? ` ${i / MAX_DOCUMENT_LINES + 1}` : '';
			steps.push({
				name: 'document.save',
				args: {
					id,
					type: 'receipt',
					warehouseId: warehouse.id,
					comment: `Opening balances (import)${part}`,
					lines: lines.slice(i, i + MAX_DOCUMENT_LINES)
				}
			});
			receipts.push({ id, post: steps.push({ name: 'document.post', args: { id } }) - 1 });
		}
		// As sync applies them: planned together, in the import's transaction (a refusal throws).
		const results = await applyInTransaction(tx, auth, organizationId, steps);
		const documents: ImportResult['documents'] = receipts.map((r) => ({
			id: r.id,
			number: (results[r.post] as { number: string }).number
		}));

		const { rows, creates, updates, categories: newCategories, balances } = p.summary;
		await recordAudit(
			tx,
			{
				action: 'stock.imported',
				organizationId,
				entity: warehouse ? 'warehouse' : undefined,
				entityId: warehouse?.id,
				after: {
					rows,
					creates,
					updates,
					categories: newCategories,
					balances,
					documents: documents.map((d) => d.number)
				}
			},
			{ ...from, actorId: auth.userId, actorName: auth.name }
		);
		return { ...p.summary, documents };
	});
}
