// `#argon2` in a Cloudflare worker (see index.d.ts). Workers refuse to compile WebAssembly from
// bytes at run time, so the module is imported statically: wrangler bundles the `.wasm` file as
// a compiled module.
import argon2Module from '@phi-ag/argon2/argon2.wasm';
import { wasmArgon2id } from './wasm.js';

export const argon2Backend = 'wasm';
export const argon2id = wasmArgon2id(argon2Module);
