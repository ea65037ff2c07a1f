/**
 * The API for an organization's own systems, authenticated by API tokens only: pages of
 * products, prices, stock, documents, receipts, trade points and visits (each needs its scope),
 * and catalog writes through the same mutations as devices (exactly once by mutation id).
 * Described at /api/openapi.json.
 */
import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { z } from 'zod';
import { AppError } from '../../../domain/errors';
import {
	hasScope,
	isReadResource,
	READ_RESOURCES,
	type TokenScope
} from '../../../domain/integrations/tokens';
import { parse } from '../../../domain/validation';
import type { AuthContext } from '../../auth/session';
import { validateApiToken } from '../../integrations/tokens';
import { applyMutation } from '../../sync/push';
import { readJson } from '../errors';
import { pageQuery, resourcePage } from '../resource-page';
import { bearerToken } from '../middleware/auth';
import type { ApiEnv } from '../types';

type TokenEnv = ApiEnv & {
	Variables: { token: { tokenId: string; organizationId: string; scopes: string[] } };
};

/** Mutations a `catalog:write` token may send. */
export const CATALOG_WRITES = [
	'category.upsert',
	'product.upsert',
	'price.set',
	'priceList.upsert'
] as const;

const requireToken = createMiddleware<TokenEnv>(async (c, next) => {
	const bearer = bearerToken(c.req.header('authorization'));
	const token = bearer ? await validateApiToken(c.var.deps.db, bearer) : null;
	if (!token) throw new AppError('unauthenticated', 'A valid API token is required.');
	c.set('token', token);
	await next();
});

function assertScope(scopes: string[], needed: TokenScope) {
	if (!hasScope(scopes, needed)) {
		throw new AppError('forbidden', `This token lacks the ${needed} scope.`);
	}
}

const writeBody = z.strictObject({
	mutations: z
		.array(
			z.strictObject({
				id: z.uuid('Not a UUID'),
				name: z.enum(CATALOG_WRITES),
				args: z.unknown()
			})
		)
		.min(1)
		.max(100)
});

export const readApiRoutes = new Hono<TokenEnv>()
	.use(requireToken)
	.post('/catalog', async (c) => {
		const token = c.var.token;
		assertScope(token.scopes, 'catalog:write');
		const body = parse(writeBody, await readJson(c));
		// The token acts for its organization as its creator's organization-wide role would,
		// within the catalog mutations only.
		const auth: AuthContext = {
			sessionId: `token:${token.tokenId}`,
			userId: `token:${token.tokenId}`,
			name: `API token ${token.tokenId}`,
			login: '',
			role: 'admin',
			organizationId: token.organizationId,
			branchId: null,
			organization: null,
			branch: null,
			userSettings: {},
			renewed: false
		};
		const results = [];
		for (const m of body.mutations) {
			results.push(
				await applyMutation(c.var.deps.db, auth, token.organizationId, `token:${token.tokenId}`, {
					...m,
					createdAt: Date.now()
				})
			);
		}
		return c.json({ results });
	})
	.get('/:resource', async (c) => {
		const resource = c.req.param('resource');
		if (!isReadResource(resource)) throw new AppError('not_found', 'No such resource.');
		assertScope(c.var.token.scopes, READ_RESOURCES[resource]);
		const q = parse(pageQuery, c.req.query());
		return c.json(await resourcePage(c.var.deps.db, c.var.token.organizationId, resource, q));
	});
