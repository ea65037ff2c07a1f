/**
 * How the device cuts its outbox into push requests: by count and by bytes, so no request
 * crosses the server's body limit (413). One oversized batch used to stop a device for good:
 * the same request was refused again on every retry, and every later sale waited behind it.
 */
import { MAX_PUSH_BATCH, MAX_PUSH_BYTES } from './limits';
import type { PushedMutation } from './protocol';

/** Most mutations the device sends in one push (the server takes up to `MAX_PUSH_BATCH`). */
export const PUSH_BATCH_COUNT = Math.min(100, MAX_PUSH_BATCH);

/**
 * Bytes of mutations the device puts in one push: the server's limit less room for the
 * envelope (`{"clientId":"…","mutations":[…]}`, under 200 bytes) with a wide margin.
 */
export const PUSH_BATCH_BYTES = MAX_PUSH_BYTES - 16 * 1024;

const encoder = new TextEncoder();

/** The UTF-8 size of a mutation as the push body carries it. */
export function pushedBytes(m: PushedMutation): number {
	return encoder.encode(JSON.stringify(m)).length;
}

/**
 * How many of the leading mutations go in the next push: as many as fit both limits, in order.
 * 0 means the first one alone is over the byte limit: it can never be sent.
 * @example batchLength([900_000, 900_000, 900_000], 100, 2_000_000) // 2
 */
export function batchLength(
	sizes: readonly number[],
	maxCount = PUSH_BATCH_COUNT,
	maxBytes = PUSH_BATCH_BYTES
): number {
	let bytes = 0;
	let n = 0;
	for (const size of sizes) {
		if (n >= maxCount) break;
		// The comma between two mutations in the array.
		bytes += size + (n > 0 ? 1 : 0);
		if (bytes > maxBytes) break;
		n++;
	}
	return n;
}
