/**
 * Applies pushed mutations exactly once. Every mutation is a plan (src/lib/domain/sync/plans.ts):
 * a push is planned and written by the planner (planner.ts) in a constant number of round
 * trips, its writes committed in one batch with their idempotency records, so a mutation and
 * the record that it happened commit or vanish together; a refusal writes nothing and the rest
 * goes on; a repeat answers the first result.
 */
import * as nodeCrypto from 'node:crypto';
import { AppError, fieldError, InsufficientStock, type FieldErrors } from '../../domain/errors';
import { can } from '../../domain/roles';
import { check, fieldErrors, MAX_JSON_DEPTH } from '../../domain/validation';
import type { PushResult, PushedMutation, RejectionCode } from '../../domain/sync/protocol';
import { MUTATIONS, isMutationName } from '../../domain/sync/registry';
import type { AuthContext } from '../auth/session';
import type { Db } from '../db/client';
import { applyPlanned, type PlanItem, type PlanOptions } from './planner';

type Rejection = Extract<PushResult, { status: 'rejected' }>;

function reject(id: string, code: RejectionCode, message: string, fields?: FieldErrors): Rejection {
	return { id, status: 'rejected', error: { code, message, ...(fields ? { fields } : {}) } };
}

/**
 * Stable JSON (sorted keys), so the same args always hash the same. Bodies are refused deeper
 * than MAX_JSON_DEPTH when read (readJson); the guard here keeps any other caller from running
 * this recursion out of stack, with a refusal instead of a crash.
 */
function stable(value: unknown, depth = 0): string {
	if (depth > MAX_JSON_DEPTH) {
		throw new AppError('validation', `Nested more than ${MAX_JSON_DEPTH} levels deep.`);
	}
	if (Array.isArray(value)) {
		let out = '[';
		for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + stable(value[i], depth + 1);
		return out + ']';
	}
	if (value && typeof value === 'object') {
		// Loops, not entries/filter/sort/map/join: hashed for every pushed mutation.
		const o = value as Record<string, unknown>;
		const keys = Object.keys(o).sort();
		let out = '{';
		for (const k of keys) {
			if (o[k] === undefined) continue;
			out += (out.length > 1 ? ',' : '') + JSON.stringify(k) + ':' + stable(o[k], depth + 1);
		}
		return out + '}';
	}
	return JSON.stringify(value) ?? 'null';
}

/** Node's one-shot hash (Node 20.12+), else a Hash object (Workers' node:crypto). */
const sha256Hex: (text: string) => string =
	typeof nodeCrypto.hash === 'function'
		? (text) => nodeCrypto.hash('sha256', text, 'hex')
		: (text) => nodeCrypto.createHash('sha256').update(text).digest('hex');

/**
 * SHA-256 of the stable JSON, in hex. node:crypto (Workers have it under nodejs_compat): the
 * pure-JS hash was a tenth of a push's server time, twice what the native one takes; the
 * one-shot hash is a third of a Hash object's cost a mutation.
 */
export function argsHash(m: Pick<PushedMutation, 'name' | 'v' | 'args'>): string {
	return sha256Hex(stable([m.name, m.v ?? 1, m.args]));
}

/** Checks what needs no database: the name, the permission, the args' version and shape. */
function prepare(auth: AuthContext, m: PushedMutation): { args: unknown } | Rejection {
	if (!isMutationName(m.name))
		return reject(m.id, 'unknown_mutation', `No mutation named ${m.name}.`);
	const def = MUTATIONS[m.name];
	if (!can(auth.role, def.permission)) {
		return reject(m.id, 'forbidden', `Your role may not do this (needs ${def.permission}).`);
	}
	const v = m.v ?? 1;
	let args = m.args;
	if (v === def.version - 1 && def.upgradePrevious) args = def.upgradePrevious(args);
	else if (v < def.version) {
		return reject(
			m.id,
			'update_required',
			`This app is too old for ${m.name}; update it and send again.`
		);
	} else if (v > def.version) {
		return reject(m.id, 'validation', `The server does not know version ${v} of ${m.name}.`, {
			v: fieldError('invalid', 'Unknown version')
		});
	}
	const parsed = check(def.args, args);
	if (!parsed.success) {
		const fields = fieldErrors(parsed.error);
		return reject(m.id, 'validation', `Invalid fields: ${Object.keys(fields).join(', ')}`, fields);
	}
	return { args: parsed.data };
}

/** What an earlier push recorded for a mutation id: its args' hash and its result. */
interface Recorded {
	argsHash: string;
	result: unknown;
}

function answerRepeat(m: PushedMutation, hash: string, done: Recorded): PushResult {
	if (done.argsHash !== hash) {
		return reject(
			m.id,
			'idempotency_conflict',
			'This mutation id was already used for different args.'
		);
	}
	return { id: m.id, status: 'duplicate', result: done.result };
}

/** The answer to a mutation refused by its own fault; null for any other error. */
function refusalOf(id: string, err: unknown): Rejection | null {
	if (err instanceof InsufficientStock) {
		const refusal = reject(id, 'insufficient_stock', err.message, err.fields);
		refusal.error.short = err.short;
		return refusal;
	}
	if (err instanceof AppError) {
		const code =
			(['validation', 'forbidden', 'not_found', 'conflict', 'credit_limit'] as const).find(
				(c) => c === err.code
			) ?? 'validation';
		return reject(id, code, err.message, err.fields);
	}
	return null;
}

/** Applies one mutation, or tells why not (a batch of one). */
export async function applyMutation(
	db: Db,
	auth: AuthContext,
	organizationId: string,
	clientId: string,
	m: PushedMutation
): Promise<PushResult> {
	return (await applyBatch(db, auth, organizationId, clientId, [m]))[0]!;
}

/** Applies a device's batch in order; one answer per mutation. */
export function applyBatch(
	db: Db,
	auth: AuthContext,
	organizationId: string,
	clientId: string,
	mutations: PushedMutation[],
	options: PlanOptions = {}
): Promise<PushResult[]> {
	return applyPlanned(
		db,
		auth,
		organizationId,
		clientId,
		mutations.map((m) => planItem(auth, m, !options.freshIds)),
		answerRepeat,
		refusalOf,
		options
	);
}

/** `hashed`: the args' hash, which only an idempotency record needs. */
function planItem(auth: AuthContext, m: PushedMutation, hashed = true): PlanItem {
	const hash = hashed ? argsHash(m) : '';
	const prepared = prepare(auth, m);
	return 'status' in prepared
		? { m, args: undefined, hash, refused: prepared }
		: { m, args: prepared.args, hash };
}
