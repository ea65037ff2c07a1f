import { describe, expect, it } from 'vitest';
import { hasScope, splitToken, tokenCreateSchema } from './tokens';

describe('API tokens', () => {
	it('split into id and secret only in their own shape', () => {
		expect(splitToken('opt_abc123_s3cr3t')).toEqual({ id: 'abc123', secret: 's3cr3t' });
		expect(splitToken('abc.def')).toBeNull();
		expect(splitToken('opt__secret')).toBeNull();
		expect(splitToken('opt_abc_')).toBeNull();
		expect(splitToken(`opt_a_${'x'.repeat(300)}`)).toBeNull();
	});

	it('allow only the scopes they were given', () => {
		expect(hasScope(['catalog:read'], 'catalog:read')).toBe(true);
		expect(hasScope(['catalog:read'], 'stock:read')).toBe(false);
	});

	it('need a name and at least one known scope', () => {
		expect(tokenCreateSchema.safeParse({ name: 'ERP', scopes: ['stock:read'] }).success).toBe(true);
		expect(tokenCreateSchema.safeParse({ name: 'ERP', scopes: [] }).success).toBe(false);
		expect(tokenCreateSchema.safeParse({ name: '', scopes: ['stock:read'] }).success).toBe(false);
		expect(tokenCreateSchema.safeParse({ name: 'ERP', scopes: ['root'] }).success).toBe(false);
	});
});
