import { priceRowId } from '../../../domain/sync/rows';
import type { ArgsOf } from '../../../domain/sync/registry';
import type { LocalWriter } from './writer';

/** Local effects of catalog mutations; the server's versions replace these rows when pulled. */
export const catalogMutators = {
	async 'category.upsert'(w: LocalWriter, a: ArgsOf<'category.upsert'>) {
		const old = await w.get('categories', a.id);
		await w.put('categories', {
			id: a.id,
			version: old?.version ?? 0,
			updatedAt: w.context.now,
			name: a.name,
			parentId: a.parentId ?? null
		});
	},

	async 'product.upsert'(w: LocalWriter, a: ArgsOf<'product.upsert'>) {
		const old = await w.get('products', a.id);
		await w.put('products', {
			id: a.id,
			version: old?.version ?? 0,
			updatedAt: w.context.now,
			sku: a.sku,
			name: a.name,
			unit: a.unit,
			barcodes: a.barcodes ?? old?.barcodes ?? [],
			categoryId: a.categoryId === undefined ? (old?.categoryId ?? null) : a.categoryId,
			active: a.active ?? old?.active ?? true
		});
	},

	async 'priceList.upsert'(w: LocalWriter, a: ArgsOf<'priceList.upsert'>) {
		const old = await w.get('priceLists', a.id);
		await w.put('priceLists', {
			id: a.id,
			version: old?.version ?? 0,
			updatedAt: w.context.now,
			name: a.name,
			isDefault: old?.isDefault ?? false,
			channels: a.channels ?? old?.channels ?? [],
			counterpartyIds: a.counterpartyIds ?? old?.counterpartyIds ?? []
		});
	},

	async 'price.set'(w: LocalWriter, a: ArgsOf<'price.set'>) {
		const priceListId = a.priceListId ?? (await w.defaultPriceListId());
		if (!priceListId) return; // The list arrives with the first pull; the server decides.
		const id = priceRowId(priceListId, a.productId);
		if (a.price === null) return w.delete('prices', id);
		const old = await w.get('prices', id);
		await w.put('prices', {
			id,
			version: old?.version ?? 0,
			updatedAt: w.context.now,
			priceListId,
			productId: a.productId,
			price: a.price
		});
	}
};
