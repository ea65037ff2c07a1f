/**
 * Exactly once, by property: several devices push overlapping batches; requests are sent twice,
 * answers are lost after the server committed (so the device sends again), retries come in
 * another order, and the server restarts between rounds. Afterwards every distinct mutation
 * was applied exactly once, and the pulled state equals a model that applies each once, in
 * the order the server committed them.
 */
import fc from 'fast-check';
import { asc, count, eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../api/app';
import { bundledMigrations } from '../db/migrations';
import { appliedMutations, syncVersions } from '../db/schema';
import { createDeps } from '../runtime';
import { createHarness, signupOrg, type Harness } from '../testing/harness';
import { pullAll } from './testing';

const POOL = 5;

interface Pending {
	id: string;
	name: 'category.upsert' | 'tradePoint.upsert';
	args: { id: string; name: string };
	createdAt: number;
}

const mutationArb = fc
	.record({
		kind: fc.constantFrom('category.upsert', 'tradePoint.upsert'),
		target: fc.nat(POOL - 1),
		label: fc.string({ minLength: 1, maxLength: 8 })
	})
	.map(({ kind, target, label }): Pending => ({
		id: uuidv7(),
		name: kind as Pending['name'],
		args: { id: String(target), name: `n-${label.replace(/\s/g, '_')}` },
		createdAt: 1
	}));

const stepArb = fc.record({
	device: fc.nat(2),
	size: fc.integer({ min: 1, max: 4 }),
	duplicate: fc.boolean(),
	dropAnswer: fc.boolean(),
	reverse: fc.boolean(),
	restart: fc.boolean()
});

let h: Harness;
beforeAll(async () => {
	h = await createHarness();
});
afterAll(() => h.close());

describe('exactly-once push', () => {
	it('applies each distinct mutation once, whatever the schedule', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(fc.array(mutationArb, { minLength: 1, maxLength: 6 }), {
					minLength: 3,
					maxLength: 3
				}),
				fc.array(stepArb, { minLength: 1, maxLength: 12 }),
				async (outboxes, steps) => {
					const org = await signupOrg(h);
					// Record ids are made per run: ids of an earlier run's organization would be
					// (rightly) refused as another organization's.
					const ids = Array.from({ length: POOL }, () => uuidv7());
					for (const m of outboxes.flat())
						if (m.args.id.length < 3) m.args.id = ids[Number(m.args.id)]!;
					// Some devices share mutations (the same work synced through two tabs).
					outboxes[1]!.push(...outboxes[0]!.slice(0, 2));
					let api = h.api;
					let restarted: { client: { close(): void } } | undefined;
					const send = async (batch: Pending[]) => {
						const res = await api.request('http://localhost/api/sync/push', {
							method: 'POST',
							headers: { authorization: `Bearer ${org.token}`, 'content-type': 'application/json' },
							body: JSON.stringify({ clientId: 'prop', mutations: batch })
						});
						expect(res.status).toBe(200);
						const body = (await res.json()) as { results: { id: string; status: string }[] };
						for (const r of body.results) expect(['applied', 'duplicate']).toContain(r.status);
						return body.results;
					};
					const queues = outboxes.map((o) => [...o]);
					for (const step of steps) {
						if (step.restart) {
							// A server restart: a new process over the same database file.
							restarted?.client.close();
							const deps = createDeps(h.config, bundledMigrations);
							await deps.ready();
							api = createApi(deps);
							restarted = deps;
						}
						const queue = queues[step.device]!;
						if (!queue.length) continue;
						let batch = queue.slice(0, step.size);
						if (step.reverse) batch = [...batch].reverse();
						const tries = step.duplicate ? [send(batch), send(batch)] : [send(batch)];
						await Promise.all(tries);
						// A lost answer: the device does not know, and keeps the batch to send again.
						if (!step.dropAnswer) queues[step.device] = queue.filter((m) => !batch.includes(m));
					}
					for (const queue of queues) if (queue.length) await send(queue);
					restarted?.client.close();

					const distinct = new Map<string, Pending>();
					for (const m of outboxes.flat()) distinct.set(m.id, m);
					const applied = await h.deps.db
						.select({ id: appliedMutations.id, version: appliedMutations.version })
						.from(appliedMutations)
						.where(eq(appliedMutations.organizationId, org.user.organizationId))
						.orderBy(asc(appliedMutations.version));
					expect(applied.map((a) => a.id).sort()).toEqual([...distinct.keys()].sort());
					const [counter] = await h.deps.db
						.select({ version: syncVersions.version })
						.from(syncVersions)
						.where(eq(syncVersions.organizationId, org.user.organizationId));
					// Version 1 is the default price list made at sign-up; one more per mutation.
					expect(counter!.version).toBe(1 + distinct.size);

					// The model: each distinct mutation once, in commit order; last write wins.
					const model = {
						categories: new Map<string, string>(),
						tradePoints: new Map<string, string>()
					};
					for (const a of applied) {
						const m = distinct.get(a.id)!;
						(m.name === 'category.upsert' ? model.categories : model.tradePoints).set(
							m.args.id,
							m.args.name
						);
					}
					const { state } = await pullAll(h, org.token);
					for (const table of ['categories', 'tradePoints'] as const) {
						const pulled = new Map(
							[...(state.get(table)?.values() ?? [])].map((r) => [
								(r as { id: string }).id,
								(r as { name: string }).name
							])
						);
						expect(pulled).toEqual(model[table]);
					}
				}
			),
			{ numRuns: Number(process.env.RUNS ?? 100) }
		);
		const [{ n }] = (await h.deps.db.select({ n: count() }).from(appliedMutations)) as [
			{ n: number }
		];
		expect(n).toBeGreaterThan(0);
	}, 600_000);
});
