/**
 * What a device prices a sale with: its products, price lists, prices and active promotions,
 * read live from IndexedDB, in the shape the shared engine takes (domain/sales/sale.ts). The
 * server prices the same sale with its own copy; its receipt replaces the device's.
 */
import { liveQuery } from 'dexie';
import { activePromotions, type SaleCatalog } from '../domain/sales/sale';
import { db } from './sync/db';

export function liveSaleCatalog() {
	return liveQuery(async (): Promise<SaleCatalog> => {
		const [products, priceLists, prices, promotions] = await Promise.all([
			db.products.toArray(),
			db.priceLists.toArray(),
			db.prices.toArray(),
			db.promotions.toArray()
		]);
		return {
			products: new Map(products.map((p) => [p.id, { unit: p.unit, categoryId: p.categoryId }])),
			priceLists,
			prices,
			promotions: activePromotions(promotions)
		};
	});
}
