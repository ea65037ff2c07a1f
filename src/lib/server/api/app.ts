import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import { AppError } from '../../domain/errors';
import { MAX_IMPORT_BYTES } from '../../domain/inventory/csv-import';
import { MAX_PUSH_BYTES } from '../../domain/sync/protocol';
import { errorResponse, UNAVAILABLE_MESSAGE } from './errors';
import { limitBody } from './middleware/body-limit';
import { csrf } from './middleware/csrf';
import { requestLog, type RequestLogBinding } from './middleware/request-log';
import { logError } from '../log';
import { auditRoutes } from './routes/audit';
import { reportRoutes } from './routes/reports';
import { stockRoutes } from './routes/stock';
import { stockCsvRoutes } from './routes/stock-csv';
import { authRoutes } from './routes/auth';
import { branchRoutes } from './routes/branches';
import { employeeRoutes } from './routes/employees';
import { healthRoutes } from './routes/health';
import { integrationRoutes } from './routes/integrations';
import { einvoiceRoutes } from './routes/einvoices';
import { onecExchangeRoutes } from './routes/onec';
import { FILE_LIMIT } from '../integrations/onec';
import { supportRoutes } from './routes/support';
import { clientDiagnosticsRoutes } from './routes/diagnostics';
import { readApiRoutes } from './routes/read-api';
import { openApiDocument } from './openapi';
import { runScheduled } from '../scheduled';
import { meRoutes } from './routes/me';
import { photoRoutes } from './routes/photos';
import { MAX_PHOTO_BYTES } from '../../domain/photos';
import { organizationRoutes } from './routes/organization';
import { diagnosticsRoutes, syncRoutes } from './routes/sync';
import type { ApiEnv, Deps } from './types';

/** Bodies larger than this are refused before they are read, on every route not named below. */
export const MAX_BODY_BYTES = 64 * 1024;

/** The routes that carry more: whole sync batches and CSV catalogs. */
export const LARGER_BODIES: Record<string, number> = {
	'POST /api/sync/push': MAX_PUSH_BYTES,
	'POST /api/stock/import': MAX_IMPORT_BYTES,
	// A photo's bytes (its thumbnail, PUT /api/photos/:id/thumbnail, fits the default).
	'PUT /api/photos/:id': MAX_PHOTO_BYTES,
	// A part of a 1C file: refused with a 1C answer past FILE_LIMIT, by the limiter past twice that.
	'POST /api/1c/exchange': 2 * FILE_LIMIT,
	'POST /api/integrations/1c/upload': 64 * 1024 * 1024
};

/**
 * The whole `/api`: one Hono app, one file per resource, joined here.
 * @example const res = await createApi(deps).request('/api/health');
 */
export function createApi(deps: Deps) {
	const app = new Hono<ApiEnv>().basePath('/api');
	app.use(requestLog);
	// The id the `handle` hook logs the request under, so an error line and the request line match.
	app.use(
		requestId({
			generator: (c) =>
				(c.env as RequestLogBinding | undefined)?.REQUEST_LOG?.reqId ?? crypto.randomUUID()
		})
	);
	app.use(async (c, next) => {
		c.set('deps', deps);
		await next();
	});
	app.use(limitBody(MAX_BODY_BYTES, LARGER_BODIES));
	app.route('/health', healthRoutes);
	app.use(async (c, next) => {
		try {
			await deps.ready();
		} catch (err) {
			logError('database not ready', err, { reqId: c.var.requestId });
			// The database cannot be reached: a clear 503, not a 500 (health says why).
			throw new AppError('unavailable', UNAVAILABLE_MESSAGE);
		}
		await next();
	});
	app.use(csrf);
	app.route('/sync', syncRoutes);
	app.route('/stock', stockCsvRoutes);
	app.route('/diagnostics', diagnosticsRoutes);
	app.route('/diagnostics', clientDiagnosticsRoutes);
	app.route('/auth', authRoutes);
	app.route('/organization', organizationRoutes);
	app.route('/branches', branchRoutes);
	app.route('/employees', employeeRoutes);
	app.route('/audit', auditRoutes);
	app.route('/stock', stockRoutes);
	app.route('/reports', reportRoutes);
	app.route('/integrations', integrationRoutes);
	app.route('/einvoices', einvoiceRoutes);
	app.route('/1c', onecExchangeRoutes);
	app.route('/support', supportRoutes);
	app.route('/v1', readApiRoutes);
	app.route('/photos', photoRoutes);
	app.get('/openapi.json', (c) => c.json(openApiDocument(deps.config.version)));
	// The Cloudflare cron trigger's way in (worker/cron.js); unknown unless CRON_SECRET is set.
	app.post('/internal/tick', async (c) => {
		const secret = deps.config.cronSecret;
		if (!secret || c.req.header('authorization') !== `Cron ${secret}`) {
			throw new AppError('not_found', 'No such endpoint.');
		}
		return c.json(await runScheduled(deps));
	});
	app.route('/', meRoutes);
	app.notFound((c) => c.json({ error: { code: 'not_found', message: 'No such endpoint.' } }, 404));
	app.onError(errorResponse);
	return app;
}

export type Api = ReturnType<typeof createApi>;
