/**
 * Runs a mutation's plan (src/lib/domain/sync/plan.ts) on the device: its reads come from
 * IndexedDB as the plan asks for them, its writes go through the LocalWriter (which remembers
 * each row's first state, so a refusal can undo them). This is the optimistic effect; the
 * server runs the same plan to decide.
 */
import { AppError } from '../../domain/errors';
import {
	NotLoaded,
	Overlay,
	type Need,
	type NeedVia,
	type OrgSettings,
	type PlanContext
} from '../../domain/sync/plan';
import { PLANS, type PlanName } from '../../domain/sync/plans';
import type { Role } from '../../domain/roles';
import type { ArgsOf } from '../../domain/sync/registry';
import { applyMovements, balanceKey, type Movement } from '../../domain/inventory/ledger';
import { fromMilli, milliOf } from '../../domain/inventory/quantity';
import { balanceRowId, type SyncedTable } from '../../domain/sync/rows';
import type { LocalWriter } from './local-writer';

/** The signed-in user as a plan sees them on the device. */
export interface DevicePlanContext {
	userId: string;
	branchId: string | null;
	/** Unknown in older saved sessions: the device then refuses nothing the server may allow. */
	role?: Role;
	/** The organization's time zone, where the session knows it (days are counted in it). */
	timezone?: string;
	/**
	 * The organization's settings as the session has them (GET /api/me's `organization.settings`,
	 * the same object the server's planner reads), so a plan that obeys one (`strictMarking`,
	 * `negativeStockPolicy`, …) refuses on the device what the server will refuse.
	 */
	settings?: OrgSettings;
}

async function load(w: LocalWriter, overlay: Overlay, needs: readonly Need[]) {
	const ids = new Map<SyncedTable, Need[]>();
	for (const need of needs) {
		if (overlay.isLoaded(need)) continue;
		if ('all' in need) overlay.load([need], need.table, await w.all(need.table));
		else if (need.by === 'id') ids.set(need.table, [...(ids.get(need.table) ?? []), need]);
		else {
			const rows = await w.where(need.table, need.by, need.value);
			const { unset } = need;
			overlay.load(
				[need],
				need.table,
				unset ? rows.filter((r) => (r as unknown as Record<string, unknown>)[unset] === null) : rows
			);
		}
	}
	// Rows by id, a table at a time (a long document's lines in one read).
	for (const [table, byId] of ids) {
		overlay.load(
			byId,
			table,
			await w.bulkGet(
				table,
				byId.map((n) => ('all' in n ? '' : n.value))
			)
		);
	}
}

/** Moves this device's copy of the balances, as the server's ledger will. */
async function moveBalances(w: LocalWriter, movements: readonly Movement[]) {
	const before = new Map<string, number>();
	for (const m of movements) {
		const row = await w.get('balances', balanceRowId(m.warehouseId, m.productId));
		before.set(balanceKey(m.warehouseId, m.productId), milliOf(row?.qty ?? 0));
	}
	const after = applyMovements(before, movements);
	for (const m of movements) {
		const id = balanceRowId(m.warehouseId, m.productId);
		const old = await w.get('balances', id);
		await w.put('balances', {
			id,
			version: old?.version ?? 0,
			updatedAt: w.context.now,
			warehouseId: m.warehouseId,
			productId: m.productId,
			qty: fromMilli(after.get(balanceKey(m.warehouseId, m.productId)) ?? 0)
		});
	}
}

/**
 * Applies the plan's local effect. A plan the device refuses (a row it has not synced yet, a
 * price it does not know) leaves no local effect; the mutation is queued all the same and the
 * server, which has every row, decides.
 */
export async function runPlan<N extends PlanName>(
	w: LocalWriter,
	name: N,
	args: ArgsOf<N>,
	device: DevicePlanContext
): Promise<void> {
	const ctx: PlanContext = {
		organizationId: '',
		userId: device.userId,
		userName: '',
		role: device.role ?? 'admin',
		branchId: device.branchId,
		now: w.context.now,
		...(device.timezone ? { timezone: device.timezone } : {}),
		settings: device.settings ?? {},
		device: true
	};
	const overlay = new Overlay(true);
	const plan = PLANS[name].plan as (
		v: Overlay,
		a: ArgsOf<N>,
		c: PlanContext
	) => ReturnType<(typeof PLANS)[N]['plan']>;
	// What the plan says it reads, loaded together first (a long document's lines at once); rows
	// named by rows are asked for by the plan when it has the naming row.
	const def = PLANS[name] as { reads?: (a: ArgsOf<N>, c: PlanContext) => (Need | NeedVia)[] };
	if (def.reads) {
		await load(
			w,
			overlay,
			def.reads(args, ctx).filter((n): n is Need => !('via' in n))
		);
	}
	let planned;
	for (;;) {
		try {
			planned = plan(overlay, args, ctx);
			break;
		} catch (err) {
			if (err instanceof NotLoaded) await load(w, overlay, err.needs);
			else if (err instanceof AppError) return;
			else throw err;
		}
	}
	for (const write of planned.writes) {
		if ('put' in write) await w.put(write.put, write.row);
		else if ('delete' in write) await w.delete(write.delete, write.id);
		else if ('ledger' in write) await moveBalances(w, write.ledger);
		else if ('debt' in write) {
			const old = await w.get('debts', write.debt);
			await w.put('debts', {
				id: write.debt,
				version: old?.version ?? 0,
				updatedAt: w.context.now,
				amount: (old?.amount ?? 0) + write.amount
			});
		}
		// Numbers, audit events, tombstones and re-sent rows are the server's.
	}
}
