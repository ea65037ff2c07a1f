/**
 * Password hashing: argon2id from @noble/hashes, pure JS, so the same code runs on Node and on
 * Workers (which refuse WebAssembly compiled at run time and cap PBKDF2 far below OWASP's
 * advice). Hashes are PHC strings that carry their parameters, so the cost can be raised later
 * and old hashes are upgraded at the next sign-in (`needsRehash`).
 */
import { argon2idAsync } from '@noble/hashes/argon2.js';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { decodeBase64IgnorePadding, encodeBase64NoPadding } from '@oslojs/encoding';

export interface Argon2Params {
	/** Memory in KiB. */
	m: number;
	t: number;
	p: number;
}

/** OWASP's minimum for argon2id: 19 MiB, 2 passes, 1 lane. About 220 ms here. */
export const OWASP_ARGON2ID: Argon2Params = { m: 19456, t: 2, p: 1 };
/** Only for the unit-test runner (see config.ts), where hundreds of sign-ins happen. */
export const TEST_ARGON2ID: Argon2Params = { m: 256, t: 1, p: 1 };

const HASH_BYTES = 32;

export async function hashPassword(password: string, params: Argon2Params): Promise<string> {
	const salt = crypto.getRandomValues(new Uint8Array(16));
	const hash = await derive(password, salt, params);
	return `$argon2id$v=19$m=${params.m},t=${params.t},p=${params.p}$${encodeBase64NoPadding(salt)}$${encodeBase64NoPadding(hash)}`;
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

function derive(password: string, salt: Uint8Array, params: Argon2Params): Promise<Uint8Array> {
	return argon2idAsync(new TextEncoder().encode(password.normalize('NFKC')), salt, {
		m: params.m,
		t: params.t,
		p: params.p,
		dkLen: HASH_BYTES,
		asyncTick: 10
	});
}

function parsePhc(stored: string) {
	const match = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$([^$]+)\$([^$]+)$/.exec(stored);
	if (!match) return null;
	const [, m, t, p, salt, hash] = match;
	return {
		params: { m: Number(m), t: Number(t), p: Number(p) },
		salt: decodeBase64IgnorePadding(salt!),
		hash: decodeBase64IgnorePadding(hash!)
	};
}
