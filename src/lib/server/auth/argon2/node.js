// `#argon2` on Node (see index.d.ts): the Rust argon2 crate through napi, run on libuv's thread
// pool, so a hash neither blocks the event loop nor costs JavaScript time. Plain JavaScript:
// Node loads this file itself when it runs the built server.
import { hashRaw } from '@node-rs/argon2';

// The package's const enums (`Algorithm.Argon2id`, `Version.V0x13`), which JavaScript cannot import.
const ARGON2ID = 2;
const VERSION_13 = 1;

export const argon2Backend = 'native';

/** @type {typeof import('./index.d.ts').argon2id} */
export async function argon2id(password, salt, cost, dkLen) {
	const digest = await hashRaw(password, {
		algorithm: ARGON2ID,
		version: VERSION_13,
		memoryCost: cost.m,
		timeCost: cost.t,
		parallelism: cost.p,
		outputLen: dkLen,
		salt
	});
	return new Uint8Array(digest.buffer, digest.byteOffset, digest.byteLength);
}
