/**
 * Demo data: one organization with two branches and one employee for each role, plus a
 * vendor support account. Seeded only into an empty database. Logins are listed in README.md.
 */
import { count } from 'drizzle-orm';
import type { AuthContext } from './auth/session';
import type { Config } from './config';
import type { Db } from './db/client';
import { hashPassword } from './auth/password';
import { branches, organizations, roleAssignments, users } from './db/schema';
import { DEMO_USERS, demoStock } from './demo-data';
import { applyDemoMutations, seedDemoCatalog } from './seed-catalog';

export const DEMO_PASSWORD = 'optio-demo';
export const DEMO_ORGANIZATION_ID = '01900000-0000-7000-8000-000000000001';
export const DEMO_BRANCHES = {
	tashkent: '01900000-0000-7000-8000-0000000000b1',
	samarkand: '01900000-0000-7000-8000-0000000000b2'
} as const;

export { DEMO_USERS } from './demo-data';

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
	const rep = DEMO_USERS.findIndex((u) => u.login === 'rep');
	const cashier = DEMO_USERS.findIndex((u) => u.login === 'cashier');
	await applyDemoMutations(
		db,
		adminAuth,
		DEMO_ORGANIZATION_ID,
		demoStock(catalog, {
			tashkent: DEMO_BRANCHES.tashkent,
			samarkand: DEMO_BRANCHES.samarkand,
			repId: demoUserId(rep),
			cashierId: demoUserId(cashier)
		})
	);
	return true;
}
