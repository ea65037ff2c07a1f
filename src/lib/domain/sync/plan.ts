/**
 * A mutation written once: a pure `plan` over a view of synced rows that returns the writes it
 * makes and its result (or throws an AppError: a refusal). The device runs it over the rows in
 * IndexedDB for the optimistic effect; the server runs it over the rows of one read batch, each
 * plan of a push seeing the writes of those before it, and commits every plan's writes in one
 * write batch (src/lib/server/sync/planner.ts).
 *
 * A plan does not declare its reads: it asks the view, and a row the view has not loaded throws
 * `NotLoaded`. The runner loads what was asked for and plans again, so reads can never be
 * forgotten or go stale; on the server the asks of a whole batch are gathered and loaded in one
 * round trip (a plan that reads a row named by another row — a trade point's customer's debt —
 * asks twice, two round trips).
 */
import type { AuditAction } from '../audit-actions';
import type { Movement, NegativeStockPolicy } from '../inventory/ledger';
import type { CreditPolicy } from '../sales/credit';
import { fromMilli, milliOf } from '../inventory/quantity';
import { balanceRowId, type RowOf, type SyncedTable } from './rows';

/**
 * What a plan may read: one row by id, the rows whose `field` equals `value` (of those, only the
 * ones whose `unset` field is null, when given: a rep's open visits, not their whole history),
 * or a whole table.
 */
export type Need =
	| { table: SyncedTable; by: string; value: string; unset?: string }
	| { table: SyncedTable; all: true };

/**
 * A read hint for rows named by another row: the rows of `table` whose `by` is the `field` of
 * row `id` of `via` (a trade point's customer's debt), read in the same batch as that row.
 */
export interface NeedVia {
	table: SyncedTable;
	by: string;
	via: { table: SyncedTable; id: string; field: string };
}

export const needKey = (n: Need): string =>
	'all' in n ? `${n.table}|*` : `${n.table}|${n.by}|${n.value}${n.unset ? `|${n.unset}=null` : ''}`;

export interface Numbering {
	last: ReadonlyMap<string, number>;
	format(branchId: string, prefix: string, seq: number): string;
}

/**
 * Thrown by a view asked for rows it has not loaded: the runner loads them and plans again.
 * `needs` has more than one when the plan asked for a list at once (`View.prefetch`).
 */
export class NotLoaded extends Error {
	readonly needs: readonly Need[];
	constructor(
		readonly need: Need,
		more: readonly Need[] = []
	) {
		super(`Not loaded: ${needKey(need)}${more.length ? ` and ${more.length} more` : ''}`);
		this.needs = [need, ...more];
	}
}

/** The writes a plan makes, in the order they are made. */
/** A row put whole: the table's own row type. */
export interface Put<T extends SyncedTable> {
	put: T;
	row: RowOf[T];
	/** Columns only the server keeps (a receipt's price list, the device's total). */
	server?: Record<string, unknown>;
}

export type Write =
	| { [T in SyncedTable]: Put<T> }[SyncedTable]
	| { delete: SyncedTable; id: string }
	/**
	 * The row leaves the devices of `branchId` (it moved to another branch or another person):
	 * they drop it, and whoever sees it now gets the row of the same version (server).
	 */
	| { tombstone: SyncedTable; id: string; branchId: string }
	/**
	 * The rows whose `field` equals `value` take this mutation's version unchanged, so devices
	 * that now see them pull them (a van's stock, handed to another rep) (server).
	 */
	| { touch: SyncedTable; field: string; value: string }
	/**
	 * Stock movements; balances move by them, flags are raised for `short` pairs (server). The
	 * plan has read the balances they move (`planLedger`).
	 */
	| { ledger: readonly Movement[]; reversal: boolean; short: readonly ShortPair[] }
	/** A customer's debt moves by `amount` (minor units); the plan has read it (`addDebt`). */
	| { debt: string; amount: number }
	/** The next number of a series is taken. */
	| { number: { branchId: string; prefix: string } }
	/** An audit event (the server records it; the device has no audit log). */
	| { audit: AuditWrite };

export interface ShortPair {
	warehouseId: string;
	productId: string;
	branchId: string;
	/** Thousandths this posting took beyond what was there. */
	milli: number;
}

export interface AuditWrite {
	action: AuditAction;
	entity: string;
	entityId: string;
	before?: unknown;
	after?: unknown;
}

export interface Planned<R = unknown> {
	writes: Write[];
	result: R;
	/** The server's answer carries the mutation's version (`{ id, version, … }`). */
	versioned?: boolean;
}

/** The rules of the organization a plan obeys, as the caller knows them. */
export interface OrgSettings {
	negativeStockPolicy?: NegativeStockPolicy;
	creditLimit?: number | null;
	creditPolicy?: CreditPolicy;
	lowStockThreshold?: number;
	/** Metres from a trade point beyond which a check-in is flagged. */
	visitRadiusM?: number;
	/** Refuse selling a marking code the organization never received (strict control). */
	strictMarking?: boolean;
}

export interface PlanContext {
	organizationId: string;
	userId: string;
	userName: string;
	role: string;
	branchId: string | null;
	/** The time the user acted (device) or the server took the mutation (server). */
	now: number;
	timezone?: string;
	settings: OrgSettings;
	/** The organization's branches, oldest first, where the caller knows them (the server). */
	branches?: ReadonlySet<string>;
	/** The organization's people by user id, where the caller knows them (the server). */
	employees?: ReadonlyMap<string, Employee>;
	/** True on the device: numbers are provisional, the server decides what is refused. */
	device: boolean;
}

export interface Employee {
	role: string;
	branchId: string | null;
}

/** Rows as a plan sees them: the store's, with the writes of earlier plans on top. */
export interface View {
	get<T extends SyncedTable>(table: T, id: string): RowOf[T] | undefined;
	/** Rows whose `field` equals `value` (an index lookup), and whose `unset` field is null. */
	where<T extends SyncedTable>(
		table: T,
		field: keyof RowOf[T] & string,
		value: string,
		unset?: keyof RowOf[T] & string
	): RowOf[T][];
	all<T extends SyncedTable>(table: T): RowOf[T][];
	/** The number the next document of the series would take; null on the device. */
	nextNumber(branchId: string, prefix: string): string | null;
	/**
	 * Asks for many rows at once (a document's 2,000 lines' balances): every one not loaded yet is
	 * thrown in one `NotLoaded`, so the runner loads them together instead of one pass each.
	 */
	prefetch(needs: readonly Need[]): void;
}

/**
 * An in-memory view: rows loaded by need (the base), and the writes of plans on top (the layer).
 * `reset()` drops the layer, to plan a batch again after loading more rows. Used by both
 * runners; numbers are the server's (`loadNumber`).
 */
export class Overlay implements View {
	readonly #base = new Map<SyncedTable, Map<string, RowOf[SyncedTable]>>();
	readonly #layer = new Map<SyncedTable, Map<string, RowOf[SyncedTable] | null>>();
	readonly #loaded = new Set<string>();
	/**
	 * `where`'s indexes, by `table|field`: value → ids of every row (base or layer, any version)
	 * that held it. Built on a field's first lookup and kept up as rows come, so a batch of a
	 * thousand plans each asking for its product's prices reads a few rows, not all of them
	 * (scanning made an import's part quadratic). Entries may be stale; lookups check the row.
	 */
	readonly #indexes = new Map<SyncedTable, Map<string, Map<string, Set<string>>>>();
	/** Each row's place in its map, so `where` answers in the order a scan would. */
	readonly #baseOrder = new Map<SyncedTable, Map<string, number>>();
	readonly #layerOrder = new Map<SyncedTable, Map<string, number>>();
	#counter = 0;
	#numbering: Numbering | undefined;
	/** Numbers taken by the plans in the layer, by series. */
	readonly #taken = new Map<string, number>();

	constructor(private readonly device: boolean) {}

	#of<M>(maps: Map<SyncedTable, Map<string, M>>, table: SyncedTable): Map<string, M> {
		let rows = maps.get(table);
		if (!rows) maps.set(table, (rows = new Map()));
		return rows;
	}

	isLoaded(need: Need): boolean {
		return this.#loaded.has(needKey(need));
	}

	/** Records that `needs` are answered by `rows` (the store's rows, before any plan). */
	load<T extends SyncedTable>(needs: readonly Need[], table: T, rows: readonly RowOf[T][]): void {
		for (const need of needs) this.#loaded.add(needKey(need));
		const base = this.#of(this.#base, table);
		const indexes = this.#indexes.get(table);
		const order = this.#of(this.#baseOrder, table);
		for (const row of rows) {
			if (!base.has(row.id)) order.set(row.id, this.#counter++);
			base.set(row.id, row);
			if (indexes) this.#index(indexes, row);
		}
	}

	/**
	 * The server's numbering: `last` is each series' last number taken (by `branchId|prefix`),
	 * `format` makes the number from a sequence.
	 */
	setNumbering(numbering: Numbering): void {
		this.#numbering = numbering;
	}

	/** True when the row came from the store (it existed before the plans ran). */
	stored(table: SyncedTable, id: string): boolean {
		return this.#of(this.#base, table).has(id);
	}

	/** Forgets every plan's writes; loaded rows stay. */
	reset(): void {
		this.#layer.clear();
		this.#layerOrder.clear();
		this.#taken.clear();
	}

	#covered(table: SyncedTable, key: string): boolean {
		return this.#loaded.has(`${table}|*`) || this.#loaded.has(key);
	}

	get<T extends SyncedTable>(table: T, id: string): RowOf[T] | undefined {
		const layer = this.#of(this.#layer, table);
		if (layer.has(id)) return (layer.get(id) ?? undefined) as RowOf[T] | undefined;
		const row = this.#of(this.#base, table).get(id);
		if (row) return row as RowOf[T];
		if (!this.#covered(table, `${table}|id|${id}`)) {
			throw new NotLoaded({ table, by: 'id', value: id });
		}
		return undefined;
	}

	#rows<T extends SyncedTable>(table: T): RowOf[T][] {
		const layer = this.#of(this.#layer, table);
		const out: RowOf[T][] = [];
		for (const [id, row] of this.#of(this.#base, table)) {
			if (!layer.has(id)) out.push(row as RowOf[T]);
		}
		for (const row of layer.values()) if (row) out.push(row as RowOf[T]);
		return out;
	}

	where<T extends SyncedTable>(
		table: T,
		field: keyof RowOf[T] & string,
		value: string,
		unset?: keyof RowOf[T] & string
	) {
		const need: Need = { table, by: field, value, ...(unset ? { unset } : {}) };
		// Every row whose field equals the value covers the open ones too.
		if (
			!this.#covered(table, needKey(need)) &&
			!this.#covered(table, `${table}|${field}|${value}`)
		) {
			throw new NotLoaded(need);
		}
		const layer = this.#of(this.#layer, table);
		const base = this.#of(this.#base, table);
		const layerOrder = this.#of(this.#layerOrder, table);
		const baseOrder = this.#of(this.#baseOrder, table);
		const out: { row: RowOf[T]; at: number }[] = [];
		for (const id of this.#indexOf(table, field).get(value) ?? []) {
			const inLayer = layer.has(id);
			const r = inLayer ? layer.get(id) : base.get(id);
			const row = r as unknown as Record<string, unknown> | null | undefined;
			if (!row || row[field] !== value || (unset && row[unset] !== null)) continue;
			// A scan's order: the store's rows first, then the plans' writes, each as they came.
			const at = inLayer ? 2 ** 40 + layerOrder.get(id)! : baseOrder.get(id)!;
			out.push({ row: r as RowOf[T], at });
		}
		return out.sort((a, b) => a.at - b.at).map((x) => x.row);
	}

	#indexOf(table: SyncedTable, field: string): Map<string, Set<string>> {
		let indexes = this.#indexes.get(table);
		if (!indexes) this.#indexes.set(table, (indexes = new Map()));
		let index = indexes.get(field);
		if (!index) {
			indexes.set(field, (index = new Map()));
			const one = new Map([[field, index]]);
			for (const row of this.#of(this.#base, table).values()) this.#index(one, row);
			for (const row of this.#of(this.#layer, table).values()) if (row) this.#index(one, row);
		}
		return index;
	}

	#index(indexes: Map<string, Map<string, Set<string>>>, row: RowOf[SyncedTable]) {
		for (const [field, index] of indexes) {
			const value = (row as unknown as Record<string, unknown>)[field];
			if (typeof value !== 'string') continue;
			let ids = index.get(value);
			if (!ids) index.set(value, (ids = new Set()));
			ids.add(row.id);
		}
	}

	prefetch(needs: readonly Need[]): void {
		const missing = needs.filter(
			(n) => !this.#covered(n.table, needKey(n)) && !('by' in n && n.by === 'id' && this.#has(n))
		);
		if (missing.length) throw new NotLoaded(missing[0]!, missing.slice(1));
	}

	/** A row by id already in the base (loaded by another need) or written by a plan. */
	#has(n: { table: SyncedTable; value: string }): boolean {
		return (
			this.#of(this.#layer, n.table).has(n.value) || this.#of(this.#base, n.table).has(n.value)
		);
	}

	all<T extends SyncedTable>(table: T): RowOf[T][] {
		if (!this.#loaded.has(`${table}|*`)) throw new NotLoaded({ table, all: true });
		return this.#rows(table);
	}

	nextNumber(branchId: string, prefix: string): string | null {
		if (this.device || !this.#numbering) return null;
		const key = `${branchId}|${prefix}`;
		const seq = (this.#numbering.last.get(key) ?? 0) + (this.#taken.get(key) ?? 0) + 1;
		return this.#numbering.format(branchId, prefix, seq);
	}

	#put<T extends SyncedTable>(table: T, row: RowOf[T] | null, id: string) {
		const layer = this.#of(this.#layer, table);
		if (!layer.has(id)) this.#of(this.#layerOrder, table).set(id, this.#counter++);
		layer.set(id, row);
		const indexes = this.#indexes.get(table);
		if (row && indexes) this.#index(indexes, row);
	}

	/** Puts a plan's writes on top, so later plans see them. */
	apply(writes: readonly Write[]): void {
		for (const w of writes) {
			if ('put' in w) this.#put(w.put, w.row, w.row.id);
			else if ('delete' in w) this.#put(w.delete, null, w.id);
			else if ('number' in w) {
				const key = `${w.number.branchId}|${w.number.prefix}`;
				this.#taken.set(key, (this.#taken.get(key) ?? 0) + 1);
			} else if ('debt' in w) {
				const old = this.get('debts', w.debt);
				this.#put(
					'debts',
					{
						id: w.debt,
						version: old?.version ?? 0,
						updatedAt: old?.updatedAt ?? 0,
						amount: (old?.amount ?? 0) + w.amount
					},
					w.debt
				);
			} else if ('ledger' in w) {
				for (const m of w.ledger) {
					const id = balanceRowId(m.warehouseId, m.productId);
					const old = this.get('balances', id);
					this.#put(
						'balances',
						{
							id,
							version: old?.version ?? 0,
							updatedAt: old?.updatedAt ?? 0,
							warehouseId: m.warehouseId,
							productId: m.productId,
							qty: fromMilli(milliOf(old?.qty ?? 0) + m.milli)
						},
						id
					);
				}
			}
		}
	}
}
