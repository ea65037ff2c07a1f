import { Hono } from 'hono';
import type { ApiEnv } from '../types';

const startedAt = Date.now();

/**
 * For monitors: 200 when the database answers, 503 with the cause when it does not; with what a
 * monitor alerts on — the database's latency, migrations applied, and webhook deliveries waiting
 * (how many, and how late the oldest is: a stuck scheduler shows here). Counts only, no one's data.
 */
export const healthRoutes = new Hono<ApiEnv>().get('/', async (c) => {
	const { config, ready } = c.var.deps;
	const base = {
		version: config.version,
		uptimeSeconds: Math.round((Date.now() - startedAt) / 1000)
	};
	try {
		await ready();
		// Inside the try: opening a database that cannot be opened throws right here.
		const client = c.var.deps.client;
		const t = performance.now();
		await client.execute('SELECT 1');
		const dbLatencyMs = Math.round((performance.now() - t) * 100) / 100;
		const [migrations, waiting] = await Promise.all([
			client.execute('SELECT count(*) AS n FROM _migrations'),
			client.execute({
				sql: "SELECT count(*) AS n, min(next_attempt_at) AS oldest FROM webhook_deliveries WHERE status = 'pending'",
				args: []
			})
		]);
		const oldest = waiting.rows[0]?.oldest as number | null;
		return c.json({
			status: 'ok',
			db: 'ok',
			dbLatencyMs,
			migrations: Number(migrations.rows[0]?.n ?? 0),
			webhooks: {
				pending: Number(waiting.rows[0]?.n ?? 0),
				oldestDueSeconds: oldest ? Math.max(0, Math.round((Date.now() - oldest) / 1000)) : 0
			},
			...base
		});
	} catch (err) {
		const cause = err instanceof Error ? err.message : String(err);
		return c.json({ status: 'error', db: 'unreachable', cause, ...base }, 503);
	}
});
