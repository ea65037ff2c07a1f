/**
 * The demo organization's catalog, customers and trade points (demo-data.ts), written through
 * the same mutations a device would push, so demo data obeys every rule real data does.
 */
import { uuidv7 } from 'uuidv7';
import type { AuthContext } from './auth/session';
import type { Db } from './db/client';
import { demoCatalog } from './demo-data';
import { applyMutation } from './sync/push';

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
	const { mutations, ...catalog } = demoCatalog();
	await applyDemoMutations(db, admin, organizationId, mutations);
	return catalog;
}
