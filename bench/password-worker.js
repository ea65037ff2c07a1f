// The Worker side of bench/password-hash.ts: `GET /?impl=wasm|noble&n=N` computes N argon2id
// hashes at the OWASP cost in workerd, with the app's WebAssembly hasher (the .wasm imported as a
// compiled module, as wrangler bundles it) or the earlier pure-JS one.
import { argon2id as nobleArgon2id } from '../node_modules/@noble/hashes/argon2.js';
import argon2Module from '../node_modules/@phi-ag/argon2/dist/argon2.wasm';
import { wasmArgon2id } from '../src/lib/server/auth/argon2/wasm.js';

const argon2id = wasmArgon2id(argon2Module);
const COST = { m: 19456, t: 2, p: 1 };

export default {
	async fetch(request) {
		const url = new URL(request.url);
		const n = Number(url.searchParams.get('n') ?? '1');
		const password = new TextEncoder().encode('correct horse battery');
		const salt = new Uint8Array(16).fill(7);
		let last;
		for (let i = 0; i < n; i++) {
			last =
				url.searchParams.get('impl') === 'noble'
					? nobleArgon2id(password, salt, { ...COST, dkLen: 32 })
					: await argon2id(password, salt, COST, 32);
		}
		return new Response(Array.from(last, (b) => b.toString(16).padStart(2, '0')).join(''));
	}
};
