/**
 * Which warehouses' stock a caller may read, for every stock read (JSON and CSV). Another's
 * warehouse answers exactly like one that does not exist.
 */
import { eq } from 'drizzle-orm';
import { maySeeStock } from '../../domain/inventory/access';
import type { AuthContext } from '../auth/session';
import type { Db } from '../db/client';
import { warehouses } from '../db/schema';
import { inOrg, notFound } from '../scope';

/** The warehouses the caller may see: the one asked for (else 404), or all of them. */
export async function visibleWarehouses(db: Db, auth: AuthContext, warehouseId?: string) {
	const rows = await db
		.select()
		.from(warehouses)
		.where(inOrg(auth, warehouses, warehouseId ? eq(warehouses.id, warehouseId) : undefined));
	const seen = rows.filter((w) => maySeeStock(auth, w));
	if (warehouseId && !seen.length) throw notFound('warehouse');
	return seen;
}
