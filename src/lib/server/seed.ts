/**
 * Demo data: one organization with two branches and one employee for each role, plus a
 * vendor support account. Seeded only into an empty database. Logins are listed in README.md.
 */
import { count } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { AuthContext } from './auth/session';
import type { Config } from './config';
import type { Db } from './db/client';
import { hashPassword } from './auth/password';
import { branches, organizations, roleAssignments, users } from './db/schema';
import { applyDemoMutations, seedDemoCatalog } from './seed-catalog';

export const DEMO_PASSWORD = 'optio-demo';
export const DEMO_ORGANIZATION_ID = '01900000-0000-7000-8000-000000000001';
export const DEMO_BRANCHES = {
	tashkent: '01900000-0000-7000-8000-0000000000b1',
	samarkand: '01900000-0000-7000-8000-0000000000b2'
} as const;

export const DEMO_USERS = [
	{ login: 'admin', name: 'Dilnoza Karimova', role: 'admin', branch: 'tashkent' },
	{ login: 'manager', name: 'Rustam Aliyev', role: 'manager', branch: 'tashkent' },
	{ login: 'rep', name: 'Jasur Toshmatov', role: 'rep', branch: 'tashkent' },
	{ login: 'storekeeper', name: 'Olga Petrova', role: 'storekeeper', branch: 'tashkent' },
	{ login: 'cashier', name: 'Malika Yusupova', role: 'cashier', branch: 'samarkand' },
	{ login: 'support', name: 'Optio Support', role: 'support', branch: null }
] as const;

/** Fixed ids, so the demo's people are the same on every machine. */
const demoUserId = (index: number) =>
	`01900000-0000-7000-8000-0000000001${String(index).padStart(2, '0')}`;

export async function seedDemoIfEmpty(db: Db, config: Config): Promise<boolean> {
	const [row] = await db.select({ n: count() }).from(organizations);
	if (row && row.n > 0) return false;
	const [supportUsers] = await db.select({ n: count() }).from(users);
	if (supportUsers && supportUsers.n > 0) return false;

	await db.insert(organizations).values({
		id: DEMO_ORGANIZATION_ID,
		name: 'Demo Distribution LLC',
		currency: 'UZS',
		timezone: 'Asia/Tashkent'
	});
	await db.insert(branches).values([
		{
			id: DEMO_BRANCHES.tashkent,
			organizationId: DEMO_ORGANIZATION_ID,
			name: 'Tashkent',
			address: 'Amir Temur 1'
		},
		{
			id: DEMO_BRANCHES.samarkand,
			organizationId: DEMO_ORGANIZATION_ID,
			name: 'Samarkand',
			address: 'Registan 5'
		}
	]);
	for (const [i, u] of DEMO_USERS.entries()) {
		const id = demoUserId(i);
		const isSupport = u.role === 'support';
		await db.insert(users).values({
			id,
			organizationId: isSupport ? null : DEMO_ORGANIZATION_ID,
			name: u.name,
			login: u.login,
			passwordHash: await hashPassword(DEMO_PASSWORD, config.passwordParams)
		});
		await db.insert(roleAssignments).values({
			id: `${id.slice(0, -3)}a${id.slice(-2)}`,
			userId: id,
			organizationId: isSupport ? null : DEMO_ORGANIZATION_ID,
			branchId: u.branch ? DEMO_BRANCHES[u.branch] : null,
			role: u.role
		});
	}
	const admin = DEMO_USERS[0];
	const adminAuth: AuthContext = {
		sessionId: 'seed',
		userId: demoUserId(0),
		name: admin.name,
		login: admin.login,
		role: 'admin',
		organizationId: DEMO_ORGANIZATION_ID,
		branchId: DEMO_BRANCHES.tashkent,
		organization: null,
		branch: null,
		userSettings: {},
		renewed: false
	};
	const catalog = await seedDemoCatalog(db, adminAuth, DEMO_ORGANIZATION_ID);
	// Where the demo's stock lives: each branch's warehouse and the demo rep's van.
	const rep = DEMO_USERS.findIndex((u) => u.login === 'rep');
	const cashier = DEMO_USERS.findIndex((u) => u.login === 'cashier');
	const warehouses = [
		{ name: 'Tashkent warehouse', kind: 'branch', branchId: DEMO_BRANCHES.tashkent },
		{ name: 'Samarkand warehouse', kind: 'branch', branchId: DEMO_BRANCHES.samarkand },
		{
			name: 'Van 01 A 123 BC',
			kind: 'van',
			branchId: DEMO_BRANCHES.tashkent,
			ownerId: demoUserId(rep)
		},
		{
			name: 'Registon kiosk store',
			kind: 'store',
			branchId: DEMO_BRANCHES.samarkand,
			ownerId: demoUserId(cashier)
		}
	];
	const ids = warehouses.map(() => uuidv7());
	const [tashkent, samarkand, van, store] = ids as [string, string, string, string];
	// Opening stock: goods received into both branches, and the rep's van loaded for the day.
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
	await applyDemoMutations(db, adminAuth, DEMO_ORGANIZATION_ID, [
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
		// The rep's daily round through four Tashkent trade points, so "today" has a route.
		{
			name: 'route.upsert',
			args: {
				id: uuidv7(),
				name: 'Tashkent daily round',
				repId: demoUserId(rep),
				weekdays: [1, 2, 3, 4, 5, 6, 7],
				stops: [3, 0, 1, 4].map((i) => tradePointIds[i])
			}
		}
	]);
	return true;
}
