/**
 * Stock as read over the API (devices read it by pull): balances per warehouse and a product's
 * movements. Who sees which warehouse is `maySeeStock`; another's warehouse answers exactly
 * like one that does not exist.
 */
import { and, desc, eq, inArray, lt } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import { fromMilli } from '../../../domain/inventory/quantity';
import { assertCan } from '../../../domain/roles';
import { parse } from '../../../domain/validation';
import { stockDocuments, stockMovements } from '../../db/schema';
import { inOrg, orgOf } from '../../scope';
import { balancesJson } from '../../stock/balances-read';
import { visibleWarehouses } from '../../stock/visible-warehouses';
import { requireAuth } from '../middleware/auth';
import type { ApiEnv } from '../types';

const id = z.uuid('Not a UUID');

export const stockRoutes = new Hono<ApiEnv>()
	.use(requireAuth)
	.get('/balances', async (c) => {
		assertCan(c.var.auth.role, 'stock.read');
		const q = parse(z.strictObject({ warehouseId: id.optional() }), c.req.query());
		const db = c.var.deps.db;
		const ids = (await visibleWarehouses(db, c.var.auth, q.warehouseId)).map((w) => w.id);
		const items = await balancesJson(db, orgOf(c.var.auth), ids);
		return c.body(`{"items":${items}}`, 200, { 'content-type': 'application/json' });
	})
	.get('/movements', async (c) => {
		assertCan(c.var.auth.role, 'stock.read');
		const q = parse(
			z.strictObject({
				productId: id,
				warehouseId: id.optional(),
				/** The last id of the previous page: newest first. */
				before: z.coerce.number().int().positive().optional(),
				limit: z.coerce.number().int().min(1).max(500).default(100)
			}),
			c.req.query()
		);
		const db = c.var.deps.db;
		const seen = await visibleWarehouses(db, c.var.auth, q.warehouseId);
		const rows = await db
			.select({
				id: stockMovements.id,
				warehouseId: stockMovements.warehouseId,
				milli: stockMovements.milli,
				reversal: stockMovements.reversal,
				at: stockMovements.at,
				documentId: stockMovements.documentId,
				line: stockMovements.line,
				number: stockDocuments.number,
				type: stockDocuments.type
			})
			.from(stockMovements)
			.leftJoin(
				stockDocuments,
				and(
					eq(stockDocuments.organizationId, stockMovements.organizationId),
					eq(stockDocuments.id, stockMovements.documentId)
				)
			)
			.where(
				inOrg(
					c.var.auth,
					stockMovements,
					eq(stockMovements.productId, q.productId),
					inArray(
						stockMovements.warehouseId,
						seen.map((w) => w.id)
					),
					q.before ? lt(stockMovements.id, q.before) : undefined
				)
			)
			.orderBy(desc(stockMovements.id))
			.limit(q.limit + 1);
		const items = rows
			.slice(0, q.limit)
			.map(({ milli, ...r }) => ({ ...r, qty: fromMilli(milli) }));
		return c.json({ items, nextBefore: rows.length > q.limit ? items.at(-1)!.id : null });
	});
