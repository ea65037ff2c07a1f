import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { OUTBOX_STORE, SCHEMA, openDb } from './db';

describe('device database schema', () => {
	it('keeps the outbox store unchanged in every version', () => {
		for (const v of SCHEMA) expect(v.stores.outbox, `version ${v.version}`).toBe(OUTBOX_STORE);
	});

	it('upgrades to a new version without losing queued work', async () => {
		const name = 'upgrade-test';
		const before = openDb('strict', name);
		await before.outbox.add({
			id: '01900000-0000-7000-8000-00000000abcd',
			name: 'tradePoint.upsert',
			args: { id: 'x', name: 'Kept' },
			createdAt: 1,
			status: 'pending',
			attempts: 0,
			snapshots: [],
			userId: 'u1'
		});
		before.close();

		const last = SCHEMA.at(-1)!;
		const next = [
			...SCHEMA,
			{ version: last.version + 1, stores: { ...last.stores, visits: 'id, tradePointId' } }
		];
		const after = openDb('strict', name, next);
		const kept = await after.outbox.toArray();
		expect(kept).toHaveLength(1);
		expect(kept[0]).toMatchObject({ name: 'tradePoint.upsert', status: 'pending' });
		expect(after.verno).toBe(last.version + 1);
		after.close();
	});
});
