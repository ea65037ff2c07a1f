/**
 * The sync protocol between device and server (see docs/api.md). Shared so neither side
 * declares these shapes twice.
 */
import { z } from 'zod';
import { plainText } from '../validation';
import type { FieldErrors } from '../errors';
import type { Change } from './rows';
import type { RejectionCode } from './limits';

// Plain values, kept apart from the schemas: the device's sync round reads them without loading
// the validation library.
export {
	DEFAULT_PULL_LIMIT,
	MAX_PULL_LIMIT,
	MAX_PUSH_BATCH,
	MAX_PUSH_BYTES,
	REJECTION_CODES,
	type RejectionCode
} from './limits';

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
