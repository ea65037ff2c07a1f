/**
 * The demo organization's catalog, customers and trade points, written through the same
 * mutations a device would push, so demo data obeys every rule real data does.
 */
import { uuidv7 } from 'uuidv7';
import type { AuthContext } from './auth/session';
import type { Db } from './db/client';
import { applyMutation } from './sync/push';

const CATEGORIES = ['Beverages', 'Groceries', 'Household'] as const;

const PRODUCTS: [string, string, 'pcs' | 'kg' | 'l' | 'box', number, number][] = [
	// name, sku, unit, price in tiyin (minor units of UZS), category index
	['Green tea 100 g', 'TEA-100', 'pcs', 1_200_000, 0],
	['Black tea 250 g', 'TEA-250', 'pcs', 2_450_000, 0],
	['Instant coffee 95 g', 'COF-095', 'pcs', 4_800_000, 0],
	['Mineral water 1.5 l', 'WAT-150', 'pcs', 550_000, 0],
	['Apple juice 1 l', 'JUI-APL', 'pcs', 1_450_000, 0],
	['Cola 1 l', 'COL-100', 'pcs', 1_100_000, 0],
	['Rice (devzira)', 'RIC-DEV', 'kg', 3_200_000, 1],
	['Wheat flour, first grade', 'FLO-001', 'kg', 650_000, 1],
	['Sunflower oil 1 l', 'OIL-SUN', 'l', 2_100_000, 1],
	['Sugar', 'SUG-001', 'kg', 1_350_000, 1],
	['Pasta 400 g', 'PAS-400', 'pcs', 900_000, 1],
	['Salt 1 kg', 'SAL-001', 'pcs', 300_000, 1],
	['Laundry powder 3 kg', 'LAU-300', 'pcs', 6_900_000, 2],
	['Dish soap 500 ml', 'DSH-500', 'pcs', 1_550_000, 2],
	['Toilet paper, 12 rolls', 'TPR-012', 'box', 4_200_000, 2],
	['Hand soap 90 g', 'SOA-090', 'pcs', 450_000, 2]
];

const POINTS: [string, string, number, number, string][] = [
	['Chorsu Market kiosk 12', 'Chorsu bazaar, row 4', 41.3265, 69.2283, 'kiosk'],
	['Yunusobod Mini-market', 'Amir Temur 108', 41.3634, 69.2869, 'retail'],
	['Oqtepa Supermarket', 'Chilonzor 9th block', 41.2856, 69.2036, 'supermarket'],
	['Dorixona No. 7', 'Mirobod 14', 41.2968, 69.2847, 'pharmacy'],
	['Cafe Navruz', 'Shota Rustaveli 45', 41.2889, 69.2573, 'horeca'],
	['Sergeli Wholesale', 'Sergeli 6, warehouse 3', 41.2194, 69.2211, 'wholesale']
];

/**
 * Applies demo mutations in order (a product's price needs the product) through the same path
 * as a device's; a refused one stops the seed rather than leaving the demo half made.
 */
export async function applyDemoMutations(
	db: Db,
	admin: AuthContext,
	organizationId: string,
	mutations: { name: string; args: unknown }[]
) {
	for (const { name, args } of mutations) {
		const result = await applyMutation(db, admin, organizationId, 'demo-seed', {
			id: uuidv7(),
			name,
			args,
			createdAt: Date.now()
		});
		if (result.status !== 'applied')
			throw new Error(`Demo data refused: ${JSON.stringify(result)}`);
	}
}

/** Seeds the catalog; answers the products' ids and units and a supplier, for the demo stock. */
export async function seedDemoCatalog(db: Db, admin: AuthContext, organizationId: string) {
	const mutations: { name: string; args: unknown }[] = [];
	const products: { id: string; unit: string }[] = [];
	const supplierId = uuidv7();
	mutations.push({
		name: 'counterparty.upsert',
		args: { id: supplierId, name: 'Tashkent Food Distribution LLC', kind: 'supplier' }
	});
	const push = (name: string, args: unknown) => mutations.push({ name, args });
	const categoryIds = CATEGORIES.map(() => uuidv7());
	for (const [i, name] of CATEGORIES.entries())
		push('category.upsert', { id: categoryIds[i], name });
	for (const [i, [name, sku, unit, price, cat]] of PRODUCTS.entries()) {
		const id = uuidv7();
		products.push({ id, unit });
		push('product.upsert', {
			id,
			sku,
			name,
			unit,
			categoryId: categoryIds[cat],
			// 478 is Uzbekistan's GS1 prefix; one distinct code per product.
			barcodes: [`478000000${String(i + 1).padStart(4, '0')}`]
		});
		push('price.set', { productId: id, price });
	}
	const tradePointIds: string[] = [];
	for (const [name, address, lat, lng, channel] of POINTS) {
		const counterpartyId = uuidv7();
		const tradePointId = uuidv7();
		tradePointIds.push(tradePointId);
		push('counterparty.upsert', {
			id: counterpartyId,
			name: `${name} LLC`,
			kind: 'customer',
			address
		});
		push('tradePoint.upsert', {
			id: tradePointId,
			name,
			address,
			channel,
			counterpartyId,
			location: { lat, lng, source: 'manual' }
		});
	}
	// A promotion running in the demo, so the till shows one applied.
	mutations.push({
		name: 'promotion.upsert',
		args: {
			id: uuidv7(),
			name: 'Tea week: 10% off tea',
			kind: 'percent',
			percent: 10,
			categoryIds: [],
			productIds: products.slice(0, 2).map((p) => p.id)
		}
	});
	await applyDemoMutations(db, admin, organizationId, mutations);
	return { products, supplierId, tradePointIds };
}
