/**
 * Stock in and out as CSV: the products-and-opening-balances import (a preview first, then all
 * rows or none) and the balances and documents exports. See docs/api.md.
 */
import { eq } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { AppError, fieldError } from '../../../domain/errors';
import { mayMoveStock, maySeeStock } from '../../../domain/inventory/access';
import { parseImportCsv } from '../../../domain/inventory/csv-import';
import { DOCUMENT_TYPES } from '../../../domain/inventory/ledger';
import { currencyDigits } from '../../../domain/money';
import { assertCan } from '../../../domain/roles';
import { parse } from '../../../domain/validation';
import { requestMeta } from '../../audit';
import type { AuthContext } from '../../auth/session';
import type { Db } from '../../db/client';
import { warehouses } from '../../db/schema';
import { inOrg, notFound, orgOf } from '../../scope';
import { balancesCsv, documentsCsv, productsCsv } from '../../stock/csv-export';
import { applyImport, previewImport } from '../../stock/csv-import';
import { visibleWarehouses } from '../../stock/visible-warehouses';
import { requireAuth } from '../middleware/auth';
import type { ApiEnv } from '../types';

const id = z.uuid('Not a UUID');

const importQuery = z.strictObject({
	dryRun: z
		.enum(['0', '1', 'true', 'false'])
		.optional()
		.transform((v) => v === '1' || v === 'true'),
	warehouseId: id.optional()
});

const epochOrDate = z.union([
	z.coerce.number().int().nonnegative(),
	z.iso.date().transform((d) => Date.parse(d))
]);

const documentsQuery = z.strictObject({
	warehouseId: id.optional(),
	from: epochOrDate.optional(),
	to: epochOrDate.optional(),
	type: z.enum(DOCUMENT_TYPES).optional()
});

/**
 * The warehouse opening balances go to: one the caller sees (else 404, as if missing) and may
 * move stock in (else 403), not archived.
 */
async function targetWarehouse(db: Db, auth: AuthContext, warehouseId: string | undefined) {
	if (!warehouseId) return null;
	assertCan(auth.role, 'stock.move');
	const [w] = await db
		.select()
		.from(warehouses)
		.where(inOrg(auth, warehouses, eq(warehouses.id, warehouseId)));
	if (!w || !maySeeStock(auth, w)) throw notFound('warehouse');
	if (!mayMoveStock(auth, w)) {
		throw new AppError('forbidden', 'You may not move stock in this warehouse.', {
			warehouseId: fieldError('not_allowed', 'Not yours')
		});
	}
	if (w.archived) {
		throw new AppError('validation', `${w.name} is archived.`, {
			warehouseId: fieldError('archived', 'Archived')
		});
	}
	return w;
}

function csvFile(c: Context<ApiEnv>, name: string, text: string) {
	const day = new Date().toISOString().slice(0, 10);
	return c.body(text, 200, {
		'content-type': 'text/csv; charset=utf-8',
		'content-disposition': `attachment; filename="${name}-${day}.csv"`,
		'cache-control': 'no-store'
	});
}

/**
 * Mounted beside `stockRoutes` under /stock, so each route names its own middleware: a `.use`
 * here would run for every /stock path a second time. The import's larger body limit is named
 * in app.ts (LARGER_BODIES).
 */
export const stockCsvRoutes = new Hono<ApiEnv>()
	/** The body is the file's bytes as they are (not JSON): only raw bytes show a wrong encoding. */
	.post('/import', requireAuth, async (c) => {
		const auth = c.var.auth;
		assertCan(auth.role, 'catalog.write');
		const q = parse(importQuery, c.req.query());
		const db = c.var.deps.db;
		const organizationId = orgOf(auth);
		const warehouse = await targetWarehouse(db, auth, q.warehouseId);
		const parsed = parseImportCsv(new Uint8Array(await c.req.arrayBuffer()), {
			digits: currencyDigits(auth.organization?.currency ?? 'UZS')
		});
		if (q.dryRun) {
			return c.json({
				dryRun: true,
				...(await previewImport(db, organizationId, parsed, warehouse))
			});
		}
		const result = await applyImport(db, auth, organizationId, parsed, warehouse, requestMeta(c));
		if (result.errors.length) {
			const bad = new Set(result.errors.map((e) => e.row)).size;
			return c.json(
				{
					error: {
						code: 'validation',
						message: `Nothing was imported: ${bad} row${bad === 1 ? ' has' : 's have'} errors.`,
						rows: result.errors
					}
				},
				400
			);
		}
		return c.json({ dryRun: false, ...result });
	})
	/** The catalog in the import's format (edit it in a spreadsheet, import it back). */
	.get('/products.csv', requireAuth, async (c) => {
		assertCan(c.var.auth.role, 'catalog.read');
		parse(z.strictObject({}), c.req.query());
		const currency = c.var.auth.organization?.currency ?? 'UZS';
		return csvFile(c, 'products', await productsCsv(c.var.deps.db, c.var.auth, currency));
	})
	.get('/balances.csv', requireAuth, async (c) => {
		assertCan(c.var.auth.role, 'stock.read');
		const q = parse(z.strictObject({ warehouseId: id.optional() }), c.req.query());
		const seen = await visibleWarehouses(c.var.deps.db, c.var.auth, q.warehouseId);
		return csvFile(c, 'balances', await balancesCsv(c.var.deps.db, c.var.auth, seen));
	})
	.get('/documents.csv', requireAuth, async (c) => {
		assertCan(c.var.auth.role, 'stock.read');
		const q = parse(documentsQuery, c.req.query());
		const seen = await visibleWarehouses(c.var.deps.db, c.var.auth, q.warehouseId);
		// A bare date as `to` means the whole of that day.
		const to =
			q.to !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(c.req.query('to') ?? '')
				? q.to + 86_399_999
				: q.to;
		return csvFile(
			c,
			'documents',
			await documentsCsv(c.var.deps.db, c.var.auth, seen, { from: q.from, to, type: q.type })
		);
	});
