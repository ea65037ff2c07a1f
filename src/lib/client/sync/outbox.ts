/**
 * The outbox: every business write on the device becomes a mutation here, applied locally in
 * the same transaction, and stays until the server has it (or the user discards a refusal).
 * Plain TypeScript (no runes) so the service worker can flush it too.
 */
import { uuidv7 } from 'uuidv7';
import { AppError } from '../../domain/errors';
import { check, fieldErrors } from '../../domain/validation';
import {
	isMutationName,
	MUTATIONS,
	type ArgsOf,
	type MutationName
} from '../../domain/sync/registry';
import { SYNCED_TABLES, type RowOf, type SyncedTable } from '../../domain/sync/rows';
import { db, durableDb, type OptioDb, type OutboxEntry } from './db';
import { LocalWriter } from './local-writer';
import { runPlan, type DevicePlanContext } from './plan-runner';

export type DeviceContext = DevicePlanContext;
// Reading the queue needs no plans: it lives apart so a sync round with nothing queued loads none.
export { pendingEntries } from './pending';

/**
 * Validates args with the shared schema, applies the local effect and queues the mutation, all
 * in one durable transaction: either both happen or neither. Throws a `validation` AppError
 * naming the bad fields.
 * @example await enqueue('tradePoint.upsert', { id: uuidv7(), name: 'Kiosk 7' }, ctx);
 */
export async function enqueue<N extends MutationName>(
	name: N,
	args: ArgsOf<N>,
	ctx: DeviceContext
): Promise<OutboxEntry> {
	const def = MUTATIONS[name];
	const parsed = check(def.args, args);
	if (!parsed.success) {
		throw new AppError('validation', 'Invalid fields', fieldErrors(parsed.error));
	}
	return durableDb.transaction('rw', [...SYNCED_TABLES, 'outbox'], async () => {
		const now = Date.now();
		const writer = new LocalWriter(durableDb, { branchId: ctx.branchId, userId: ctx.userId, now });
		await runPlan(writer, name, parsed.data as ArgsOf<N>, ctx);
		const entry: OutboxEntry = {
			id: uuidv7(),
			name,
			v: def.version,
			args: parsed.data,
			createdAt: now,
			status: 'pending',
			attempts: 0,
			snapshots: writer.snapshots,
			userId: ctx.userId
		};
		await durableDb.outbox.add(entry);
		return entry;
	});
}

/**
 * Re-applies pending mutations on top of the rows just pulled, so the user keeps seeing their
 * own unsent work. Refreshes each entry's snapshots: they now describe the server's state.
 * Call inside a transaction over the synced tables and the outbox.
 */
export async function replayPending(
	database: OptioDb,
	ctx: DeviceContext,
	except?: string
): Promise<void> {
	const pending = (await database.outbox.where('status').equals('pending').sortBy('id')).filter(
		(e) => e.userId === ctx.userId && e.id !== except
	);
	for (const entry of pending) {
		const writer = new LocalWriter(database, {
			branchId: ctx.branchId,
			userId: ctx.userId,
			now: entry.createdAt
		});
		const parsed = MUTATIONS[entry.name as MutationName]?.args.safeParse(entry.args);
		if (!parsed?.success) continue;
		await runPlan(writer, entry.name as MutationName, parsed.data as ArgsOf<MutationName>, ctx);
		await database.outbox.update(entry.id, { snapshots: writer.snapshots });
	}
}

/** Undoes a refused mutation's local effect and re-applies the pending ones after it. */
export async function revert(entry: OutboxEntry, ctx: DeviceContext): Promise<void> {
	await durableDb.transaction('rw', [...SYNCED_TABLES, 'outbox'], async () => {
		for (const s of [...entry.snapshots].reverse()) {
			const table = durableDb[s.table as SyncedTable] as unknown as {
				put(r: RowOf[SyncedTable]): Promise<unknown>;
				delete(id: string): Promise<void>;
			};
			if (s.row) await table.put(s.row);
			else await table.delete(s.id);
		}
		await replayPending(durableDb, ctx, entry.id);
	});
}

/** The version of a mutation this app makes now (1 for a name it no longer knows). */
export function currentVersion(name: string): number {
	return isMutationName(name) ? MUTATIONS[name].version : 1;
}

/** Everything waiting or refused, for the Sync screen and the "save for support" file. */
export function allEntries(): Promise<OutboxEntry[]> {
	return db.outbox.orderBy('id').toArray();
}
