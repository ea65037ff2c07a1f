/**
 * Applies a run of pushed mutations written as plans (src/lib/domain/sync/plan.ts) in a constant
 * number of database round trips, on the embedded file and on a remote libSQL alike:
 *
 * 1. One read batch, in one snapshot: the idempotency records, the organization's change
 *    version, its webhook subscriptions, branches and number series, and every row the plans
 *    say they read (`reads`).
 * 2. The plans run in order over an in-memory overlay, each seeing the writes of those before
 *    it. A plan that asks for a row nobody loaded (`NotLoaded`) is planned again after one more
 *    read batch with everything the pass asked for.
 * 3. One write batch, atomic: rows, ledger, debts, numbers, idempotency records, webhook rows.
 *    Its first statement moves the version from what step 1 read to the new one, or fails the
 *    batch if another writer moved it meanwhile; the run is then planned again from a fresh read
 *    (bounded), so a concurrent write is never overwritten with stale arithmetic.
 *
 * A refused mutation writes nothing and the rest of the run goes on.
 */
import type { InStatement, InValue, ResultSet } from '@libsql/client';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { uuidv7 } from 'uuidv7';
import { balanceKey } from '../../domain/inventory/ledger';
import { crossedBelow } from '../../domain/inventory/low-stock';
import { fromMilli, milliOf } from '../../domain/inventory/quantity';
import { eventOf } from '../../domain/integrations/webhooks';
import { branchCode, sequenceNumber, yearIn } from '../../domain/numbering';
import {
	NotLoaded,
	Overlay,
	needKey,
	type Employee,
	type Need,
	type NeedVia,
	type OrgSettings,
	type PlanContext,
	type Planned,
	type Write
} from '../../domain/sync/plan';
import type { PushResult, PushedMutation } from '../../domain/sync/protocol';
import type { SyncedTable } from '../../domain/sync/rows';
import type { AuthContext } from '../auth/session';
import { MUTATIONS } from '../../domain/sync/registry';
import { parse } from '../../domain/validation';
import type { Db, Tx } from '../db/client';
import { isUniqueViolation } from '../db/errors';
import { insertRows, rawStatements } from '../db/raw';
import { PLANS, type PlanName, type ReadContext } from '../../domain/sync/plans';
import { S } from './pull';
import { columnsOf, tableMap, type TableMap } from './tables';

/** A pushed mutation that passed its checks: its args parsed, its args' hash. */
export interface PlanItem {
	m: PushedMutation;
	args: unknown;
	hash: string;
	/** Set when the mutation was refused before planning (name, permission, args). */
	refused?: PushResult;
}

interface Recorded {
	argsHash: string;
	result: unknown;
}

/** Fresh reads after a concurrent write, before the run gives up. */
const MAX_ATTEMPTS = 4;
/** Read batches a run may take to find every row its plans need (a pack of packs of marking
 * codes takes one per level: a receipt, its pallet, the boxes, their units). */
const MAX_READS = 6;
type Client = {
	batch(stmts: InStatement[], mode: 'read' | 'write'): Promise<ResultSet[]>;
};

/** Where a run reads and writes: the database, or a caller's open transaction. */
interface Store {
	read(stmts: InStatement[]): Promise<ResultSet[]>;
	write(stmts: InStatement[]): Promise<unknown>;
}

function storeOf(db: Db): Store {
	const client = (db as unknown as { $client: Client }).$client;
	return { read: (s) => client.batch(s, 'read'), write: (s) => client.batch(s, 'write') };
}

/**
 * Writers of one organization on one connection take turns: their guards would only clash.
 * (Other connections, processes and isolates are what the guard is for.)
 */
const turns = new WeakMap<Db, Map<string, Promise<unknown>>>();

function inTurn<T>(db: Db, key: string, fn: () => Promise<T>): Promise<T> {
	let queue = turns.get(db);
	if (!queue) turns.set(db, (queue = new Map()));
	const before = queue.get(key) ?? Promise.resolve();
	const run = before.then(fn, fn);
	const settled = run.catch(() => undefined);
	queue.set(key, settled);
	void settled.then(() => {
		if (queue.get(key) === settled) queue.delete(key);
	});
	return run;
}

/** How often a run was planned again because another writer got there first (for tests). */
export const plannerStats = { retries: 0 };

/** What a caller adds to a run of mutations (applyPlanned, push.ts's applyBatch). */
export interface PlanOptions {
	/**
	 * The caller's own statements to commit in the same batch as the mutations, made from
	 * their results (each attempt's): what the caller records of the batch then commits, or
	 * vanishes, with it, in one commit (the 1C import's links and where it stands).
	 */
	also?: (results: PushResult[]) => InStatement[];
	/**
	 * The mutation ids were made by the server for this one call (the 1C import's): no one
	 * can send them again, so no idempotency records are written for them (webhook events
	 * still are). A device's ids are its own and always recorded.
	 */
	freshIds?: boolean;
}

export function applyPlanned(
	db: Db,
	auth: AuthContext,
	organizationId: string,
	clientId: string,
	items: PlanItem[],
	answer: (m: PushedMutation, hash: string, done: Recorded) => PushResult,
	refusal: (id: string, err: unknown) => PushResult | null,
	options: PlanOptions = {}
): Promise<PushResult[]> {
	const { also } = options;
	return inTurn(db, organizationId, async () => {
		let ordered = false;
		for (let attempt = 1; ; attempt++) {
			const run = new Run(
				storeOf(db),
				auth,
				organizationId,
				clientId,
				items,
				answer,
				refusal,
				options.freshIds ? 'events' : 'records'
			);
			const results = await run.plan();
			try {
				await run.write(ordered, also?.(results) ?? []);
				return results;
			} catch (err) {
				if (attempt >= MAX_ATTEMPTS) throw err;
				if (isGuardFailure(err)) {
					plannerStats.retries++;
					continue;
				}
				if (isUniqueViolation(err)) {
					// Either another writer took the value (a fresh read shows it) or this run's rows
					// pass a unique value between them (two products swapping SKUs), which only holds
					// when each write is made in the order the plans made it.
					plannerStats.retries++;
					ordered = true;
					continue;
				}
				throw err;
			}
		}
	});
}

const GUARD_FAILED = 'NOT NULL constraint failed: sync_versions.version';

function isGuardFailure(err: unknown): boolean {
	for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
		if ((e as { message?: string }).message?.includes(GUARD_FAILED)) return true;
	}
	return false;
}

/**
 * Applies mutations written as plans inside the caller's transaction, for a write that must be
 * all or nothing with the caller's own (the CSV import): args checked by the registry's
 * schemas, planned as one run over the rows the transaction sees, written in it. No
 * idempotency records or webhook events: these are not a device's mutations. A refusal throws
 * its AppError (the caller's transaction then rolls back). Answers each mutation's result.
 */
export async function applyInTransaction(
	tx: Tx,
	auth: AuthContext,
	organizationId: string,
	mutations: readonly { name: PlanName; args: unknown }[]
): Promise<unknown[]> {
	if (!mutations.length) return [];
	const inner = rawStatements(tx);
	const store: Store = { read: (s) => inner.batch(s), write: (s) => inner.batch(s) };
	const items: PlanItem[] = mutations.map((m, i) => ({
		m: { id: `in-transaction-${i}`, name: m.name, args: m.args, createdAt: 0 },
		args: parse(MUTATIONS[m.name].args, m.args),
		hash: ''
	}));
	const run = new Run(
		store,
		auth,
		organizationId,
		'',
		items,
		() => {
			throw new Error('Not a repeat: these mutations have no ids.');
		},
		(_id, err) => {
			throw err;
		},
		'nothing'
	);
	const results = await run.plan();
	await run.write();
	return results.map((r) => ('result' in r ? r.result : undefined));
}

/** What one applied mutation wrote, in order. */
interface Applied {
	item: PlanItem;
	planned: Planned;
	version: number | null;
	/** Low-stock crossings its ledger made (webhook rows). */
	crossings: { warehouseId: string; productId: string; after: number; documentId: string }[];
}

class Run {
	readonly overlay = new Overlay(false);
	readonly now = Date.now();
	readonly recorded = new Map<string, Recorded>();
	baseVersion = 0;
	subscriptions: { id: string; events: string[] }[] = [];
	ctx!: PlanContext;
	applied: Applied[] = [];

	constructor(
		readonly store: Store,
		readonly auth: AuthContext,
		readonly organizationId: string,
		readonly clientId: string,
		readonly items: PlanItem[],
		readonly answer: (m: PushedMutation, hash: string, done: Recorded) => PushResult,
		readonly refusal: (id: string, err: unknown) => PushResult | null,
		/**
		 * What the run keeps of its mutations besides their writes: idempotency records and webhook
		 * events (a device's push), the events alone (ids the server made for this one call, which
		 * no one can send again: applyPlanned's `freshIds`), or neither (mutations inside a
		 * caller's transaction, not a device's).
		 */
		readonly keeps: 'records' | 'events' | 'nothing' = 'records'
	) {}

	/** Steps 1 and 2: reads until every plan has what it asked for, then the answers. */
	async plan(): Promise<PushResult[]> {
		const settings = (this.auth.organization?.settings ?? {}) as OrgSettings;
		const timezone = this.auth.organization?.timezone;
		const year = yearIn(timezone, this.now);
		const needs: (Need | NeedVia)[] = [];
		for (const item of this.items) {
			if (item.refused) continue;
			const def = PLANS[item.m.name as PlanName];
			const reads = def.reads as ((a: unknown, c: ReadContext) => (Need | NeedVia)[]) | undefined;
			if (reads) needs.push(...reads(item.args, this.auth));
		}
		const org = this.organizationId;
		// Ids nobody records cannot have been seen before: an empty list finds nothing at once.
		const seen = this.keeps === 'records' ? this.items.map((i) => i.m.id) : [];
		const fixed: InStatement[] = [
			{
				sql: `SELECT id, args_hash, result FROM applied_mutations
					WHERE organization_id = ? AND id IN (SELECT value FROM json_each(?))`,
				args: [org, JSON.stringify(seen)]
			},
			{ sql: 'SELECT version FROM sync_versions WHERE organization_id = ?', args: [org] },
			{
				sql: 'SELECT id, events FROM webhook_subscriptions WHERE organization_id = ?',
				args: [org]
			},
			{
				sql: 'SELECT id, name FROM branches WHERE organization_id = ? ORDER BY created_at, id',
				args: [org]
			},
			{
				sql: `SELECT u.id, r.role, r.branch_id FROM users u JOIN role_assignments r ON r.user_id = u.id
					WHERE u.organization_id = ? ORDER BY r.id`,
				args: [org]
			},
			{
				sql: 'SELECT branch_id, type, seq FROM document_counters WHERE organization_id = ? AND year = ?',
				args: [org, year]
			}
		];
		const [done, version, subs, branches, people, counters, ...rest] = await this.read([
			...fixed,
			...this.needStatements(needs)
		]);
		for (const r of done!.rows) {
			this.recorded.set(String(r.id), {
				argsHash: String(r.args_hash),
				result: r.result === null ? null : (JSON.parse(String(r.result)) as unknown)
			});
		}
		this.baseVersion = Number(version!.rows[0]?.version ?? 0);
		this.subscriptions = subs!.rows.map((r) => ({
			id: String(r.id),
			events: JSON.parse(String(r.events)) as string[]
		}));
		const names = new Map(branches!.rows.map((r) => [String(r.id), String(r.name)]));
		const employees = new Map<string, Employee>();
		for (const r of people!.rows) {
			// A person's first role, as the hand-written checks read it.
			if (!employees.has(String(r.id))) {
				employees.set(String(r.id), {
					role: String(r.role),
					branchId: r.branch_id === null ? null : String(r.branch_id)
				});
			}
		}
		this.overlay.setNumbering({
			last: new Map(counters!.rows.map((r) => [`${r.branch_id}|${r.type}`, Number(r.seq)])),
			format: (branchId, prefix, seq) =>
				sequenceNumber(prefix, branchCode(names.get(branchId) ?? '', branchId), year, seq)
		});
		this.loadNeeds(needs, rest);
		this.ctx = {
			organizationId: org,
			userId: this.auth.userId,
			userName: this.auth.name,
			role: this.auth.role,
			branchId: this.auth.branchId,
			now: this.now,
			timezone,
			settings,
			branches: new Set(names.keys()),
			employees,
			device: false
		};

		for (let reads = 1; ; reads++) {
			const { results, missing } = this.pass();
			if (!missing.length) return results;
			if (reads >= MAX_READS) throw new Error(`Plans still missing rows: ${missing.map(needKey)}`);
			this.loadNeeds(missing, await this.read(this.needStatements(missing)));
		}
	}

	/** Runs every plan in order over the overlay; what they asked for and did not find. */
	pass(): { results: PushResult[]; missing: Need[] } {
		this.overlay.reset();
		this.applied = [];
		const results: PushResult[] = [];
		const missing = new Map<string, Need>();
		const thisRun = new Map<string, Recorded>();
		let version = this.baseVersion;
		for (const item of this.items) {
			const { m } = item;
			const done = this.recorded.get(m.id) ?? thisRun.get(m.id);
			if (done) {
				results.push(this.answer(m, item.hash, done));
				continue;
			}
			if (item.refused) {
				results.push(item.refused);
				continue;
			}
			let planned: Planned;
			try {
				const def = PLANS[m.name as PlanName];
				planned = (def.plan as (v: Overlay, a: unknown, c: PlanContext) => Planned)(
					this.overlay,
					item.args,
					this.ctx
				);
			} catch (err) {
				if (err instanceof NotLoaded) {
					for (const need of err.needs) missing.set(needKey(need), need);
					results.push({ id: m.id, status: 'applied', result: null });
					continue;
				}
				const refused = this.refusal(m.id, err);
				if (!refused) throw err;
				results.push(refused);
				continue;
			}
			const { writes } = planned;
			const v = writes.length ? ++version : null;
			const crossings = this.crossings(writes);
			this.overlay.apply(writes);
			const result =
				planned.versioned && v !== null
					? { ...(planned.result as object), version: v }
					: planned.result;
			const applied: Applied = { item, planned: { ...planned, result }, version: v, crossings };
			this.applied.push(applied);
			// As a repeat would read it back from its record (JSON), copied only if one comes.
			thisRun.set(m.id, {
				argsHash: item.hash,
				get result() {
					return JSON.parse(JSON.stringify(result ?? null)) as unknown;
				}
			});
			results.push({ id: m.id, status: 'applied', result });
		}
		return { results, missing: [...missing.values()] };
	}

	/** The pairs the plan's stock movements take below the organization's low-stock threshold. */
	crossings(writes: readonly Write[]): Applied['crossings'] {
		const threshold = this.ctx.settings.lowStockThreshold;
		if (typeof threshold !== 'number') return [];
		const out: Applied['crossings'] = [];
		for (const w of writes) {
			if (!('ledger' in w) || !w.ledger.length) continue;
			const before = new Map<string, number>();
			const net = new Map<string, { warehouseId: string; productId: string; milli: number }>();
			for (const mv of w.ledger) {
				const key = balanceKey(mv.warehouseId, mv.productId);
				const row = this.overlay.get('balances', `${mv.warehouseId}:${mv.productId}`);
				before.set(key, milliOf(row?.qty ?? 0));
				const n = net.get(key) ?? {
					warehouseId: mv.warehouseId,
					productId: mv.productId,
					milli: 0
				};
				n.milli += mv.milli;
				net.set(key, n);
			}
			for (const c of crossedBelow(before, [...net.values()], Math.round(threshold * 1000))) {
				out.push({ ...c, documentId: w.ledger[0]!.documentId });
			}
		}
		return out;
	}

	async read(stmts: InStatement[]): Promise<ResultSet[]> {
		if (!stmts.length) return [];
		return this.store.read(stmts);
	}

	/** One statement per table and field asked for: `… WHERE field IN (…)`. */
	needStatements(needs: readonly (Need | NeedVia)[]): InStatement[] {
		return this.groupNeeds(needs).map((g) => g.stmt);
	}

	/** The needs not loaded yet, by table and field; rows named by rows come last. */
	groupNeeds(needs: readonly (Need | NeedVia)[]) {
		interface Group {
			table: SyncedTable;
			by: string | null;
			via?: { table: SyncedTable; field: string };
			unset?: string;
			values: Set<string>;
		}
		const groups = new Map<string, Group>();
		const add = (key: string, g: Omit<Group, 'values'>, value?: string) => {
			let group = groups.get(key);
			if (!group) groups.set(key, (group = { ...g, values: new Set() }));
			if (value !== undefined) group.values.add(value);
		};
		for (const n of needs) {
			if ('via' in n) {
				const { table, field, id } = n.via;
				add(
					`${n.table}|${n.by}|via:${table}.${field}`,
					{ table: n.table, by: n.by, via: { table, field } },
					id
				);
			} else if (!this.overlay.isLoaded(n)) {
				const by = 'all' in n ? null : n.by;
				const unset = 'all' in n ? undefined : n.unset;
				add(
					`${n.table}|${by ?? '*'}|${unset ?? ''}`,
					{ table: n.table, by, ...(unset ? { unset } : {}) },
					'all' in n ? undefined : n.value
				);
			}
		}
		return [...groups.values()]
			.sort((a, b) => Number(!!a.via) - Number(!!b.via))
			.map((g) => ({ ...g, stmt: this.select(g.table, g.by, [...g.values], g.via, g.unset) }));
	}

	select(
		table: SyncedTable,
		by: string | null,
		values: string[],
		via?: { table: SyncedTable; field: string },
		/** Only the rows whose this field is null. */
		unset?: string
	): InStatement {
		const map = tableMap(table);
		const { byKey } = columnsOf(map.table);
		const name = tableName(map.table);
		const org = this.organizationId;
		if (by === null) return { sql: `SELECT * FROM ${name} WHERE organization_id = ?`, args: [org] };
		const list = JSON.stringify(values);
		if (via) {
			const from = tableMap(via.table);
			const col = byKey[by === 'id' && map.key.length === 1 ? map.key[0]! : by]!;
			const field = columnsOf(from.table).byKey[via.field]!;
			return {
				sql: `SELECT * FROM ${name} WHERE organization_id = ? AND ${col.name} IN
					(SELECT ${field.name} FROM ${tableName(from.table)}
					WHERE organization_id = ? AND id IN (SELECT value FROM json_each(?)))`,
				args: [org, org, list]
			};
		}
		if (by === 'id' && map.key.length === 1) {
			// The organization's own rows only: an id another organization holds is another record.
			return {
				sql: `SELECT * FROM ${name} WHERE organization_id = ? AND ${byKey[map.key[0]!]!.name} IN (SELECT value FROM json_each(?))`,
				args: [org, list]
			};
		}
		if (by === 'id') {
			// One JSON list, not a parameter per column: a batch of long documents asks for more
			// pairs than SQLite binds parameters.
			const cols = map.key.map((k) => byKey[k]!.name);
			const parts = values.map((v) => map.splitId(v));
			const picks = cols.map((_, i) => `json_extract(value, '$[${i}]')`).join(', ');
			return {
				sql: `SELECT * FROM ${name} WHERE organization_id = ? AND (${cols.join(', ')}) IN (SELECT ${picks} FROM json_each(?))`,
				args: [org, JSON.stringify(parts)]
			};
		}
		const col = byKey[by];
		if (!col) throw new Error(`${table} has no column ${by}`);
		const also = unset ? ` AND ${byKey[unset]!.name} IS NULL` : '';
		return {
			sql: `SELECT * FROM ${name} WHERE organization_id = ? AND ${col.name} IN (SELECT value FROM json_each(?))${also}`,
			args: [org, list]
		};
	}

	loadNeeds(needs: readonly (Need | NeedVia)[], results: ResultSet[]) {
		const groups = this.groupNeeds(needs);
		groups.forEach((g, i) => {
			const source = S[g.table];
			const rows = results[i]!.rows.map((raw) => source.fromStored(raw));
			const { by, via, unset } = g;
			// Rows named by rows: answered for each naming row read in this batch (read first).
			const values = via
				? [...g.values].flatMap((id) => {
						const named = this.overlay.stored(via.table, id)
							? (this.overlay.get(via.table, id) as unknown as Record<string, unknown>)[via.field]
							: null;
						return typeof named === 'string' ? [named] : [];
					})
				: [...g.values];
			this.overlay.load(
				by === null
					? [{ table: g.table, all: true }]
					: values.map((value) => ({ table: g.table, by, value, ...(unset ? { unset } : {}) })),
				g.table,
				rows
			);
		});
	}

	/**
	 * Step 3: every applied plan's writes, in one atomic batch behind the version guard. `ordered`:
	 * each put and delete its own statement, in the order made (else each row once, grouped).
	 */
	async write(ordered = false, also: InStatement[] = []): Promise<void> {
		if (!this.applied.length) {
			if (also.length) await this.store.write(also);
			return;
		}
		const stmts = new WriteBatch(this, ordered).statements();
		await this.store.write(also.length ? [...stmts, ...also] : stmts);
	}
}

const tableName = (table: object): string =>
	(table as Record<symbol, string>)[Symbol.for('drizzle:Name')]!;

/** The statements of a run's write batch. */
class WriteBatch {
	readonly stmts: InStatement[] = [];
	constructor(
		readonly run: Run,
		readonly ordered = false
	) {}

	statements(): InStatement[] {
		const { run } = this;
		const org = run.organizationId;
		const last = run.applied.reduce((v, a) => Math.max(v, a.version ?? 0), run.baseVersion);
		// The guard: NULL (refused by NOT NULL) unless the version is still what the read saw.
		this.stmts.push({
			sql: `INSERT INTO sync_versions (organization_id, version) VALUES (?, ?)
				ON CONFLICT (organization_id) DO UPDATE
				SET version = CASE WHEN version = ? THEN excluded.version ELSE NULL END`,
			args: [org, last, run.baseVersion]
		});
		this.rows();
		this.moved();
		this.ledger();
		this.debts();
		this.numbers();
		if (run.keeps !== 'nothing') this.records();
		this.audits();
		return this.stmts;
	}

	/**
	 * Puts (the last state of each row) and deletes with their tombstones. A row that existed is
	 * updated in the columns the plan knows (the server's own, such as a receipt's creation time,
	 * stay); a new one is inserted whole.
	 */
	rows() {
		if (this.ordered) return this.rowsInOrder();
		const { run } = this;
		const puts = new Map<SyncedTable, Map<string, Record<string, unknown>>>();
		// The last write of a row wins: a put after a delete brings it back (no delete, no tombstone).
		const deletes = new Map<string, { table: SyncedTable; id: string; version: number }>();
		for (const a of run.applied) {
			for (const w of a.planned.writes) {
				if ('put' in w) {
					const map = tableMap(w.put);
					let rows = puts.get(w.put);
					if (!rows) puts.set(w.put, (rows = new Map()));
					if (deletes.size) deletes.delete(`${w.put}|${w.row.id}`);
					// A row put twice in one run (an order made, then confirmed) keeps the server's
					// columns the first put gave.
					const row = Object.assign(
						rows.get(w.row.id) ?? {},
						defined(map.fromRow(w.row, w.server))
					);
					row.organizationId = run.organizationId;
					row.version = a.version;
					row.updatedAt = run.now;
					rows.set(w.row.id, row);
				} else if ('delete' in w) {
					puts.get(w.delete)?.delete(w.id);
					deletes.set(`${w.delete}|${w.id}`, { table: w.delete, id: w.id, version: a.version! });
				}
			}
		}
		for (const [table, rows] of puts) {
			const fresh: Record<string, unknown>[] = [];
			for (const [id, row] of rows) {
				if (run.overlay.stored(table, id)) this.update(table, id, row);
				else fresh.push(row);
			}
			this.upsert(table, fresh);
		}
		for (const d of deletes.values()) this.remove(d.table, d.id, d.version);
	}

	/** Deletes the row and leaves a tombstone for devices, if there was a row. */
	remove(table: SyncedTable, id: string, version: number) {
		const map = tableMap(table);
		const org = this.run.organizationId;
		this.stmts.push({
			sql: `DELETE FROM ${tableName(map.table)} WHERE organization_id = ? AND ${keyWhere(map)}`,
			args: [org, ...map.splitId(id)]
		});
		this.stmts.push({
			sql: `INSERT INTO tombstones (organization_id, table_name, row_id, branch_id, version)
				SELECT ?, ?, ?, NULL, ? WHERE changes() > 0`,
			args: [org, table, id, version]
		});
	}

	/** Each put and delete as made, one statement each: every intermediate state is respected. */
	rowsInOrder() {
		const { run } = this;
		const written = new Map<string, Record<string, unknown>>();
		for (const a of run.applied) {
			for (const w of a.planned.writes) {
				if ('put' in w) {
					const key = `${w.put}|${w.row.id}`;
					const row = Object.assign(
						{ ...written.get(key) },
						defined(tableMap(w.put).fromRow(w.row, w.server)),
						{ organizationId: run.organizationId, version: a.version, updatedAt: run.now }
					);
					if (written.has(key) || run.overlay.stored(w.put, w.row.id)) {
						this.update(w.put, w.row.id, row);
					} else this.upsert(w.put, [row]);
					written.set(key, row);
				} else if ('delete' in w) {
					written.delete(`${w.delete}|${w.id}`);
					this.remove(w.delete, w.id, a.version!);
				}
			}
		}
	}

	/** Rows that left a branch's devices (tombstones), and rows sent again (a new version). */
	moved() {
		const { run } = this;
		const org = run.organizationId;
		const tombstones: InValue[][] = [];
		for (const a of run.applied) {
			for (const w of a.planned.writes) {
				if ('tombstone' in w) tombstones.push([org, w.tombstone, w.id, w.branchId, a.version]);
				else if ('touch' in w) {
					const map = tableMap(w.touch);
					const col = columnsOf(map.table).byKey[w.field];
					if (!col) throw new Error(`${w.touch} has no column ${w.field}`);
					this.stmts.push({
						sql: `UPDATE ${tableName(map.table)} SET version = ? WHERE organization_id = ? AND ${col.name} = ?`,
						args: [a.version, org, w.value]
					});
				}
			}
		}
		this.insert('tombstones', 'organization_id table_name row_id branch_id version', tombstones);
	}

	update(table: SyncedTable, id: string, row: Record<string, unknown>) {
		const map = tableMap(table);
		const { byKey } = columnsOf(map.table);
		const keys = Object.keys(row).filter((k) => byKey[k] && !map.key.includes(k));
		this.stmts.push({
			sql: `UPDATE ${tableName(map.table)} SET ${keys.map((k) => `${byKey[k]!.name} = ?`).join(', ')}
				WHERE organization_id = ? AND ${keyWhere(map)}`,
			args: [
				...keys.map((k) => driverValue(byKey[k]!, row[k])),
				this.run.organizationId,
				...map.splitId(id)
			]
		});
	}

	/** New rows, inserted whole, by the columns they have (an upsert: a concurrent insert wins). */
	upsert(table: SyncedTable, rows: Record<string, unknown>[]) {
		const map = tableMap(table);
		const { byKey } = columnsOf(map.table);
		const bySignature = new Map<string, Record<string, unknown>[]>();
		for (const r of rows) {
			// In the order the plan gave them: rows of one plan group together without a sort each.
			let sig = '';
			for (const k in r) if (byKey[k]) sig += sig ? `,${k}` : k;
			const group = bySignature.get(sig);
			if (group) group.push(r);
			else bySignature.set(sig, [r]);
		}
		for (const [sig, group] of bySignature) {
			const keys = sig.split(',');
			const cols = keys.map((k) => byKey[k]!);
			// Keys are the organization's own: the same id in another organization is another row.
			const conflict = ['organization_id', ...map.key.map((k) => byKey[k]!.name)];
			const set = cols
				.filter((c) => !conflict.includes(c.name) && c.name !== 'organization_id')
				.map((c) => `${c.name} = excluded.${c.name}`)
				.join(', ');
			this.insert(
				tableName(map.table),
				cols,
				group.map((r) => keys.map((k, i) => driverValue(cols[i]!, r[k]))),
				`ON CONFLICT (${conflict.join(', ')}) DO UPDATE SET ${set}`
			);
		}
	}

	/** A multi-row INSERT (db/raw.ts's insertRows); `cols` the columns, or their names separated by spaces. */
	insert(name: string, cols: SQLiteColumn[] | string, rows: InValue[][], tail = '') {
		if (!rows.length) return;
		const names = typeof cols === 'string' ? cols.split(' ') : cols.map((c) => c.name);
		this.stmts.push(...insertRows(name, names, rows, tail));
	}

	/** Movements, balances moved by them (relative), new flags, flags the stock cleared, low stock. */
	ledger() {
		const { run } = this;
		const org = run.organizationId;
		const movements: InValue[][] = [];
		const net = new Map<string, { w: string; p: string; milli: number; version: number }>();
		const flags: InValue[][] = [];
		const hooks: InValue[][] = [];
		for (const a of run.applied) {
			for (const w of a.planned.writes) {
				if (!('ledger' in w)) continue;
				for (const mv of w.ledger) {
					movements.push([
						org,
						mv.warehouseId,
						mv.productId,
						mv.milli,
						mv.documentId,
						mv.line,
						w.reversal ? 1 : 0,
						run.now
					]);
					const key = balanceKey(mv.warehouseId, mv.productId);
					const n = net.get(key) ?? { w: mv.warehouseId, p: mv.productId, milli: 0, version: 0 };
					n.milli += mv.milli;
					n.version = a.version!;
					net.set(key, n);
				}
				for (const s of w.short) {
					flags.push([
						uuidv7(),
						org,
						s.branchId,
						s.warehouseId,
						s.productId,
						w.ledger[0]!.documentId,
						s.milli,
						'open',
						run.now,
						a.version!,
						run.now
					]);
				}
			}
			for (const c of a.crossings) {
				hooks.push(
					...this.hookRows('stock.below_threshold', {
						warehouseId: c.warehouseId,
						productId: c.productId,
						qty: fromMilli(c.after),
						threshold: run.ctx.settings.lowStockThreshold,
						documentId: c.documentId
					})
				);
			}
		}
		this.insert(
			'stock_movements',
			'organization_id warehouse_id product_id milli document_id line reversal at',
			movements
		);
		const pairs = [...net.values()];
		this.insert(
			'stock_balances',
			'organization_id warehouse_id product_id milli version updated_at',
			pairs.map((n) => [org, n.w, n.p, n.milli, n.version, run.now]),
			`ON CONFLICT (organization_id, warehouse_id, product_id) DO UPDATE SET milli = milli + excluded.milli,
				version = excluded.version, updated_at = excluded.updated_at`
		);
		this.insert(
			'stock_shortages',
			'id organization_id branch_id warehouse_id product_id document_id short_milli status created_at version updated_at',
			flags
		);
		// Flags of pairs this run brought back to zero or above are resolved by the stock itself.
		const restored = pairs.filter((n) => n.milli > 0);
		if (restored.length) {
			const last = Math.max(...restored.map((n) => n.version));
			this.stmts.push({
				sql: `UPDATE stock_shortages SET status = 'resolved', resolution = 'stock_arrived',
						resolved_at = ?, version = ?, updated_at = ?
					WHERE organization_id = ? AND status = 'open'
						AND (warehouse_id, product_id) IN
							(SELECT value ->> 0, value ->> 1 FROM json_each(?))
						AND (SELECT b.milli FROM stock_balances b
							WHERE b.organization_id = stock_shortages.organization_id
								AND b.warehouse_id = stock_shortages.warehouse_id
								AND b.product_id = stock_shortages.product_id) >= 0`,
				// One JSON list, not two parameters a pair: a push of long documents has many pairs.
				args: [run.now, last, run.now, org, JSON.stringify(restored.map((n) => [n.w, n.p]))]
			});
		}
		this.insertHooks(hooks);
	}

	hookRows(event: string, data: Record<string, unknown>): InValue[][] {
		const { run } = this;
		return run.subscriptions
			.filter((s) => s.events.includes(event))
			.map((s) => {
				const id = uuidv7();
				return [
					id,
					run.organizationId,
					s.id,
					event,
					JSON.stringify({ id, event, occurredAt: run.now, data }),
					'pending',
					0,
					run.now,
					run.now
				];
			});
	}

	insertHooks(rows: InValue[][]) {
		this.insert(
			'webhook_deliveries',
			'id organization_id subscription_id event body status attempts next_attempt_at created_at',
			rows
		);
	}

	/** Debts move relatively: one upsert per customer with the batch's net change. */
	debts() {
		const { run } = this;
		const net = new Map<string, { amount: number; version: number }>();
		for (const a of run.applied) {
			for (const w of a.planned.writes) {
				if (!('debt' in w)) continue;
				const n = net.get(w.debt) ?? { amount: 0, version: 0 };
				n.amount += w.amount;
				n.version = a.version!;
				net.set(w.debt, n);
			}
		}
		this.insert(
			'counterparty_debts',
			'organization_id counterparty_id amount version updated_at',
			[...net].map(([id, n]) => [run.organizationId, id, n.amount, n.version, run.now]),
			`ON CONFLICT (organization_id, counterparty_id) DO UPDATE SET amount = amount + excluded.amount,
				version = excluded.version, updated_at = excluded.updated_at`
		);
	}

	/** Numbers taken: each series moves by how many this run took. */
	numbers() {
		const { run } = this;
		const taken = new Map<string, { branchId: string; prefix: string; n: number }>();
		for (const a of run.applied) {
			for (const w of a.planned.writes) {
				if (!('number' in w)) continue;
				const key = `${w.number.branchId}|${w.number.prefix}`;
				const t = taken.get(key) ?? { ...w.number, n: 0 };
				t.n++;
				taken.set(key, t);
			}
		}
		const year = yearIn(run.ctx.timezone, run.now);
		this.insert(
			'document_counters',
			'organization_id branch_id type year seq',
			[...taken.values()].map((t) => [run.organizationId, t.branchId, t.prefix, year, t.n]),
			'ON CONFLICT (organization_id, branch_id, type, year) DO UPDATE SET seq = seq + excluded.seq'
		);
	}

	/** Audit events the plans made, attributed to the caller. */
	audits() {
		const { run } = this;
		const rows: InValue[][] = [];
		for (const a of run.applied) {
			for (const w of a.planned.writes) {
				if (!('audit' in w)) continue;
				const e = w.audit;
				rows.push([
					uuidv7(),
					run.organizationId,
					run.auth.userId,
					run.auth.name,
					e.action,
					e.entity,
					e.entityId,
					e.before === undefined ? null : JSON.stringify(e.before),
					e.after === undefined ? null : JSON.stringify(e.after),
					run.now
				]);
			}
		}
		this.insert(
			'audit_events',
			'id organization_id actor_id actor_name action entity entity_id before after at',
			rows
		);
	}

	/** The idempotency records and the webhook events of the applied mutations. */
	records() {
		const { run } = this;
		const hooks: InValue[][] = [];
		for (const a of run.applied) {
			const made = eventOf(a.item.m.name, a.item.args, a.planned.result);
			if (made) hooks.push(...this.hookRows(made.event, made.data));
		}
		this.insert(
			'applied_mutations',
			'organization_id id name args_hash result user_id client_id device_created_at applied_at version',
			(run.keeps === 'records' ? run.applied : []).map((a) => [
				run.organizationId,
				a.item.m.id,
				a.item.m.name,
				a.item.hash,
				a.planned.result === undefined ? null : JSON.stringify(a.planned.result),
				run.auth.userId,
				run.clientId,
				a.item.m.createdAt,
				run.now,
				a.version
			])
		);
		this.insertHooks(hooks);
	}
}

/** `col = ? AND …` for the columns a device row's id stands for. */
function keyWhere(map: Pick<TableMap<SyncedTable>, 'table' | 'key'>): string {
	const { byKey } = columnsOf(map.table);
	return map.key.map((k) => `${byKey[k]!.name} = ?`).join(' AND ');
}

/** The entries whose value is not undefined (what a plan left out is not overwritten). */
function defined(row: Record<string, unknown>): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const k in row) if (row[k] !== undefined) out[k] = row[k];
	return out;
}

function driverValue(col: SQLiteColumn, value: unknown): InValue {
	if (value === undefined || value === null) return null;
	return col.mapToDriverValue(value) as InValue;
}
