/**
 * Sales reports for managers: receipts less returns over a period, grouped by day, rep, trade
 * point or product, summed in SQL. A manager sees their branch, an administrator any branch.
 */
import { sql, type SQL } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import { AppError, fieldError } from '../../../domain/errors';
import { assertCan } from '../../../domain/roles';
import { midnightIn } from '../../../domain/time';
import { because, parse } from '../../../domain/validation';
import { orgOf } from '../../scope';
import { requireAuth } from '../middleware/auth';
import type { ApiEnv } from '../types';

export const REPORT_GROUPS = ['day', 'rep', 'tradePoint', 'product'] as const;

const query = z
	.strictObject({
		from: z.iso.date('A date like 2026-11-01'),
		to: z.iso.date('A date like 2026-11-30'),
		groupBy: z.enum(REPORT_GROUPS),
		branchId: z.uuid('Not a UUID').optional()
	})
	.refine((q) => q.from <= q.to, { path: ['to'], ...because('before_start', 'Before the start') });

export const reportRoutes = new Hono<ApiEnv>().use(requireAuth).get('/sales', async (c) => {
	const auth = c.var.auth;
	assertCan(auth.role, 'reports.read');
	const q = parse(query, c.req.query());
	const tz = auth.organization?.timezone ?? 'UTC';
	const from = midnightIn(q.from, tz);
	const to = midnightIn(q.to, tz) + 86_400_000;
	const branch = auth.role === 'admin' ? (q.branchId ?? null) : (auth.branchId ?? '-');
	if (auth.role !== 'admin' && q.branchId && q.branchId !== auth.branchId) {
		throw new AppError('forbidden', 'Only an administrator reports on other branches.', {
			branchId: fieldError('not_allowed', 'Not your branch')
		});
	}
	// Returns count against the sale: their amounts and quantities are subtracted.
	const sign = sql`CASE WHEN r.kind = 'return' THEN -1 ELSE 1 END`;
	const offsetMs = sql.raw(String(from - Date.parse(`${q.from}T00:00:00Z`)));
	const key: Record<(typeof REPORT_GROUPS)[number], SQL> = {
		day: sql`date((r.sold_at - ${offsetMs}) / 1000, 'unixepoch')`,
		rep: sql`r.author_id`,
		tradePoint: sql`coalesce(r.trade_point_id, '')`,
		product: sql`json_extract(l.value, '$.productId')`
	};
	const label: Record<(typeof REPORT_GROUPS)[number], SQL> = {
		day: key.day,
		rep: sql`(SELECT name FROM users WHERE id = r.author_id)`,
		tradePoint: sql`coalesce((SELECT name FROM trade_points
			WHERE organization_id = r.organization_id AND id = r.trade_point_id), '')`,
		product: sql`(SELECT name FROM products WHERE organization_id = r.organization_id
			AND id = json_extract(l.value, '$.productId'))`
	};
	const byLine = q.groupBy === 'product';
	const rows = await c.var.deps.db.all<{
		grp: string;
		label: string | null;
		receipts: number;
		qty: number;
		total: number;
		discount: number;
	}>(sql`
		SELECT ${key[q.groupBy]} AS grp, ${label[q.groupBy]} AS label,
			count(DISTINCT CASE WHEN r.kind = 'sale' THEN r.id END) AS receipts,
			${byLine ? sql`sum(${sign} * json_extract(l.value, '$.milli')) / 1000.0` : sql`0`} AS qty,
			${byLine ? sql`sum(${sign} * json_extract(l.value, '$.net'))` : sql`sum(${sign} * r.total)`} AS total,
			${byLine ? sql`sum(${sign} * json_extract(l.value, '$.discount'))` : sql`sum(${sign} * r.discount)`} AS discount
		FROM sales_receipts r ${byLine ? sql`, json_each(r.lines) l` : sql``}
		WHERE r.organization_id = ${orgOf(auth)}
			AND r.sold_at >= ${from} AND r.sold_at < ${to}
			${branch ? sql`AND r.branch_id = ${branch}` : sql``}
		-- Not "key": json_each has a column of that name, which GROUP BY would take instead.
		GROUP BY grp
		ORDER BY ${q.groupBy === 'day' ? sql`grp` : sql`total DESC`}`);
	const items = rows.map((r) => ({
		key: r.grp,
		label: r.label ?? r.grp,
		receipts: Number(r.receipts),
		...(byLine ? { qty: Number(r.qty) } : {}),
		total: Number(r.total),
		discount: Number(r.discount)
	}));
	const totals = items.reduce(
		(s, i) => ({ total: s.total + i.total, discount: s.discount + i.discount }),
		{ total: 0, discount: 0 }
	);
	return c.json({ items, totals });
});
