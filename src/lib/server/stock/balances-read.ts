/**
 * Balances as the API sends them, built as JSON by SQLite. Why: a warehouse holds tens of
 * thousands of balances, and making a JavaScript object per row (the driver's, then ours) and
 * serializing them again cost more than the query itself (measured in bench/stock-balances.ts).
 */
import { sql } from 'drizzle-orm';
import { MILLI } from '../../domain/inventory/quantity';
import type { Db } from '../db/client';

/** SQLite binds at most 32,766 values per statement; generous for warehouse ids. */
const CHUNK = 500;
const unit = sql.raw(String(MILLI));
const unitReal = sql.raw(`${MILLI}.0`);

/**
 * The organization's balances in these warehouses as the text of a JSON array of
 * `{ warehouseId, productId, qty }`, `qty` in the product's unit exactly as `fromMilli` gives it.
 * @example JSON.parse(await balancesJson(db, orgId, [warehouseId]))
 * // [{ warehouseId: '…', productId: '…', qty: 12.5 }, …]
 */
export async function balancesJson(
	db: Db,
	organizationId: string,
	warehouseIds: readonly string[]
): Promise<string> {
	const parts: string[] = [];
	for (let i = 0; i < warehouseIds.length; i += CHUNK) {
		const ids = warehouseIds.slice(i, i + CHUNK);
		// Whole units stay integers (12, not 12.0); the rest are exact to thousandths, at most
		// 13 significant digits, which SQLite prints and JSON parses back to the same number.
		const [row] = await db.all<{ items: string | null }>(sql`
			SELECT json_group_array(json_object(
				'warehouseId', warehouse_id,
				'productId', product_id,
				'qty', CASE WHEN milli % ${unit} = 0 THEN milli / ${unit} ELSE milli / ${unitReal} END
			)) AS items
			FROM stock_balances
			WHERE organization_id = ${organizationId}
				AND warehouse_id IN (${sql.join(
					ids.map((id) => sql`${id}`),
					sql`, `
				)})`);
		const items = row?.items ?? '[]';
		if (items !== '[]') parts.push(items.slice(1, -1));
	}
	return `[${parts.join(',')}]`;
}
