// argon2id from a compiled WebAssembly module of the reference implementation (libargon2, as
// built by `@phi-ag/argon2`). We call its C API directly rather than the package's wrapper: that
// wrapper passes the password's length in UTF-16 code units, not bytes, so it would hash only part
// of a Cyrillic or accented password (and disagree with every other implementation).
// Plain JavaScript, so that workerd can load it without a build step (bench/password-hash.ts).

const ARGON2_ID = 2;
const VERSION_13 = 0x13;

/**
 * @typedef {object} Exports
 * @property {WebAssembly.Memory} memory
 * @property {() => void} _initialize
 * @property {(size: number) => number} malloc
 * @property {(ptr: number) => void} free
 * @property {(t: number, m: number, p: number, pwd: number, pwdlen: number, salt: number,
 *   saltlen: number, hash: number, hashlen: number, encoded: number, encodedlen: number,
 *   type: number, version: number) => number} argon2_hash
 * @property {(code: number) => number} argon2_error_message
 */

/**
 * An `argon2id` function over `module`, instantiated at the first hash (a Worker may do no more
 * than compile at module scope, and most requests never hash).
 * @example const argon2id = wasmArgon2id(new WebAssembly.Module(bytes));
 * @param {WebAssembly.Module} module
 * @returns {typeof import('./index.d.ts').argon2id}
 */
export function wasmArgon2id(module) {
	/** @type {Exports | undefined} */
	let exports;
	return async function argon2id(password, salt, cost, dkLen) {
		if (!exports) {
			exports = /** @type {Exports} */ (
				/** @type {unknown} */ (new WebAssembly.Instance(module, {}).exports)
			);
			exports._initialize();
		}
		const ex = exports;
		const pwd = ex.malloc(Math.max(1, password.length));
		const saltPtr = ex.malloc(salt.length);
		const out = ex.malloc(dkLen);
		try {
			// Views are taken after each malloc: growing the memory detaches earlier ones.
			new Uint8Array(ex.memory.buffer).set(password, pwd);
			new Uint8Array(ex.memory.buffer).set(salt, saltPtr);
			const code = ex.argon2_hash(
				cost.t,
				cost.m,
				cost.p,
				pwd,
				password.length,
				saltPtr,
				salt.length,
				out,
				dkLen,
				0,
				0,
				ARGON2_ID,
				VERSION_13
			);
			if (code !== 0) throw new Error(`argon2: ${cString(ex, ex.argon2_error_message(code))}`);
			return new Uint8Array(ex.memory.buffer).slice(out, out + dkLen);
		} finally {
			// The password must not linger in the module's memory.
			new Uint8Array(ex.memory.buffer).fill(0, pwd, pwd + password.length);
			ex.free(pwd);
			ex.free(saltPtr);
			ex.free(out);
		}
	};
}

/**
 * @param {Exports} ex
 * @param {number} ptr
 */
function cString(ex, ptr) {
	const heap = new Uint8Array(ex.memory.buffer);
	let end = ptr;
	while (heap[end]) end++;
	return new TextDecoder().decode(heap.subarray(ptr, end));
}
