import { describe, expect, it } from 'vitest';
import {
	hashPassword,
	needsRehash,
	OWASP_ARGON2ID,
	TEST_ARGON2ID,
	verifyPassword
} from './password';

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
		// Real work was done: 19 MiB twice over is not instant.
		expect(ms).toBeGreaterThan(20);
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
});
