/**
 * Password hashing: argon2id at OWASP's cost, as PHC strings that carry their parameters (so the
 * cost can be raised later and old hashes are upgraded at the next sign-in, `needsRehash`).
 *
 * The digest comes from `#argon2`, chosen by build target (package.json "imports"): native on
 * Node, a WebAssembly module in a Worker. Both are the reference algorithm, so a hash made by one
 * verifies on the other, and so do the hashes the earlier pure-JS implementation (@noble/hashes)
 * wrote. Every hash waits its turn in one queue per process (hash-queue.ts).
 */
import { argon2id } from '#argon2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { decodeBase64IgnorePadding, encodeBase64NoPadding } from '@oslojs/encoding';
import { HashQueue } from './hash-queue';

export interface Argon2Params {
	/** Memory in KiB. */
	m: number;
	t: number;
	p: number;
}

/** OWASP's minimum for argon2id: 19 MiB, 2 passes, 1 lane. */
export const OWASP_ARGON2ID: Argon2Params = { m: 19456, t: 2, p: 1 };
/** Only for the unit-test runner (see config.ts), where hundreds of sign-ins happen. */
export const TEST_ARGON2ID: Argon2Params = { m: 256, t: 1, p: 1 };

const HASH_BYTES = 32;

/** Two hashes at a time per process, eight more waiting; beyond that, 429 (see hash-queue.ts). */
export const passwordQueue = new HashQueue(2, 8);

export async function hashPassword(password: string, params: Argon2Params): Promise<string> {
	const salt = crypto.getRandomValues(new Uint8Array(16));
	return formatPhc(params, salt, await derive(password, salt, params));
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
	const parsed = parsePhc(stored);
	if (!parsed) return false;
	const hash = await derive(password, parsed.salt, parsed.params);
	return constantTimeEqual(hash, parsed.hash);
}

/** True when the stored hash is weaker than the current parameters. */
export function needsRehash(stored: string, params: Argon2Params): boolean {
	const parsed = parsePhc(stored);
	return !parsed || parsed.params.m < params.m || parsed.params.t < params.t;
}

const unknownLoginHashes = new Map<string, string>();

/**
 * What a sign-in with an unknown login verifies against, so that it costs one hash like any
 * other and its timing tells nothing. A random digest under random salt: no password matches it,
 * and making it costs no hash at all. Made once per process (and parameters).
 */
export function unknownLoginHash(params: Argon2Params): string {
	const key = `${params.m},${params.t},${params.p}`;
	let stored = unknownLoginHashes.get(key);
	if (!stored) {
		const random = crypto.getRandomValues(new Uint8Array(16 + HASH_BYTES));
		stored = formatPhc(params, random.subarray(0, 16), random.subarray(16));
		unknownLoginHashes.set(key, stored);
	}
	return stored;
}

function derive(password: string, salt: Uint8Array, params: Argon2Params): Promise<Uint8Array> {
	const bytes = new TextEncoder().encode(password.normalize('NFKC'));
	return passwordQueue.run(() => argon2id(bytes, salt, params, HASH_BYTES));
}

/** `$argon2id$v=19$m=…,t=…,p=…$<salt>$<digest>`, base64 without padding (the PHC format). */
export function formatPhc(params: Argon2Params, salt: Uint8Array, hash: Uint8Array): string {
	return `$argon2id$v=19$m=${params.m},t=${params.t},p=${params.p}$${encodeBase64NoPadding(salt)}$${encodeBase64NoPadding(hash)}`;
}

export function parsePhc(stored: string) {
	const match = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$([^$]+)\$([^$]+)$/.exec(stored);
	if (!match) return null;
	const [, m, t, p, salt, hash] = match;
	try {
		return {
			params: { m: Number(m), t: Number(t), p: Number(p) },
			salt: decodeBase64IgnorePadding(salt!),
			hash: decodeBase64IgnorePadding(hash!)
		};
	} catch {
		return null;
	}
}
