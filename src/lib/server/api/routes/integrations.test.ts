import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, employee, signupOrg, type Harness } from '../../testing/harness';
import { mutation, push } from '../../sync/testing';

let h: Harness;
let org: Awaited<ReturnType<typeof signupOrg>>;
let other: Awaited<ReturnType<typeof signupOrg>>;
const mine = [uuidv7(), uuidv7(), uuidv7()];
const theirs = uuidv7();

async function token(adminToken: string, scopes: string[], name = 'ERP') {
	const res = await h.call(
		'POST',
		'/api/integrations/tokens',
		{ name, scopes },
		{ token: adminToken }
	);
	expect(res.status).toBe(201);
	return res.body as { token: string; item: { id: string } };
}

beforeAll(async () => {
	h = await createHarness();
	org = await signupOrg(h);
	other = await signupOrg(h);
	await push(
		h,
		org.token,
		mine.map((id, i) =>
			mutation('product.upsert', { id, sku: `P-${i}`, name: `Mine ${i}`, unit: 'pcs' })
		)
	);
	await push(h, other.token, [
		mutation('product.upsert', { id: theirs, sku: 'T-1', name: 'Theirs', unit: 'pcs' })
	]);
});
afterAll(() => h.close());

describe('API tokens', () => {
	it('read only their organization, only with their scopes, in pages', async () => {
		const { token: t, item } = await token(org.token, ['catalog:read']);
		expect(t).toMatch(/^opt_/);
		const listed = await h.call('GET', '/api/integrations/tokens', undefined, { token: org.token });
		expect(listed.body.items[0]).toMatchObject({
			id: item.id,
			name: 'ERP',
			scopes: ['catalog:read']
		});
		expect(JSON.stringify(listed.body)).not.toContain(t.split('_')[2]);

		const ids: string[] = [];
		let cursor: number | null = 0;
		let pages = 0;
		while (cursor !== null) {
			const page = await h.call('GET', `/api/v1/products?limit=2&cursor=${cursor}`, undefined, {
				token: t
			});
			expect(page.status).toBe(200);
			ids.push(...page.body.items.map((p: { id: string }) => p.id));
			cursor = page.body.nextCursor;
			pages++;
		}
		expect(ids.sort()).toEqual([...mine].sort());
		expect(pages).toBeGreaterThan(1);
		expect(ids).not.toContain(theirs);

		const stock = await h.call('GET', '/api/v1/stock', undefined, { token: t });
		expect(stock.status).toBe(403);
		// A session token is not an API token.
		expect((await h.call('GET', '/api/v1/products', undefined, { token: org.token })).status).toBe(
			401
		);
		const used = await h.call('GET', '/api/integrations/tokens', undefined, { token: org.token });
		expect(used.body.items[0].lastUsedAt).toBeGreaterThan(0);
	});

	it('answers a resource name that only Object has (constructor, toString) as unknown', async () => {
		const { token: t } = await token(org.token, ['catalog:read']);
		for (const resource of ['constructor', 'toString', 'valueOf', 'nothing']) {
			const res = await h.call('GET', `/api/v1/${resource}`, undefined, { token: t });
			expect({ resource, status: res.status, code: res.body.error?.code }).toEqual({
				resource,
				status: 404,
				code: 'not_found'
			});
		}
	});

	it('take only rows changed since a time when asked', async () => {
		const { token: t } = await token(org.token, ['catalog:read']);
		const since = Date.now();
		await new Promise((r) => setTimeout(r, 5));
		await push(h, org.token, [
			mutation('product.upsert', { id: mine[0], sku: 'P-0', name: 'Mine 0, renamed', unit: 'pcs' })
		]);
		const page = await h.call('GET', `/api/v1/products?updatedSince=${since}`, undefined, {
			token: t
		});
		expect(page.body.items.map((p: { name: string }) => p.name)).toEqual(['Mine 0, renamed']);
	});

	it('a revoked token gets 401 at once; another organization cannot revoke it', async () => {
		const { token: t, item } = await token(org.token, ['catalog:read']);
		expect((await h.call('GET', '/api/v1/products', undefined, { token: t })).status).toBe(200);
		const foreign = await h.call('DELETE', `/api/integrations/tokens/${item.id}`, undefined, {
			token: other.token
		});
		expect(foreign.status).toBe(404);
		const revoke = await h.call('DELETE', `/api/integrations/tokens/${item.id}`, undefined, {
			token: org.token
		});
		expect(revoke.status).toBe(204);
		const after = await h.call('GET', '/api/v1/products', undefined, { token: t });
		expect(after.status).toBe(401);
		expect(after.body.error.code).toBe('unauthenticated');
		const wrongSecret = `${t.slice(0, -4)}AAAA`;
		expect(
			(await h.call('GET', '/api/v1/products', undefined, { token: wrongSecret })).status
		).toBe(401);
	});

	it('writes the catalog exactly once with catalog:write, never without it', async () => {
		const { token: writer } = await token(org.token, ['catalog:write', 'catalog:read']);
		const { token: reader } = await token(org.token, ['catalog:read']);
		const id = uuidv7();
		const body = {
			mutations: [
				{
					id,
					name: 'product.upsert',
					args: { id: uuidv7(), sku: 'ERP-1', name: 'From ERP', unit: 'kg' }
				}
			]
		};
		const first = await h.call('POST', '/api/v1/catalog', body, { token: writer });
		expect(first.body.results[0].status).toBe('applied');
		const again = await h.call('POST', '/api/v1/catalog', body, { token: writer });
		expect(again.body.results[0].status).toBe('duplicate');
		const denied = await h.call('POST', '/api/v1/catalog', body, { token: reader });
		expect(denied.status).toBe(403);
		const notCatalog = await h.call(
			'POST',
			'/api/v1/catalog',
			{ mutations: [{ id: uuidv7(), name: 'document.post', args: { id: uuidv7() } }] },
			{ token: writer }
		);
		expect(notCatalog.status).toBe(400);
		expect(Object.keys(notCatalog.body.error.fields)).toContain('mutations.0.name');
		const read = await h.call('GET', '/api/v1/products?limit=1000', undefined, { token: reader });
		expect(read.body.items.filter((p: { sku: string }) => p.sku === 'ERP-1')).toHaveLength(1);
	});

	it('only an admin makes tokens, with known scopes, named', async () => {
		const manager = await employee(h, org.token, 'manager', org.branchId);
		const byManager = await h.call(
			'POST',
			'/api/integrations/tokens',
			{ name: 'x', scopes: ['catalog:read'] },
			{ token: manager.token }
		);
		expect(byManager.status).toBe(403);
		const bad = await h.call(
			'POST',
			'/api/integrations/tokens',
			{ name: '', scopes: ['root'] },
			{ token: org.token }
		);
		expect(bad.status).toBe(400);
		expect(Object.keys(bad.body.error.fields).sort()).toEqual(['name', 'scopes.0']);
	});

	it('the OpenAPI description lists every resource and its scope', async () => {
		const res = await h.call('GET', '/api/openapi.json');
		expect(res.status).toBe(200);
		expect(res.body.openapi).toBe('3.1.0');
		for (const r of [
			'products',
			'prices',
			'stock',
			'documents',
			'receipts',
			'tradePoints',
			'visits'
		]) {
			expect(res.body.paths).toHaveProperty([`/api/v1/${r}`]);
		}
	});
});
