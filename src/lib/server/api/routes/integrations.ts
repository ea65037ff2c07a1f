/**
 * An admin's API tokens: create (the token is shown once), list with last use, revoke.
 */
import { Hono, type Context } from 'hono';
import { AppError } from '../../../domain/errors';
import { tokenCreateSchema } from '../../../domain/integrations/tokens';
import { webhookCreateSchema, webhookPatchSchema } from '../../../domain/integrations/webhooks';
import { assertCan } from '../../../domain/roles';
import { parse } from '../../../domain/validation';
import { audit } from '../../audit';
import { createApiToken, listApiTokens, revokeApiToken } from '../../integrations/tokens';
import {
	createSubscription,
	deleteSubscription,
	findSubscription,
	listDeliveries,
	listSubscriptions,
	redeliver,
	updateSubscription
} from '../../integrations/webhooks';
import { orgOf } from '../../scope';
import { onecAdminRoutes } from './onec';
import { readJson } from '../errors';
import { requireAuth } from '../middleware/auth';
import type { ApiEnv } from '../types';

export const integrationRoutes = new Hono<ApiEnv>()
	.use(requireAuth)
	.use(async (c, next) => {
		assertCan(c.var.auth.role, 'organization.manage');
		await next();
	})
	.get('/tokens', async (c) => {
		return c.json({ items: await listApiTokens(c.var.deps.db, orgOf(c.var.auth)) });
	})
	.post('/tokens', async (c) => {
		const input = parse(tokenCreateSchema, await readJson(c));
		const org = orgOf(c.var.auth);
		const { token, item } = await createApiToken(c.var.deps.db, org, c.var.auth.userId, input);
		await audit(c.var.deps.db, c, {
			action: 'token.created',
			organizationId: org,
			entity: 'api_token',
			entityId: item.id,
			after: { name: item.name, scopes: item.scopes }
		});
		return c.json({ token, item }, 201);
	})
	.delete('/tokens/:id', async (c) => {
		const org = orgOf(c.var.auth);
		const id = c.req.param('id');
		if (!(await revokeApiToken(c.var.deps.db, org, id))) {
			throw new AppError('not_found', 'No such token.');
		}
		await audit(c.var.deps.db, c, {
			action: 'token.revoked',
			organizationId: org,
			entity: 'api_token',
			entityId: id
		});
		return c.body(null, 204);
	})
	.get('/webhooks', async (c) => {
		return c.json({ items: await listSubscriptions(c.var.deps.db, orgOf(c.var.auth)) });
	})
	.post('/webhooks', async (c) => {
		const input = parse(webhookCreateSchema, await readJson(c));
		const row = await createSubscription(c.var.deps.db, orgOf(c.var.auth), input);
		// The secret is shown here only; receivers check signatures with it.
		return c.json(
			{ item: { id: row.id, url: row.url, events: row.events }, secret: row.secret },
			201
		);
	})
	.patch('/webhooks/:id', async (c) => {
		const sub = await subscriptionOf(c);
		const patch = parse(webhookPatchSchema, await readJson(c));
		await updateSubscription(c.var.deps.db, sub.id, patch);
		const items = await listSubscriptions(c.var.deps.db, orgOf(c.var.auth));
		return c.json({ item: items.find((i) => i.id === sub.id) });
	})
	.delete('/webhooks/:id', async (c) => {
		const sub = await subscriptionOf(c);
		await deleteSubscription(c.var.deps.db, sub.id);
		return c.body(null, 204);
	})
	.get('/webhooks/:id/deliveries', async (c) => {
		const sub = await subscriptionOf(c);
		return c.json({ items: await listDeliveries(c.var.deps.db, sub.id) });
	})
	.post('/webhooks/:id/deliveries/:deliveryId/redeliver', async (c) => {
		const sub = await subscriptionOf(c);
		if (!(await redeliver(c.var.deps.db, sub.id, c.req.param('deliveryId')))) {
			throw new AppError('not_found', 'No such delivery.');
		}
		return c.body(null, 202);
	})
	.route('/1c', onecAdminRoutes);

/** The subscription named in the path, of the caller's organization; else 404 like no such id. */
async function subscriptionOf(c: Context<ApiEnv>) {
	const sub = await findSubscription(c.var.deps.db, orgOf(c.var.auth), c.req.param('id') ?? '');
	if (!sub) throw new AppError('not_found', 'No such webhook.');
	return sub;
}
