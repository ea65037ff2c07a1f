/**
 * What the stock screens share: which warehouses the signed-in user may see or move stock in
 * (the same rule the server enforces), and how a document is named before and after the
 * server numbers it.
 */
import { mayMoveStock, maySeeStock, type StockActor } from '../domain/inventory/access';
import { provisionalNumber } from '../domain/inventory/ledger';
import { COUNTED_UNITS, type Unit } from '../domain/catalog/schemas';
import type { StockDocumentRow, WarehouseRow } from '../domain/sync/rows';
import { formatNumber, t } from '../i18n/i18n.svelte';
import { session } from './session.svelte';

export function stockActor(): StockActor | null {
	const user = session.user;
	return user ? { role: user.role, userId: user.id, branchId: user.branchId } : null;
}

/** Warehouses whose stock the user sees; their own (a van, a store) first. */
export function visibleWarehouses(all: readonly WarehouseRow[]): WarehouseRow[] {
	const actor = stockActor();
	if (!actor) return [];
	return all
		.filter((w) => !w.archived && maySeeStock(actor, w))
		.sort((a, b) => Number(b.ownerId === actor.userId) - Number(a.ownerId === actor.userId));
}

/** Warehouses the user may put in a document (`other`: the transfer's other side). */
export function movableWarehouses(
	all: readonly WarehouseRow[],
	other?: WarehouseRow
): WarehouseRow[] {
	const actor = stockActor();
	if (!actor) return [];
	return all.filter(
		(w) =>
			!w.archived &&
			(other ? w.id !== other.id && mayMoveStock(actor, other, w) : canStartIn(actor, all, w))
	);
}

/** A document may start in a warehouse if some transfer or other document there is allowed. */
function canStartIn(actor: StockActor, all: readonly WarehouseRow[], w: WarehouseRow): boolean {
	return mayMoveStock(actor, w) || all.some((o) => o.id !== w.id && mayMoveStock(actor, w, o));
}

/** The server's number once posted, else the provisional one (marked as such). */
export function documentTitle(doc: StockDocumentRow): string {
	return doc.number ?? provisionalNumber(doc.type, doc.id);
}

/** "12.5 kg", in the user's number format. */
export function formatQty(qty: number, unit: Unit | undefined): string {
	const n = formatNumber(qty, {
		maximumFractionDigits: unit && COUNTED_UNITS.includes(unit) ? 0 : 3
	});
	return unit ? `${n} ${t(`catalog.unit.${unit}`)}` : n;
}
