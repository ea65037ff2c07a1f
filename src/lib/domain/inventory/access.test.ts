import { describe, expect, it } from 'vitest';
import { mayMoveStock, maySeeStock, type StockActor, type WarehouseRef } from './access';

const A = 'branch-a';
const B = 'branch-b';
const rep: StockActor = { role: 'rep', userId: 'rep-1', branchId: A };
const cashier: StockActor = { role: 'cashier', userId: 'cash-1', branchId: A };
const storekeeper: StockActor = { role: 'storekeeper', userId: 'sk-1', branchId: A };
const admin: StockActor = { role: 'admin', userId: 'adm', branchId: null };

const branchStore: WarehouseRef = { branchId: A, kind: 'branch', ownerId: null };
const otherBranchStore: WarehouseRef = { branchId: B, kind: 'branch', ownerId: null };
const ownVan: WarehouseRef = { branchId: A, kind: 'van', ownerId: 'rep-1' };
const otherVan: WarehouseRef = { branchId: A, kind: 'van', ownerId: 'rep-2' };
const ownStore: WarehouseRef = { branchId: A, kind: 'store', ownerId: 'cash-1' };

describe('mayMoveStock', () => {
	it.each([
		['a rep loads their own van from the branch', rep, branchStore, ownVan, true],
		['a rep unloads their own van into the branch', rep, ownVan, branchStore, true],
		["a rep touches another rep's van", rep, branchStore, otherVan, false],
		['a rep moves between branch warehouses', rep, branchStore, branchStore, false],
		['a rep writes off from their van', rep, ownVan, undefined, true],
		['a rep sends their van to another branch', rep, ownVan, otherBranchStore, false],
		['a cashier receives into their store', cashier, ownStore, undefined, true],
		["a cashier receives into a rep's van", cashier, ownVan, undefined, false],
		['a storekeeper loads any van of the branch', storekeeper, branchStore, otherVan, true],
		['a storekeeper sends to another branch', storekeeper, branchStore, otherBranchStore, false],
		['a storekeeper receives into another branch', storekeeper, otherBranchStore, undefined, false],
		['an admin moves between branches', admin, branchStore, otherBranchStore, true]
	] as const)('%s: %s', (_, actor, from, to, allowed) => {
		expect(mayMoveStock(actor, from, to)).toBe(allowed);
	});
});

describe('maySeeStock', () => {
	it('a rep sees only their own van, a storekeeper their branch', () => {
		expect(maySeeStock(rep, ownVan)).toBe(true);
		expect(maySeeStock(rep, otherVan)).toBe(false);
		expect(maySeeStock(rep, branchStore)).toBe(false);
		expect(maySeeStock(storekeeper, otherVan)).toBe(true);
		expect(maySeeStock(storekeeper, otherBranchStore)).toBe(false);
		expect(maySeeStock({ role: 'support', userId: 's', branchId: null }, branchStore)).toBe(false);
	});
});
