import 'fake-indexeddb/auto';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb } from './sync/db';
import { rowsById } from './rows-by-id';

const db = openDb('default', 'rows-by-id-test');
afterAll(() => db.delete());

const point = (id: string, name: string) =>
	({ id, name, version: 1, branchId: 'b1' }) as unknown as Parameters<typeof db.tradePoints.put>[0];

describe('rowsById', () => {
	it('reads the named rows once each, skipping missing and empty ids', async () => {
		await db.tradePoints.bulkPut([
			point('p1', 'Dorixona'),
			point('p2', 'Kiosk'),
			point('p3', 'Shop')
		]);
		const rows = await rowsById(db.tradePoints, ['p2', null, 'p1', 'p2', undefined, '', 'gone']);
		expect([...rows.keys()].sort()).toEqual(['p1', 'p2']);
		expect(rows.get('p2')?.name).toBe('Kiosk');
	});

	it('gives an empty map for no ids', async () => {
		expect((await rowsById(db.tradePoints, [])).size).toBe(0);
	});
});
