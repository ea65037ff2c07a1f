import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { OUTBOX_STORE, SCHEMA, openDb } from './db';

/** A change waiting in the outbox, as a rep's device would hold it. */
const queuedWork = (id: string) => ({
	id,
	name: 'tradePoint.upsert',
	args: { id: 'x', name: 'Kept' },
	createdAt: 1,
	status: 'pending' as const,
	attempts: 0,
	snapshots: [],
	userId: 'u1'
});

describe('device database schema', () => {
	it('keeps the outbox store unchanged in every version', () => {
		for (const v of SCHEMA) expect(v.stores.outbox, `version ${v.version}`).toBe(OUTBOX_STORE);
	});

	it('upgrades to a new version without losing queued work', async () => {
		const name = 'upgrade-test';
		const before = openDb('strict', name);
		await before.outbox.add(queuedWork('01900000-0000-7000-8000-00000000abcd'));
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

	// openDb declares only the newest version (a fast first screen): a device still on the
	// first version, with work queued, must come up with every later store and index.
	it('opens a database of the first version at the newest, with its rows and every index', async () => {
		const name = 'first-version-test';
		const old = openDb('strict', name, SCHEMA.slice(0, 1));
		await old.outbox.add(queuedWork('01900000-0000-7000-8000-00000000abce'));
		await old.table('products').add({ id: 'p1', version: 1, sku: 'S1', categoryId: null });
		expect(old.verno).toBe(1);
		old.close();

		const db = openDb('strict', name);
		expect(db.verno).toBe(SCHEMA.at(-1)!.version);
		expect(await db.outbox.count()).toBe(1);
		// Indexes a later version added (on a store the first version had, and on new stores).
		await db.products.update('p1', { photoId: 'ph1' });
		expect((await db.products.where('photoId').equals('ph1').toArray()).map((p) => p.id)).toEqual([
			'p1'
		]);
		expect(await db.payments.where('authorId').equals('u1').count()).toBe(0);
		expect(await db.taskDrafts.where('visitId').equals('v1').count()).toBe(0);
		db.close();
		await Dexie.delete(name);
	});
});
