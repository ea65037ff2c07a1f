/**
 * The sync protocol between device and server (see docs/api.md). Shared so neither side
 * declares these shapes twice.
 */
import { z } from 'zod';
import { plainText } from '../validation';
import type { FieldErrors } from '../errors';
import type { Change } from './rows';

/** Most mutations one push may carry; a bigger batch answers 413. */
export const MAX_PUSH_BATCH = 500;
/** Largest push body; the server answers 413 above it, and the device cuts its batches below it. */
export const MAX_PUSH_BYTES = 2 * 1024 * 1024;
export const DEFAULT_PULL_LIMIT = 1000;
export const MAX_PULL_LIMIT = 5000;

export const pushedMutation = z.strictObject({
	/** UUIDv7 made on the device: the idempotency key. */
	id: z.uuid('Not a UUID'),
	name: plainText().min(1).max(64),
	/** Version of the args' shape; absent means 1. */
	v: z.number().int().min(1).max(1000).optional(),
	args: z.unknown(),
	/** The device's clock (epoch ms), kept beside the server's receipt time; never trusted for order. */
	createdAt: z.number().int().nonnegative()
});
export type PushedMutation = z.infer<typeof pushedMutation>;

export const pushRequest = z.strictObject({
	clientId: plainText().min(1).max(64),
	mutations: z.array(pushedMutation).min(1)
});
export type PushRequest = z.infer<typeof pushRequest>;

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

export type PushResult =
	| { id: string; status: 'applied' | 'duplicate'; result: unknown }
	| {
			id: string;
			status: 'rejected';
			error: RejectionError;
	  };

/** Why a mutation was refused; `short` lists the lines an `insufficient_stock` posting lacks. */
export interface RejectionError {
	code: RejectionCode;
	message: string;
	fields?: FieldErrors;
	short?: ShortLine[];
	/** Set when the device itself set the mutation aside (the server never judged it alone). */
	onDevice?: boolean;
	/** `payload_too_large`: the mutation's size as sent, in bytes. */
	bytes?: number;
}

export interface ShortLine {
	line: number;
	warehouseId: string;
	productId: string;
	/** On hand and wanted, in the product's unit. */
	available: number;
	needed: number;
}

export interface PushResponse {
	results: PushResult[];
}

export interface PullResponse {
	/** Opaque: pass it back as `?cursor=` for the next page. */
	cursor: string;
	hasMore: boolean;
	/** Changes left after this page (for the first download's progress bar). */
	remaining: number;
	changes: Change[];
	/**
	 * True when the server could not continue from the given cursor (the caller's scope
	 * changed, e.g. a rep moved to another branch) and started over: the device drops its
	 * synced rows before applying this page.
	 */
	reset?: boolean;
}
