/**
 * The sync protocol's plain values (see protocol.ts for its shapes and docs/api.md), without the
 * validation library: the device's routine sync round needs these and no schema.
 */

/** Most mutations one push may carry; a bigger batch answers 413. */
export const MAX_PUSH_BATCH = 500;
/** Largest push body; the server answers 413 above it, and the device cuts its batches below it. */
export const MAX_PUSH_BYTES = 2 * 1024 * 1024;
export const DEFAULT_PULL_LIMIT = 1000;
export const MAX_PULL_LIMIT = 5000;

/**
 * Rejection codes a mutation can get. `update_required` is the one the device may treat as
 * "not yet": it keeps the mutation, updates the app, and pushes again (see `whenTooOld`).
 */
export const REJECTION_CODES = [
	'validation',
	'forbidden',
	'not_found',
	'unknown_mutation',
	'idempotency_conflict',
	'update_required',
	'conflict',
	'insufficient_stock',
	'credit_limit',
	// Given on the device, never in a push answer: the server refused a whole request that held
	// only this mutation (see the device's push loop), or it is too large to send at all.
	'payload_too_large',
	'request_refused'
] as const;
export type RejectionCode = (typeof REJECTION_CODES)[number];
