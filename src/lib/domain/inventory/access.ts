/**
 * Who may move stock where. One rule for the server (which refuses) and the screens (which
 * offer only what will be accepted):
 * - an administrator: any warehouse of the organization;
 * - a manager or storekeeper: the warehouses of their branch;
 * - a rep: documents that touch their own van (loading it from the branch's warehouse,
 *   unloading it back), and a cashier: their own store; the other side of a transfer must be
 *   in their branch.
 */
import type { Role } from '../roles';
import type { WarehouseKind } from './schemas';

export interface StockActor {
	role: Role;
	userId: string;
	branchId: string | null;
}

export interface WarehouseRef {
	branchId: string;
	kind: WarehouseKind;
	ownerId: string | null;
}

/** The warehouse is the actor's own: a rep's van or a cashier's store. */
export const ownsWarehouse = (actor: StockActor, w: WarehouseRef) =>
	w.ownerId === actor.userId &&
	((actor.role === 'rep' && w.kind === 'van') || (actor.role === 'cashier' && w.kind === 'store'));

/** May read this warehouse's stock. */
export function maySeeStock(actor: StockActor, w: WarehouseRef): boolean {
	switch (actor.role) {
		case 'admin':
			return true;
		case 'manager':
		case 'storekeeper':
			return w.branchId === actor.branchId;
		case 'rep':
		case 'cashier':
			return ownsWarehouse(actor, w);
		default:
			return false;
	}
}

/**
 * May save, post or cancel a document between these warehouses (`to` for a transfer).
 * @example mayMoveStock(rep, branchStore, repsVan) // true: loading their own van
 * @example mayMoveStock(rep, branchStore, otherVan) // false
 */
export function mayMoveStock(actor: StockActor, from: WarehouseRef, to?: WarehouseRef): boolean {
	const sides = to ? [from, to] : [from];
	switch (actor.role) {
		case 'admin':
			return true;
		case 'manager':
		case 'storekeeper':
			return sides.every((w) => w.branchId === actor.branchId);
		case 'rep':
		case 'cashier':
			return (
				sides.some((w) => ownsWarehouse(actor, w)) &&
				sides.every((w) => w.branchId === actor.branchId)
			);
		default:
			return false;
	}
}
