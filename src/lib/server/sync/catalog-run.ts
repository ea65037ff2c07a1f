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
import { and, eq, inArray, or, sql } from 'drizzle-orm';
import type { PushResult, PushedMutation } from '../../domain/sync/protocol';
import type { ArgsOf } from '../../domain/sync/registry';
import { priceRowId } from '../../domain/sync/rows';
import { prices, products } from '../db/schema';
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
	// Every product of the run as it stands, by id or by SKU: another organization's id, or a
	// SKU held by another product, is for the one-by-one path to refuse.
	const existing = productArgs.length
		? await tx
				.select()
				.from(products)
				.where(
					or(
						inArray(
							products.id,
							productArgs.map((a) => a.id)
						),
						and(
							eq(products.organizationId, organizationId),
							inArray(
								products.sku,
								productArgs.map((a) => a.sku)
							)
						)
					)
				)
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
	if (productRows.length) {
		await tx
			.insert(products)
			.values(productRows)
			.onConflictDoUpdate({
				target: products.id,
				set: {
					sku: sql`excluded.sku`,
					name: sql`excluded.name`,
					unit: sql`excluded.unit`,
					barcodes: sql`excluded.barcodes`,
					categoryId: sql`excluded.category_id`,
					active: sql`excluded.active`,
					version: sql`excluded.version`,
					updatedAt: sql`excluded.updated_at`
				}
			});
	}
	if (priceRows.length) {
		await tx
			.insert(prices)
			.values(priceRows)
			.onConflictDoUpdate({
				target: [prices.priceListId, prices.productId],
				set: {
					price: sql`excluded.price`,
					version: sql`excluded.version`,
					updatedAt: sql`excluded.updated_at`
				}
			});
	}
	await tx.run(sql`INSERT INTO applied_mutations
		(organization_id, id, name, args_hash, result, user_id, client_id, device_created_at, applied_at, version)
		VALUES ${sql.join(
			run.map(
				(r, i) =>
					sql`(${organizationId}, ${r.m.id}, ${r.m.name}, ${r.hash}, ${JSON.stringify(
						recorded[i]!.result
					)}, ${userId}, ${clientId}, ${r.m.createdAt}, ${now}, ${first + i})`
			),
			sql`, `
		)}`);
	return { results, recorded };
}
