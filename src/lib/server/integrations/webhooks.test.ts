import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backoffMs, PAUSE_AFTER, verifySignature } from '../../domain/integrations/webhooks';
import { mutation, push } from '../sync/testing';
import { createHarness, signupOrg, type Harness } from '../testing/harness';
import { deliverDue } from './webhooks';

/** A real local receiver: answers each request with the next status of `plan` (then the last). */
function receiver(plan: number[]) {
	const got: { headers: IncomingMessage['headers']; body: string }[] = [];
	let server: Server;
	const started = new Promise<string>((resolve) => {
		server = createServer((req, res) => {
			let body = '';
			req.on('data', (c) => (body += c));
			req.on('end', () => {
				got.push({ headers: req.headers, body });
				res.statusCode = plan[Math.min(got.length - 1, plan.length - 1)]!;
				res.end();
			});
		}).listen(0, '127.0.0.1', () =>
			resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`)
		);
	});
	return { got, started, close: () => new Promise((r) => server.close(r)) };
}

let h: Harness;
let org: Awaited<ReturnType<typeof signupOrg>>;
let other: Awaited<ReturnType<typeof signupOrg>>;
const customer = uuidv7();

async function subscribe(url: string, events = ['payment.collected']) {
	const res = await h.call(
		'POST',
		'/api/integrations/webhooks',
		{ url, events },
		{ token: org.token }
	);
	expect(res.status).toBe(201);
	return res.body as { item: { id: string }; secret: string };
}

/** Makes one `payment.collected` event; answers the mutation, to push again. */
async function collect(amount = 1_000) {
	const m = mutation('payment.collect', {
		id: uuidv7(),
		counterpartyId: customer,
		method: 'cash',
		amount
	});
	const res = await push(h, org.token, [m]);
	expect(res.body.results[0].status).toBe('applied');
	return m;
}

async function subscription(id: string) {
	const list = await h.call('GET', '/api/integrations/webhooks', undefined, { token: org.token });
	return list.body.items.find((s: { id: string }) => s.id === id);
}

beforeAll(async () => {
	h = await createHarness();
	org = await signupOrg(h);
	other = await signupOrg(h);
	await push(h, org.token, [
		mutation('counterparty.upsert', { id: customer, name: 'Hook LLC', kind: 'customer' })
	]);
});
afterAll(() => h.close());

describe('webhooks', () => {
	it('deliver a signed event once, even when the change that made it is pushed twice', async () => {
		const r = receiver([200]);
		const { item, secret } = await subscribe(await r.started);
		const m = await collect(2_500);
		const again = await push(h, org.token, [m]);
		expect(again.body.results[0].status).toBe('duplicate');
		const now = Date.now();
		expect(await deliverDue(h.deps.db, { now })).toMatchObject({ delivered: 1, failed: 0 });
		expect(await deliverDue(h.deps.db, { now: now + 3_600_000 })).toMatchObject({ delivered: 0 });
		expect(r.got).toHaveLength(1);
		const [hit] = r.got;
		expect(hit!.headers['optio-event']).toBe('payment.collected');
		expect(
			verifySignature(
				secret,
				String(hit!.headers['optio-signature']),
				hit!.body,
				Math.floor(now / 1000)
			)
		).toBe(true);
		expect(JSON.parse(hit!.body)).toMatchObject({
			event: 'payment.collected',
			data: { amount: 2_500 }
		});
		expect((await subscription(item.id)).health).toBe('healthy');
		await h.call('DELETE', `/api/integrations/webhooks/${item.id}`, undefined, {
			token: org.token
		});
		await r.close();
	});

	it('deliver each event of one batch: the subscriptions looked up once serve them all', async () => {
		const r = receiver([200]);
		const { item } = await subscribe(await r.started);
		const pay = (amount: number) =>
			mutation('payment.collect', {
				id: uuidv7(),
				counterpartyId: customer,
				method: 'cash',
				amount
			});
		const res = await push(h, org.token, [pay(101), pay(102), pay(103)]);
		expect(res.body.results.map((x: { status: string }) => x.status)).toEqual([
			'applied',
			'applied',
			'applied'
		]);
		await deliverDue(h.deps.db, { now: Date.now() });
		expect(r.got.map((g) => JSON.parse(g.body).data.amount).sort()).toEqual([101, 102, 103]);
		await h.call('DELETE', `/api/integrations/webhooks/${item.id}`, undefined, {
			token: org.token
		});
		await r.close();
	});

	it('retry a receiver that fails three times with backoff: it gets the event once more, no more', async () => {
		const r = receiver([500, 500, 503, 200]);
		const { item } = await subscribe(await r.started);
		await collect();
		let now = Date.now();
		for (let attempt = 1; attempt <= 3; attempt++) {
			expect(await deliverDue(h.deps.db, { now })).toMatchObject({ failed: 1 });
			// Not again before its backoff is over.
			expect(await deliverDue(h.deps.db, { now: now + backoffMs(attempt) - 1 })).toMatchObject({
				failed: 0,
				delivered: 0
			});
			now += backoffMs(attempt);
		}
		expect((await subscription(item.id)).health).toBe('failing');
		expect(await deliverDue(h.deps.db, { now })).toMatchObject({ delivered: 1 });
		for (let i = 1; i <= 3; i++) await deliverDue(h.deps.db, { now: now + i * 3_600_000 });
		expect(r.got).toHaveLength(4);
		expect(new Set(r.got.map((g) => g.headers['optio-delivery'])).size).toBe(1);
		expect((await subscription(item.id)).health).toBe('healthy');
		const log = await h.call('GET', `/api/integrations/webhooks/${item.id}/deliveries`, undefined, {
			token: org.token
		});
		expect(log.body.items[0]).toMatchObject({ status: 'delivered', attempts: 4, lastStatus: 200 });
		await h.call('DELETE', `/api/integrations/webhooks/${item.id}`, undefined, {
			token: org.token
		});
		await r.close();
	});

	it('pause a subscription whose receiver always fails, show it, and resume by hand', async () => {
		const r = receiver([500]);
		const { item } = await subscribe(await r.started);
		await collect();
		let now = Date.now();
		for (let attempt = 1; attempt <= PAUSE_AFTER; attempt++) {
			await deliverDue(h.deps.db, { now });
			now += backoffMs(attempt);
		}
		expect(r.got).toHaveLength(PAUSE_AFTER);
		const paused = await subscription(item.id);
		expect(paused).toMatchObject({ health: 'paused', paused: true, lastError: 'HTTP 500' });
		// Paused: nothing more is sent, however long it waits.
		await deliverDue(h.deps.db, { now: now + 86_400_000 });
		expect(r.got).toHaveLength(PAUSE_AFTER);
		// Another organization cannot see or touch it.
		const foreign = await h.call(
			'PATCH',
			`/api/integrations/webhooks/${item.id}`,
			{ paused: false },
			{
				token: other.token
			}
		);
		expect(foreign.status).toBe(404);
		const resumed = await h.call(
			'PATCH',
			`/api/integrations/webhooks/${item.id}`,
			{ paused: false },
			{
				token: org.token
			}
		);
		expect(resumed.body.item).toMatchObject({ paused: false, health: 'healthy' });
		await deliverDue(h.deps.db, { now: now + 86_400_000 });
		expect(r.got).toHaveLength(PAUSE_AFTER + 1);
		await r.close();
	});

	it('tell once when a posting takes stock below the organization’s threshold', async () => {
		const r = receiver([200]);
		const { item } = await subscribe(await r.started, ['stock.below_threshold']);
		await h.call(
			'PATCH',
			'/api/organization/settings',
			{ lowStockThreshold: 5 },
			{ token: org.token }
		);
		const [product, warehouse] = [uuidv7(), uuidv7()];
		const doc = (type: string, qty: number, extra = {}) => {
			const id = uuidv7();
			return [
				mutation('document.save', {
					id,
					type,
					warehouseId: warehouse,
					lines: [{ productId: product, qty }],
					...extra
				}),
				mutation('document.post', { id })
			];
		};
		// A fresh session, so the new setting is what the mutations see.
		const fresh = await h.call('POST', '/api/auth/login', {
			login: org.login,
			password: 'correct horse battery'
		});
		const res = await push(h, fresh.body.token, [
			mutation('product.upsert', { id: product, sku: 'LOW-1', name: 'Low tea', unit: 'pcs' }),
			mutation('warehouse.upsert', { id: warehouse, name: 'Low', kind: 'branch' }),
			...doc('receipt', 8),
			// 8 → 6: still at or above 5.
			...doc('writeoff', 2, { reason: 'damaged' }),
			// 6 → 4: crosses below; then 4 → 3: already low, no second event.
			...doc('writeoff', 2, { reason: 'damaged' }),
			...doc('writeoff', 1, { reason: 'damaged' })
		]);
		expect(res.body.results.every((x: { status: string }) => x.status === 'applied')).toBe(true);
		await deliverDue(h.deps.db, { now: Date.now() });
		expect(r.got).toHaveLength(1);
		expect(JSON.parse(r.got[0]!.body)).toMatchObject({
			event: 'stock.below_threshold',
			data: { productId: product, warehouseId: warehouse, qty: 4, threshold: 5 }
		});
		await h.call('DELETE', `/api/integrations/webhooks/${item.id}`, undefined, {
			token: org.token
		});
		await r.close();
	});

	it('refuses bad subscriptions naming the field; only an admin subscribes', async () => {
		const bad = await h.call(
			'POST',
			'/api/integrations/webhooks',
			{ url: 'ftp://nope', events: ['everything'] },
			{ token: org.token }
		);
		expect(bad.status).toBe(400);
		expect(Object.keys(bad.body.error.fields).sort()).toEqual(['events.0', 'url']);
	});
});
