import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_ERRORS_PER_BATCH, CLIENT_ERRORS_PER_HOUR } from '../../../domain/diagnostics';
import { createHarness, employee, signupOrg, type Harness } from '../../testing/harness';

let h: Harness;
beforeAll(async () => {
	h = await createHarness();
});
afterAll(() => h.close());

const batch = (n: number, message = 'TypeError: x is undefined') =>
	Array.from({ length: n }, (_, i) => ({ at: Date.now() - i, message, url: '/sell' }));

describe('client errors', () => {
	it('are taken in batches and limited per user and hour, then refused with nothing written', async () => {
		const org = await signupOrg(h);
		const rep = await employee(h, org.token, 'rep', org.branchId);
		const before = await h.tableCounts();
		for (let sent = 0; sent < CLIENT_ERRORS_PER_HOUR; sent += CLIENT_ERRORS_PER_BATCH) {
			const ok = await h.call(
				'POST',
				'/api/diagnostics/errors',
				{ errors: batch(CLIENT_ERRORS_PER_BATCH) },
				{
					token: rep.token
				}
			);
			expect(ok.status).toBe(204);
		}
		const after = await h.tableCounts();
		expect(after.client_errors! - before.client_errors!).toBe(CLIENT_ERRORS_PER_HOUR);
		const over = await h.call(
			'POST',
			'/api/diagnostics/errors',
			{ errors: batch(1) },
			{
				token: rep.token
			}
		);
		expect(over.status).toBe(429);
		expect(over.body.error.code).toBe('rate_limited');
		expect(over.headers.get('retry-after')).toBe('3600');
		expect((await h.tableCounts()).client_errors).toBe(after.client_errors);
		// Another user is not held back by this one.
		const other = await employee(h, org.token, 'rep', org.branchId);
		expect(
			(
				await h.call(
					'POST',
					'/api/diagnostics/errors',
					{ errors: batch(1) },
					{ token: other.token }
				)
			).status
		).toBe(204);
	});

	it('refuses an empty or oversized batch naming the field', async () => {
		const org = await signupOrg(h);
		const empty = await h.call(
			'POST',
			'/api/diagnostics/errors',
			{ errors: [] },
			{ token: org.token }
		);
		expect(empty.status).toBe(400);
		expect(Object.keys(empty.body.error.fields)).toEqual(['errors']);
		const big = await h.call(
			'POST',
			'/api/diagnostics/errors',
			{ errors: batch(1, 'x'.repeat(501)) },
			{ token: org.token }
		);
		expect(Object.keys(big.body.error.fields)).toEqual(['errors.0.message']);
	});
});

describe('the admin’s health page', () => {
	it('counts sync failures and client errors per day, refusals by reason, and failing integrations', async () => {
		const org = await signupOrg(h);
		await h.call('POST', '/api/diagnostics/errors', { errors: batch(3) }, { token: org.token });
		await h.call(
			'POST',
			'/api/diagnostics/sync-failures',
			{
				clientId: 'device-1',
				failures: [
					{
						mutationId: 'm1',
						name: 'sale.create',
						code: 'insufficient_stock',
						message: 'short',
						at: Date.now()
					},
					{
						mutationId: 'm2',
						name: 'sale.create',
						code: 'insufficient_stock',
						message: 'short',
						at: Date.now()
					},
					{
						mutationId: 'm3',
						name: 'product.upsert',
						code: 'validation',
						message: 'bad',
						at: Date.now()
					}
				]
			},
			{ token: org.token }
		);
		await h.call(
			'POST',
			'/api/integrations/webhooks',
			{ url: 'https://erp.example.com/hooks', events: ['receipt.posted'] },
			{ token: org.token }
		);
		const res = await h.call('GET', '/api/diagnostics/health', undefined, { token: org.token });
		expect(res.status).toBe(200);
		expect(res.body.days).toHaveLength(14);
		const today = res.body.days.at(-1);
		expect(today).toMatchObject({ syncFailures: 3, clientErrors: 3 });
		expect(res.body.rejectedByReason).toEqual([
			{ code: 'insufficient_stock', n: 2 },
			{ code: 'validation', n: 1 }
		]);
		expect(res.body.integrations[0]).toMatchObject({ kind: 'webhook', health: 'healthy' });
		expect(res.body.integrations.map((i: { kind: string }) => i.kind)).not.toContain('import');
		// A CSV import shows as an integration with its time.
		const imported = await h.api.request('http://localhost/api/stock/import', {
			method: 'POST',
			headers: { authorization: `Bearer ${org.token}`, 'content-type': 'text/csv' },
			body: 'sku,name,unit\nH-1,Health tea,pcs'
		});
		expect(imported.status).toBe(200);
		const after = await h.call('GET', '/api/diagnostics/health', undefined, { token: org.token });
		expect(after.body.integrations.at(-1)).toMatchObject({
			kind: 'import',
			lastSuccessAt: expect.any(Number)
		});
		const rep = await employee(h, org.token, 'rep', org.branchId);
		expect(
			(await h.call('GET', '/api/diagnostics/health', undefined, { token: rep.token })).status
		).toBe(403);
	});
});
