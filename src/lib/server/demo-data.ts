/**
 * The demo organization's content as the mutations a device would push. Pure (no database), so
 * the seed applies it on the server and the end-to-end tests push the very same data into an
 * organization of their own (tests/helpers.ts `newOrganization`), one source for both.
 */
import { uuidv7 } from 'uuidv7';

/** One employee for each role (logins are listed in README.md); support is the vendor's. */
export const DEMO_USERS = [
	{ login: 'admin', name: 'Dilnoza Karimova', role: 'admin', branch: 'tashkent' },
	{ login: 'manager', name: 'Rustam Aliyev', role: 'manager', branch: 'tashkent' },
	{ login: 'rep', name: 'Jasur Toshmatov', role: 'rep', branch: 'tashkent' },
	{ login: 'storekeeper', name: 'Olga Petrova', role: 'storekeeper', branch: 'tashkent' },
	{ login: 'cashier', name: 'Malika Yusupova', role: 'cashier', branch: 'samarkand' },
	{ login: 'support', name: 'Optio Support', role: 'support', branch: null }
] as const;

export interface DemoMutation {
	name: string;
	args: unknown;
}

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

export interface DemoCatalog {
	mutations: DemoMutation[];
	products: { id: string; unit: string }[];
	supplierId: string;
	tradePointIds: string[];
}

/** The catalog, customers, trade points and a running promotion, with fresh ids. */
export function demoCatalog(): DemoCatalog {
	const mutations: DemoMutation[] = [];
	const products: { id: string; unit: string }[] = [];
	const supplierId = uuidv7();
	const push = (name: string, args: unknown) => mutations.push({ name, args });
	push('counterparty.upsert', {
		id: supplierId,
		name: 'Tashkent Food Distribution LLC',
		kind: 'supplier'
	});
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
	push('promotion.upsert', {
		id: uuidv7(),
		name: 'Tea week: 10% off tea',
		kind: 'percent',
		percent: 10,
		categoryIds: [],
		productIds: products.slice(0, 2).map((p) => p.id)
	});
	return { mutations, products, supplierId, tradePointIds };
}

/**
 * Where the demo's stock lives (each branch's warehouse, the rep's van, the cashier's store),
 * its opening stock, and the rep's daily round, so "today" has a route.
 */
export function demoStock(
	catalog: Omit<DemoCatalog, 'mutations'>,
	people: { tashkent: string; samarkand: string; repId: string; cashierId: string }
): DemoMutation[] {
	const warehouses = [
		{ name: 'Tashkent warehouse', kind: 'branch', branchId: people.tashkent },
		{ name: 'Samarkand warehouse', kind: 'branch', branchId: people.samarkand },
		{ name: 'Van 01 A 123 BC', kind: 'van', branchId: people.tashkent, ownerId: people.repId },
		{
			name: 'Registon kiosk store',
			kind: 'store',
			branchId: people.samarkand,
			ownerId: people.cashierId
		}
	];
	const ids = warehouses.map(() => uuidv7());
	const [tashkent, samarkand, van, store] = ids as [string, string, string, string];
	const document = (args: Record<string, unknown>) => {
		const id = uuidv7();
		return [
			{ name: 'document.save', args: { id, ...args } },
			{ name: 'document.post', args: { id } }
		];
	};
	const { products, supplierId, tradePointIds } = catalog;
	const opening = (warehouseId: string, factor: number) =>
		document({
			type: 'receipt',
			warehouseId,
			counterpartyId: supplierId,
			lines: products.map((p, i) => ({
				productId: p.id,
				qty: (p.unit === 'kg' || p.unit === 'l' ? 250.5 : 120) * factor - i
			}))
		});
	return [
		...warehouses.map((w, i) => ({ name: 'warehouse.upsert', args: { id: ids[i], ...w } })),
		...opening(tashkent, 1),
		...opening(samarkand, 0.5),
		...document({
			type: 'transfer',
			warehouseId: tashkent,
			toWarehouseId: van,
			lines: products.slice(0, 8).map((p) => ({ productId: p.id, qty: 12 }))
		}),
		...document({
			type: 'transfer',
			warehouseId: samarkand,
			toWarehouseId: store,
			lines: products.slice(0, 12).map((p) => ({ productId: p.id, qty: 6 }))
		}),
		{
			name: 'route.upsert',
			args: {
				id: uuidv7(),
				name: 'Tashkent daily round',
				repId: people.repId,
				weekdays: [1, 2, 3, 4, 5, 6, 7],
				stops: [3, 0, 1, 4].map((i) => tradePointIds[i])
			}
		}
	];
}
