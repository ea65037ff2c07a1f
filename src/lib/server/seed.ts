/**
 * Demo data: one organization with two branches and one employee for each role, plus a
 * vendor support account. Seeded only into an empty database. Logins are listed in README.md.
 */
import { count } from 'drizzle-orm';
import type { Config } from './config';
import type { Db } from './db/client';
import { hashPassword } from './auth/password';
import { branches, organizations, roleAssignments, users } from './db/schema';
import { seedDemoCatalog } from './seed-catalog';

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
		const id = `01900000-0000-7000-8000-0000000001${String(i).padStart(2, '0')}`;
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
	await seedDemoCatalog(
		db,
		{
			sessionId: 'seed',
			userId: '01900000-0000-7000-8000-000000000100',
			name: admin.name,
			login: admin.login,
			role: 'admin',
			organizationId: DEMO_ORGANIZATION_ID,
			branchId: DEMO_BRANCHES.tashkent,
			organization: null,
			branch: null,
			renewed: false
		},
		DEMO_ORGANIZATION_ID
	);
	return true;
}
