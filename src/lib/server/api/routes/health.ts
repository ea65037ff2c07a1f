import { Hono } from 'hono';
import type { ApiEnv } from '../types';

/** For monitors: 200 when the database answers, 503 with the cause when it does not. */
export const healthRoutes = new Hono<ApiEnv>().get('/', async (c) => {
	const { config, ready } = c.var.deps;
	try {
		await ready();
		await c.var.deps.client.execute('SELECT 1');
		return c.json({ status: 'ok', db: 'ok', version: config.version });
	} catch (err) {
		const cause = err instanceof Error ? err.message : String(err);
		return c.json({ status: 'error', db: 'unreachable', cause, version: config.version }, 503);
	}
});
