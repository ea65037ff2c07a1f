/**
 * `#argon2`: argon2id (version 19) as the runtime does it fastest, chosen by the package's
 * import conditions (package.json "imports"), not by sniffing at run time: native
 * (`@node-rs/argon2`, on libuv's thread pool) on Node, and a WebAssembly build imported as a
 * module in a Cloudflare worker (`workerd` condition). Both compute the same bytes.
 */
export interface Argon2Cost {
	/** Memory in KiB. */
	m: number;
	/** Passes. */
	t: number;
	/** Lanes. */
	p: number;
}

/**
 * The raw argon2id digest of `password` with `salt`, `dkLen` bytes long.
 * @example await argon2id(new TextEncoder().encode('pw'), salt, { m: 19456, t: 2, p: 1 }, 32)
 */
export function argon2id(
	password: Uint8Array,
	salt: Uint8Array,
	cost: Argon2Cost,
	dkLen: number
): Promise<Uint8Array>;

/** Which build this runtime got: `native` (Node) or `wasm` (workerd). */
export const argon2Backend: 'native' | 'wasm';
