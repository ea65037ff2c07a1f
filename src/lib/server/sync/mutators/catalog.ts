/**
 * Server side of the catalog mutations. The server decides: it takes the organization, the
 * user and the time from the session, never from the device, and an id owned by another
 * organization answers exactly like a missing one.
 */
import { and, eq, inArray, or } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { AppError, fieldError } from '../../../domain/errors';
import type { ArgsOf } from '../../../domain/sync/registry';
import { priceRowId } from '../../../domain/sync/rows';
import {
	categories,
	counterparties,
	priceLists,
	prices,
	products,
	tombstones
} from '../../db/schema';
import type { MutationContext, Tx } from '../context';
import { rawStatements } from '../../db/raw';
import { assertInOrg, assertOwnable, ownable } from './ownership';

/** The organization's default price list, created on first need. */
export async function defaultPriceList(
	tx: Tx,
	organizationId: string,
	version: () => Promise<number>,
	facts?: Map<string, string>
): Promise<string> {
	const known = facts?.get(DEFAULT_PRICE_LIST);
	if (known) return known;
	// Raw (db/raw.ts): asked once per pushed batch of prices.
	const { rows } = await rawStatements(tx).execute({
		sql: 'SELECT id FROM price_lists WHERE organization_id = ? AND is_default = 1 LIMIT 1',
		args: [organizationId]
	});
	if (rows[0]) {
		const id = String(rows[0].id);
		// Found, not created here: it outlives this mutation's savepoint, and no mutator
		// removes a price list.
		facts?.set(DEFAULT_PRICE_LIST, id);
		return id;
	}
	const id = uuidv7();
	await tx.insert(priceLists).values({
		id,
		organizationId,
		name: 'Base',
		isDefault: true,
		version: await version(),
		updatedAt: Date.now()
	});
	return id;
}

const DEFAULT_PRICE_LIST = 'defaultPriceList';

/** A product's stored fields from its upsert: what the args leave out stays as it was. */
export function productRow(
	a: ArgsOf<'product.upsert'>,
	existing: Pick<typeof products.$inferSelect, 'barcodes' | 'categoryId' | 'active'> | undefined,
	version: number,
	now: number
) {
	return {
		sku: a.sku,
		name: a.name,
		unit: a.unit,
		barcodes: a.barcodes ?? existing?.barcodes ?? [],
		categoryId: a.categoryId === undefined ? (existing?.categoryId ?? null) : a.categoryId,
		active: a.active ?? existing?.active ?? true,
		version,
		updatedAt: now
	};
}

export const catalogMutators = {
	async 'category.upsert'(m: MutationContext, a: ArgsOf<'category.upsert'>) {
		await assertOwnable(m, categories, a.id, 'category');
		if (a.parentId) {
			if (a.parentId === a.id) {
				throw new AppError('validation', 'A category cannot be its own parent.', {
					parentId: fieldError('invalid', 'Cannot be itself')
				});
			}
			await assertInOrg(m, categories, a.parentId, 'parentId');
		}
		const row = {
			name: a.name,
			parentId: a.parentId ?? null,
			version: await m.version(),
			updatedAt: m.now
		};
		await m.tx
			.insert(categories)
			.values({ id: a.id, organizationId: m.organizationId, ...row })
			.onConflictDoUpdate({ target: categories.id, set: row });
		return { id: a.id, version: row.version };
	},

	async 'product.upsert'(m: MutationContext, a: ArgsOf<'product.upsert'>) {
		// One read for both the row with this id and another with this SKU: this runs for every
		// product a device pushes (profiled with bench/sync-push.ts).
		const found = await m.tx
			.select()
			.from(products)
			.where(
				or(
					eq(products.id, a.id),
					and(eq(products.organizationId, m.organizationId), eq(products.sku, a.sku))
				)
			);
		const existing = ownable(
			m,
			found.find((p) => p.id === a.id),
			'product'
		);
		if (a.categoryId) await assertInOrg(m, categories, a.categoryId, 'categoryId');
		if (found.some((p) => p.id !== a.id)) {
			throw new AppError('conflict', `Another product has SKU ${a.sku}.`, {
				sku: fieldError('taken', 'Already in use')
			});
		}
		const row = productRow(a, existing, await m.version(), m.now);
		await m.tx
			.insert(products)
			.values({ id: a.id, organizationId: m.organizationId, ...row })
			.onConflictDoUpdate({ target: products.id, set: row });
		return { id: a.id, version: row.version };
	},

	async 'priceList.upsert'(m: MutationContext, a: ArgsOf<'priceList.upsert'>) {
		const existing = await assertOwnable(m, priceLists, a.id, 'price list');
		const channels = a.channels ?? existing?.channels ?? [];
		const counterpartyIds = a.counterpartyIds ?? existing?.counterpartyIds ?? [];
		if (existing?.isDefault && (channels.length || counterpartyIds.length)) {
			throw new AppError(
				'validation',
				'The default list prices for everyone; give channels and customers to another list.',
				{
					[a.channels?.length ? 'channels' : 'counterpartyIds']: fieldError(
						'not_allowed',
						'Not on the default list'
					)
				}
			);
		}
		if (counterpartyIds.length) {
			const found = await m.tx
				.select({ id: counterparties.id })
				.from(counterparties)
				.where(
					and(
						eq(counterparties.organizationId, m.organizationId),
						inArray(counterparties.id, counterpartyIds)
					)
				);
			const known = new Set(found.map((c) => c.id));
			const missing = counterpartyIds.findIndex((id) => !known.has(id));
			if (missing >= 0) {
				throw new AppError('not_found', 'No such customer.', {
					[`counterpartyIds.${missing}`]: fieldError('not_found', 'Not found')
				});
			}
		}
		const version = await m.version();
		const row = { name: a.name, channels, counterpartyIds, version, updatedAt: m.now };
		await m.tx
			.insert(priceLists)
			.values({ id: a.id, organizationId: m.organizationId, isDefault: false, ...row })
			.onConflictDoUpdate({ target: priceLists.id, set: row });
		return { id: a.id, version };
	},

	async 'price.set'(m: MutationContext, a: ArgsOf<'price.set'>) {
		await assertInOrg(m, products, a.productId, 'productId');
		const priceListId = a.priceListId
			? (await assertInOrg(m, priceLists, a.priceListId, 'priceListId')).id
			: await defaultPriceList(m.tx, m.organizationId, () => m.version(), m.facts);
		const where = and(eq(prices.priceListId, priceListId), eq(prices.productId, a.productId));
		const id = priceRowId(priceListId, a.productId);
		const version = await m.version();
		if (a.price === null) {
			const removed = await m.tx.delete(prices).where(where).returning();
			if (removed.length) {
				await m.tx.insert(tombstones).values({
					organizationId: m.organizationId,
					tableName: 'prices',
					rowId: id,
					branchId: null,
					version
				});
			}
			return { id, version, price: null };
		}
		await m.tx
			.insert(prices)
			.values({
				organizationId: m.organizationId,
				priceListId,
				productId: a.productId,
				price: a.price,
				version,
				updatedAt: m.now
			})
			.onConflictDoUpdate({
				target: [prices.priceListId, prices.productId],
				set: { price: a.price, version, updatedAt: m.now }
			});
		return { id, version, price: a.price };
	}
};
