/**
 * A batch's run of plain catalog writes — products and their default prices, as a device or an
 * import sends them by the hundred — applied with a handful of statements for the whole run
 * instead of six per mutation (bench/sync-push.ts measured the statements as the push's cost).
 *
 * It gives exactly what one-by-one would: the same rows, versions in order, results and
 * idempotency records. Anything it does not handle plainly (a category to check, a price to
 * remove or on another list, an id or SKU that clashes, a repeat) makes it answer `null`, and
 * the caller applies the run one by one. It runs in a savepoint, so a `null` or a throw leaves
 * nothing behind.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { PushResult, PushedMutation } from '../../domain/sync/protocol';
import type { ArgsOf } from '../../domain/sync/registry';
import { priceRowId } from '../../domain/sync/rows';
import { listPlaceholders, rawStatements, valuesPlaceholders } from '../db/raw';
import { products } from '../db/schema';
import type { Tx } from './context';
import { defaultPriceList, productRow } from './mutators/catalog';

export const RUN_MUTATIONS = new Set(['product.upsert', 'price.set']);

export interface RunItem {
	m: PushedMutation;
	args: unknown;
	hash: string;
}

/** Takes `n` consecutive versions at once; answers the first. */
async function takeVersions(tx: Tx, organizationId: string, n: number): Promise<number> {
	const rows = await tx.all<{ version: number }>(
		sql`INSERT INTO sync_versions (organization_id, version) VALUES (${organizationId}, ${n})
			ON CONFLICT (organization_id) DO UPDATE SET version = version + ${n}
			RETURNING version`
	);
	return Number(rows[0]!.version) - n + 1;
}

export async function applyCatalogRun(
	tx: Tx,
	organizationId: string,
	userId: string,
	clientId: string,
	run: RunItem[],
	facts: Map<string, string>
): Promise<{
	results: PushResult[];
	recorded: { id: string; hash: string; result: unknown }[];
} | null> {
	const productArgs = run
		.filter((r) => r.m.name === 'product.upsert')
		.map((r) => r.args as ArgsOf<'product.upsert'>);
	const priceArgs = run
		.filter((r) => r.m.name === 'price.set')
		.map((r) => r.args as ArgsOf<'price.set'>);
	if (productArgs.some((a) => a.categoryId)) return null;
	if (priceArgs.some((a) => a.price === null || a.priceListId)) return null;
	const distinct = (xs: string[]) => new Set(xs).size === xs.length;
	if (!distinct(productArgs.map((a) => a.id)) || !distinct(productArgs.map((a) => a.sku)))
		return null;
	if (!distinct(priceArgs.map((a) => a.productId))) return null;

	const now = Date.now();
	const raw = rawStatements(tx);
	// Every product of the run as it stands, by id or by SKU: another organization's id, or a
	// SKU held by another product, is for the one-by-one path to refuse.
	const existing = productArgs.length
		? (
				await raw.execute({
					sql: `SELECT id, organization_id, sku, barcodes, category_id, active FROM products
						WHERE id IN (${listPlaceholders(productArgs.length)})
						OR (organization_id = ? AND sku IN (${listPlaceholders(productArgs.length)}))`,
					args: [...productArgs.map((a) => a.id), organizationId, ...productArgs.map((a) => a.sku)]
				})
			).rows.map((r) => ({
				id: String(r.id),
				organizationId: String(r.organization_id),
				sku: String(r.sku),
				barcodes: JSON.parse(String(r.barcodes)) as string[],
				categoryId: r.category_id === null ? null : String(r.category_id),
				active: Number(r.active) === 1
			}))
		: [];
	const byId = new Map(existing.map((p) => [p.id, p]));
	for (const a of productArgs) {
		const row = byId.get(a.id);
		if (row && row.organizationId !== organizationId) return null;
		if (existing.some((p) => p.sku === a.sku && p.id !== a.id)) return null;
	}
	// A price needs its product: made earlier in this run, or already the organization's.
	const madeBefore = new Set<string>();
	const needed: string[] = [];
	for (const r of run) {
		if (r.m.name === 'product.upsert') madeBefore.add((r.args as ArgsOf<'product.upsert'>).id);
		else {
			const id = (r.args as ArgsOf<'price.set'>).productId;
			if (!madeBefore.has(id)) needed.push(id);
		}
	}
	if (needed.length) {
		const found = await tx
			.select({ id: products.id })
			.from(products)
			.where(and(eq(products.organizationId, organizationId), inArray(products.id, needed)));
		if (found.length !== new Set(needed).size) return null;
	}
	const first = await takeVersions(tx, organizationId, run.length);
	const listId = priceArgs.length
		? await defaultPriceList(tx, organizationId, () => takeVersions(tx, organizationId, 1), facts)
		: '';

	const productRows = [];
	const priceRows = [];
	const results: PushResult[] = [];
	const recorded: { id: string; hash: string; result: unknown }[] = [];
	for (const [i, r] of run.entries()) {
		const version = first + i;
		let result: { id: string; version: number; price?: number | null };
		if (r.m.name === 'product.upsert') {
			const a = r.args as ArgsOf<'product.upsert'>;
			productRows.push({
				id: a.id,
				organizationId,
				...productRow(a, byId.get(a.id), version, now)
			});
			result = { id: a.id, version };
		} else {
			const a = r.args as ArgsOf<'price.set'>;
			priceRows.push({
				organizationId,
				priceListId: listId,
				productId: a.productId,
				price: a.price!,
				version,
				updatedAt: now
			});
			result = { id: priceRowId(listId, a.productId), version, price: a.price };
		}
		results.push({ id: r.m.id, status: 'applied', result });
		recorded.push({ id: r.m.id, hash: r.hash, result });
	}
	// Raw statements (see db/raw.ts): drizzle's builder cost as much as these inserts.
	if (productRows.length) {
		await raw.execute({
			sql: `INSERT INTO products
				(id, organization_id, sku, name, unit, barcodes, category_id, active, version, updated_at)
				VALUES ${valuesPlaceholders(productRows.length, 10)}
				ON CONFLICT (id) DO UPDATE SET sku = excluded.sku, name = excluded.name,
					unit = excluded.unit, barcodes = excluded.barcodes, category_id = excluded.category_id,
					active = excluded.active, version = excluded.version, updated_at = excluded.updated_at`,
			args: productRows.flatMap((p) => [
				p.id,
				organizationId,
				p.sku,
				p.name,
				p.unit,
				JSON.stringify(p.barcodes),
				p.categoryId,
				p.active ? 1 : 0,
				p.version,
				p.updatedAt
			])
		});
	}
	if (priceRows.length) {
		await raw.execute({
			sql: `INSERT INTO prices (organization_id, price_list_id, product_id, price, version, updated_at)
				VALUES ${valuesPlaceholders(priceRows.length, 6)}
				ON CONFLICT (price_list_id, product_id) DO UPDATE SET price = excluded.price,
					version = excluded.version, updated_at = excluded.updated_at`,
			args: priceRows.flatMap((p) => [organizationId, listId, p.productId, p.price, p.version, now])
		});
	}
	await raw.execute({
		sql: `INSERT INTO applied_mutations (organization_id, id, name, args_hash, result, user_id,
				client_id, device_created_at, applied_at, version)
			VALUES ${valuesPlaceholders(run.length, 10)}`,
		args: run.flatMap((r, i) => [
			organizationId,
			r.m.id,
			r.m.name,
			r.hash,
			JSON.stringify(recorded[i]!.result),
			userId,
			clientId,
			r.m.createdAt,
			now,
			first + i
		])
	});
	return { results, recorded };
}
