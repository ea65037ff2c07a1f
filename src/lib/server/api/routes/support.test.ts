import { eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { supportGrants } from '../../db/schema';
import { mutation, push } from '../../sync/testing';
import {
	createHarness,
	employee,
	signupOrg,
	supportUser,
	type Harness
} from '../../testing/harness';

let h: Harness;
let org: Awaited<ReturnType<typeof signupOrg>>;
let other: Awaited<ReturnType<typeof signupOrg>>;
let rep: Awaited<ReturnType<typeof employee>>;
let support: Awaited<ReturnType<typeof supportUser>>;
let orgId: string;
const product = uuidv7();

beforeAll(async () => {
	h = await createHarness();
	org = await signupOrg(h);
	other = await signupOrg(h);
	rep = await employee(h, org.token, 'rep', org.branchId);
	support = await supportUser(h);
	orgId = (await h.call('GET', '/api/me', undefined, { token: org.token })).body.organization.id;
	await push(h, org.token, [
		mutation('product.upsert', { id: product, sku: 'SUP-1', name: 'Secret tea', unit: 'pcs' })
	]);
});
afterAll(() => h.close());

const asSupport = (path: string) => h.call('GET', path, undefined, { token: support.token });

async function supportReads(): Promise<number> {
	const log = await h.call('GET', '/api/audit?action=support.read', undefined, {
		token: org.token
	});
	return log.body.items.length;
}

describe('support access to an organization’s data', () => {
	it('is 404 without a grant, works and is audited with one, and is 404 again after revocation or expiry', async () => {
		const path = `/api/support/organizations/${orgId}/products`;
		expect((await asSupport(path)).status).toBe(404);
		// An organization that does not exist answers the same.
		expect((await asSupport(`/api/support/organizations/${uuidv7()}/products`)).status).toBe(404);

		const granted = await h.call('POST', '/api/support/grants', { hours: 2 }, { token: org.token });
		expect(granted.status).toBe(201);
		const read = await asSupport(path);
		expect(read.status).toBe(200);
		expect(read.body.items.map((p: { name: string }) => p.name)).toContain('Secret tea');
		expect(await supportReads()).toBe(1);
		// The grant opens this organization only.
		const otherId = (await h.call('GET', '/api/me', undefined, { token: other.token })).body
			.organization.id;
		expect((await asSupport(`/api/support/organizations/${otherId}/products`)).status).toBe(404);

		const revoked = await h.call(
			'DELETE',
			`/api/support/grants/${granted.body.grant.id}`,
			undefined,
			{
				token: org.token
			}
		);
		expect(revoked.status).toBe(204);
		expect((await asSupport(path)).status).toBe(404);

		const again = await h.call('POST', '/api/support/grants', { hours: 1 }, { token: org.token });
		expect((await asSupport(path)).status).toBe(200);
		await h.deps.db
			.update(supportGrants)
			.set({ expiresAt: Date.now() - 1 })
			.where(eq(supportGrants.id, again.body.grant.id));
		expect((await asSupport(path)).status).toBe(404);
		expect(await supportReads()).toBe(2);
	});

	it('only an admin grants, for 1 to 72 hours; only support reads under a grant', async () => {
		const byRep = await h.call('POST', '/api/support/grants', { hours: 2 }, { token: rep.token });
		expect(byRep.status).toBe(403);
		const tooLong = await h.call(
			'POST',
			'/api/support/grants',
			{ hours: 100 },
			{ token: org.token }
		);
		expect(tooLong.body.error.fields).toEqual({
			hours: { code: 'too_big', message: 'At most 72 hours', params: { max: 72 } }
		});
		const byAdmin = await h.call('GET', `/api/support/organizations/${orgId}/products`, undefined, {
			token: org.token
		});
		expect(byAdmin.status).toBe(403);
	});
	it('answers a resource name that only Object has (constructor, toString) like any unknown one', async () => {
		const granted = await h.call('POST', '/api/support/grants', { hours: 1 }, { token: org.token });
		expect(granted.status).toBe(201);
		for (const resource of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'nothing']) {
			const res = await asSupport(`/api/support/organizations/${orgId}/${resource}`);
			expect({ resource, status: res.status, code: res.body.error?.code }).toEqual({
				resource,
				status: 404,
				code: 'not_found'
			});
		}
		await h.call('DELETE', `/api/support/grants/${granted.body.grant.id}`, undefined, {
			token: org.token
		});
	});
});

describe('tickets', () => {
	it('a user reports a problem with the diagnostics they kept; support works it in the queue; both sides comment', async () => {
		const created = await h.call(
			'POST',
			'/api/support/tickets',
			{
				subject: 'Orders do not send',
				description: 'Since this morning the sync badge stays orange.',
				diagnostics: { online: true, outbox: { pending: 4, rejected: 1 }, appVersion: 'v1' }
			},
			{ token: rep.token }
		);
		expect(created.status).toBe(201);
		const id = created.body.ticket.id;

		const queue = await asSupport('/api/support/tickets?status=open');
		expect(queue.body.items.map((t: { id: string }) => t.id)).toContain(id);
		const seen = await asSupport(`/api/support/tickets/${id}`);
		expect(seen.body.ticket.diagnostics).toEqual({
			online: true,
			outbox: { pending: 4, rejected: 1 },
			appVersion: 'v1'
		});

		const take = await h.call(
			'PATCH',
			`/api/support/tickets/${id}`,
			{ status: 'in_progress', assigneeId: support.id },
			{ token: support.token }
		);
		expect(take.body.ticket).toMatchObject({ status: 'in_progress', assigneeId: support.id });
		await h.call(
			'POST',
			`/api/support/tickets/${id}/comments`,
			{ body: 'Which order number?' },
			{ token: support.token }
		);
		await h.call(
			'PATCH',
			`/api/support/tickets/${id}`,
			{ status: 'waiting' },
			{ token: support.token }
		);
		const answer = await h.call(
			'POST',
			`/api/support/tickets/${id}/comments`,
			{ body: 'ORD-TAS-2026-00012' },
			{ token: rep.token }
		);
		expect(answer.body.status).toBe('in_progress');
		await h.call(
			'PATCH',
			`/api/support/tickets/${id}`,
			{ status: 'resolved' },
			{ token: support.token }
		);
		const close = await h.call(
			'PATCH',
			`/api/support/tickets/${id}`,
			{ status: 'closed' },
			{
				token: rep.token
			}
		);
		expect(close.body.ticket.status).toBe('closed');
		const thread = await h.call('GET', `/api/support/tickets/${id}`, undefined, {
			token: rep.token
		});
		expect(thread.body.comments.map((c: { side: string }) => c.side)).toEqual([
			'support',
			'customer'
		]);
	});

	it('a ticket is seen by its author, their admin and support only; moves follow the rules', async () => {
		const created = await h.call(
			'POST',
			'/api/support/tickets',
			{ subject: 'Printer', description: 'The receipt prints blank.' },
			{ token: rep.token }
		);
		const id = created.body.ticket.id;
		const byOtherOrg = await h.call('GET', `/api/support/tickets/${id}`, undefined, {
			token: other.token
		});
		expect(byOtherOrg.status).toBe(404);
		const colleague = await employee(h, org.token, 'rep', org.branchId);
		expect(
			(await h.call('GET', `/api/support/tickets/${id}`, undefined, { token: colleague.token }))
				.status
		).toBe(404);
		expect(
			(await h.call('GET', `/api/support/tickets/${id}`, undefined, { token: org.token })).status
		).toBe(200);
		const skip = await h.call(
			'PATCH',
			`/api/support/tickets/${id}`,
			{ status: 'resolved' },
			{
				token: rep.token
			}
		);
		expect(skip.status).toBe(409);
		expect(skip.body.error.fields).toEqual({
			status: { code: 'wrong_state', message: 'Not allowed now' }
		});
		const assignByCustomer = await h.call(
			'PATCH',
			`/api/support/tickets/${id}`,
			{ assigneeId: support.id },
			{ token: rep.token }
		);
		expect(assignByCustomer.status).toBe(403);
		const empty = await h.call(
			'POST',
			'/api/support/tickets',
			{ subject: '', description: '' },
			{
				token: rep.token
			}
		);
		expect(Object.keys(empty.body.error.fields).sort()).toEqual(['description', 'subject']);
	});
});
