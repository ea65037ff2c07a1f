import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { argon2id as nobleArgon2id } from '@noble/hashes/argon2.js';
import { describe, expect, it } from 'vitest';
import { argon2Backend } from '#argon2';
import { wasmArgon2id } from './argon2/wasm';
import {
	formatPhc,
	hashPassword,
	needsRehash,
	OWASP_ARGON2ID,
	parsePhc,
	TEST_ARGON2ID,
	unknownLoginHash,
	verifyPassword
} from './password';

/** The Worker's hasher, run here from the same .wasm file wrangler bundles. */
const wasmPath = createRequire(import.meta.url).resolve('@phi-ag/argon2/argon2.wasm');
const workerArgon2id = wasmArgon2id(new WebAssembly.Module(readFileSync(wasmPath)));
const encode = (s: string) => new TextEncoder().encode(s.normalize('NFKC'));

/** Made by the earlier pure-JS implementation (@noble/hashes) at the OWASP cost; users have these. */
const NOBLE_OWASP_HASH =
	'$argon2id$v=19$m=19456,t=2,p=1$VOsyzHNWOS/qr/4bngK6iA$IBLM20GIuKsP0JmHQIpn727ofO6BTNpBtXdHcCI9nQA';
const NOBLE_PASSWORD = 'пароль: мой café';

describe('password hashing', () => {
	it('verifies the password it hashed', async () => {
		const stored = await hashPassword('correct horse battery', TEST_ARGON2ID);
		expect(await verifyPassword('correct horse battery', stored)).toBe(true);
	});

	it('refuses a wrong password, a near miss and an empty one', async () => {
		const stored = await hashPassword('correct horse battery', TEST_ARGON2ID);
		expect(await verifyPassword('wrong horse battery', stored)).toBe(false);
		expect(await verifyPassword('correct horse battery ', stored)).toBe(false);
		expect(await verifyPassword('Correct horse battery', stored)).toBe(false);
		expect(await verifyPassword('', stored)).toBe(false);
	});

	it('salts each hash: the same password twice gives two different strings, both valid', async () => {
		const a = await hashPassword('same password', TEST_ARGON2ID);
		const b = await hashPassword('same password', TEST_ARGON2ID);
		expect(a).not.toBe(b);
		expect(await verifyPassword('same password', a)).toBe(true);
		expect(await verifyPassword('same password', b)).toBe(true);
	});

	it('accepts the same password typed in another Unicode normal form', async () => {
		// "é" as one code point (most keyboards) and as e + combining accent (some phones).
		const stored = await hashPassword('caf\u00e9 au lait', TEST_ARGON2ID);
		expect(await verifyPassword('cafe\u0301 au lait', stored)).toBe(true);
	});

	it('answers false, without throwing, for a stored value that is not a hash', async () => {
		expect(await verifyPassword('anything', '')).toBe(false);
		expect(await verifyPassword('anything', 'plain text password')).toBe(false);
		expect(await verifyPassword('anything', '$2b$10$bcryptlookingstring')).toBe(false);
	});

	it('refuses a hash whose digest was tampered with', async () => {
		const stored = await hashPassword('correct horse battery', TEST_ARGON2ID);
		const last = stored.at(-2) === 'A' ? 'B' : 'A';
		const tampered = stored.slice(0, -2) + last + stored.at(-1);
		expect(await verifyPassword('correct horse battery', tampered)).toBe(false);
	});

	it('writes a PHC string carrying the OWASP parameters (m=19456, t=2, p=1)', async () => {
		const started = performance.now();
		const stored = await hashPassword('correct horse battery', OWASP_ARGON2ID);
		const ms = performance.now() - started;
		expect(stored).toMatch(
			/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/
		);
		// Real work was done: 19 MiB twice over is not instant (the native hash takes ~17–20 ms on
		// these machines, so the bound sits well below it; a parameter ignored would take < 1 ms).
		expect(ms).toBeGreaterThan(5);
		expect(needsRehash(stored, OWASP_ARGON2ID)).toBe(false);
		// A stronger stored hash is never "upgraded" down to weaker parameters.
		expect(needsRehash(stored, TEST_ARGON2ID)).toBe(false);
	});

	it('asks for a rehash of hashes weaker than the current parameters, or unreadable ones', async () => {
		const weak = await hashPassword('correct horse battery', TEST_ARGON2ID);
		expect(weak).toMatch(/^\$argon2id\$v=19\$m=256,t=1,p=1\$/);
		expect(needsRehash(weak, OWASP_ARGON2ID)).toBe(true);
		expect(needsRehash(weak, TEST_ARGON2ID)).toBe(false);
		expect(needsRehash(weak, { ...TEST_ARGON2ID, t: 2 })).toBe(true);
		expect(needsRehash('not a hash', TEST_ARGON2ID)).toBe(true);
	});

	it('hashes natively on Node (the Worker build gets the WebAssembly one)', () => {
		expect(argon2Backend).toBe('native');
	});

	it('still verifies a hash written by the earlier pure-JS implementation', async () => {
		expect(await verifyPassword(NOBLE_PASSWORD, NOBLE_OWASP_HASH)).toBe(true);
		expect(await verifyPassword('пароль: мой cafe', NOBLE_OWASP_HASH)).toBe(false);
		expect(needsRehash(NOBLE_OWASP_HASH, OWASP_ARGON2ID)).toBe(false);
	});

	it('agrees byte for byte across the three implementations, for Cyrillic and accented passwords', async () => {
		const salt = crypto.getRandomValues(new Uint8Array(16));
		for (const password of ['пароль: мой café', 'o‘zbekcha parol', 'ascii only', '']) {
			const noble = nobleArgon2id(encode(password), salt, { ...TEST_ARGON2ID, dkLen: 32 });
			const wasm = await workerArgon2id(encode(password), salt, TEST_ARGON2ID, 32);
			const stored = formatPhc(TEST_ARGON2ID, salt, noble);
			expect(wasm).toEqual(noble);
			expect(await verifyPassword(password, stored)).toBe(true);
		}
	});

	it('verifies in the Worker a hash made on Node, and on Node one made in the Worker', async () => {
		const madeOnNode = parsePhc(await hashPassword(NOBLE_PASSWORD, OWASP_ARGON2ID))!;
		const again = await workerArgon2id(encode(NOBLE_PASSWORD), madeOnNode.salt, OWASP_ARGON2ID, 32);
		expect(again).toEqual(madeOnNode.hash);

		const salt = crypto.getRandomValues(new Uint8Array(16));
		const madeInWorker = formatPhc(
			OWASP_ARGON2ID,
			salt,
			await workerArgon2id(encode('Ishonchli parol 7'), salt, OWASP_ARGON2ID, 32)
		);
		expect(await verifyPassword('Ishonchli parol 7', madeInWorker)).toBe(true);
		expect(await verifyPassword('Ishonchli parol 8', madeInWorker)).toBe(false);
		// And the old hash, recomputed by the Worker's hasher.
		const old = parsePhc(NOBLE_OWASP_HASH)!;
		expect(await workerArgon2id(encode(NOBLE_PASSWORD), old.salt, old.params, 32)).toEqual(
			old.hash
		);
	});

	it('gives unknown logins a hash to verify against that no password matches, made once', async () => {
		const stored = unknownLoginHash(TEST_ARGON2ID);
		expect(stored).toMatch(
			/^\$argon2id\$v=19\$m=256,t=1,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/
		);
		expect(unknownLoginHash(TEST_ARGON2ID)).toBe(stored);
		expect(unknownLoginHash(OWASP_ARGON2ID)).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
		for (const guess of ['', 'not a password', 'password']) {
			expect(await verifyPassword(guess, stored)).toBe(false);
		}
	});
});
