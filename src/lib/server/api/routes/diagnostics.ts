/**
 * Diagnostics: client errors reported in batches (rate-limited per user), and the admin's health
 * page: sync failures and client errors per day, refusals by reason, integrations that fail.
 */
import { and, count, eq, gte, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { Hono } from 'hono';
import { uuidv7 } from 'uuidv7';
import { CLIENT_ERRORS_PER_HOUR, clientErrorReport } from '../../../domain/diagnostics';
import { AppError } from '../../../domain/errors';
import { assertCan } from '../../../domain/roles';
import { dayOf, zoneOffsetMs } from '../../../domain/time';
import { parse } from '../../../domain/validation';
import { apiTokens, auditEvents, clientErrors, syncFailures } from '../../db/schema';
import { listSubscriptions } from '../../integrations/webhooks';
import { orgOf } from '../../scope';
import { readJson } from '../errors';
import { requireAuth } from '../middleware/auth';
import type { ApiEnv } from '../types';

const DAY = 86_400_000;
const HEALTH_DAYS = 14;

export const clientDiagnosticsRoutes = new Hono<ApiEnv>()
	.use(requireAuth)
	.post('/errors', async (c) => {
		const input = parse(clientErrorReport, await readJson(c));
		const { db } = c.var.deps;
		const now = Date.now();
		const [sent] = await db
			.select({ n: count() })
			.from(clientErrors)
			.where(
				and(
					eq(clientErrors.userId, c.var.auth.userId),
					gte(clientErrors.receivedAt, now - 3_600_000)
				)
			);
		if ((sent?.n ?? 0) + input.errors.length > CLIENT_ERRORS_PER_HOUR) {
			throw new AppError('rate_limited', 'Too many error reports this hour.', undefined, {
				'retry-after': '3600'
			});
		}
		const userAgent = c.req.header('user-agent')?.slice(0, 300) ?? null;
		await db.insert(clientErrors).values(
			input.errors.map((e) => ({
				id: uuidv7(),
				organizationId: c.var.auth.organizationId,
				userId: c.var.auth.userId,
				at: e.at,
				message: e.message,
				stack: e.stack ?? null,
				url: e.url ?? null,
				appVersion: e.appVersion ?? null,
				userAgent,
				receivedAt: now
			}))
		);
		return c.body(null, 204);
	})
	.get('/health', async (c) => {
		assertCan(c.var.auth.role, 'organization.manage');
		const org = orgOf(c.var.auth);
		const { db } = c.var.deps;
		const since = Date.now() - HEALTH_DAYS * DAY;
		const tz = c.var.auth.organization?.timezone ?? 'UTC';
		// The organization's days: shift by its offset now (close enough across a DST change).
		const offset = sql.raw(String(zoneOffsetMs(tz, Date.now())));
		const dayIn = (col: SQLiteColumn) =>
			sql<string>`date((${col} + ${offset}) / 1000, 'unixepoch')`;
		const failures = await db
			.select({ day: dayIn(syncFailures.receivedAt), n: count() })
			.from(syncFailures)
			.where(and(eq(syncFailures.organizationId, org), gte(syncFailures.receivedAt, since)))
			.groupBy(sql`1`);
		const errors = await db
			.select({ day: dayIn(clientErrors.receivedAt), n: count() })
			.from(clientErrors)
			.where(and(eq(clientErrors.organizationId, org), gte(clientErrors.receivedAt, since)))
			.groupBy(sql`1`);
		const byReason = await db
			.select({ code: syncFailures.code, n: count() })
			.from(syncFailures)
			.where(and(eq(syncFailures.organizationId, org), gte(syncFailures.receivedAt, since)))
			.groupBy(syncFailures.code)
			.orderBy(sql`2 DESC`);
		const days = new Map<string, { day: string; syncFailures: number; clientErrors: number }>();
		for (let i = HEALTH_DAYS - 1; i >= 0; i--) {
			const day = dayOf(Date.now() - i * DAY, tz).date;
			days.set(day, { day, syncFailures: 0, clientErrors: 0 });
		}
		for (const f of failures) if (days.has(f.day)) days.get(f.day)!.syncFailures = f.n;
		for (const e of errors) if (days.has(e.day)) days.get(e.day)!.clientErrors = e.n;
		const hooks = await listSubscriptions(db, org);
		const tokens = await db
			.select({ id: apiTokens.id, name: apiTokens.name, lastUsedAt: apiTokens.lastUsedAt })
			.from(apiTokens)
			.where(and(eq(apiTokens.organizationId, org), sql`${apiTokens.revokedAt} IS NULL`));
		// CSV imports are integrations too: when the last one went in.
		const [lastImport] = await db
			.select({ at: sql<number | null>`max(${auditEvents.at})` })
			.from(auditEvents)
			.where(and(eq(auditEvents.organizationId, org), eq(auditEvents.action, 'stock.imported')));
		return c.json({
			days: [...days.values()],
			rejectedByReason: byReason,
			integrations: [
				...hooks.map((h) => ({
					kind: 'webhook' as const,
					id: h.id,
					name: h.url,
					health: h.health,
					lastSuccessAt: h.lastSuccessAt,
					lastError: h.lastError
				})),
				...tokens.map((t) => ({
					kind: 'token' as const,
					id: t.id,
					name: t.name,
					health: 'healthy' as const,
					lastSuccessAt: t.lastUsedAt,
					lastError: null
				})),
				...(lastImport?.at
					? [
							{
								kind: 'import' as const,
								id: 'csv',
								name: 'CSV',
								health: 'healthy' as const,
								lastSuccessAt: lastImport.at,
								lastError: null
							}
						]
					: [])
			]
		});
	});
