import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { productUpsertArgs, priceSetArgs } from './catalog/schemas';
import { FIELD_ERROR_CODES } from './errors';
import { documentSaveArgs } from './inventory/schemas';
import { signupSchema } from './schemas/auth';
import {
	check,
	fieldErrors,
	isCleanText,
	multilineText,
	nestedDeeperThan,
	text
} from './validation';

const errorsOf = (schema: z.ZodType, data: unknown) => {
	const parsed = check(schema, data);
	if (parsed.success) throw new Error('expected a refusal');
	return fieldErrors(parsed.error);
};

const ID = '0190c1de-0000-7000-8000-000000000001';

describe('fieldErrors', () => {
	it('answers a code and its params for each field, with the English beside it', () => {
		const fields = errorsOf(signupSchema, {
			organizationName: 'x'.repeat(121),
			name: '   ',
			login: 'Has Space',
			password: 'short'
		});
		expect(fields).toEqual({
			organizationName: {
				code: 'too_long',
				message: 'At most 120 characters',
				params: { max: 120 }
			},
			name: { code: 'required', message: 'Required' },
			login: { code: 'format', message: 'Letters, digits and . _ @ - only' },
			password: { code: 'too_short', message: 'At least 8 characters', params: { min: 8 } }
		});
	});

	it('tells a missing field from one of the wrong type, and names unknown fields', () => {
		expect(errorsOf(productUpsertArgs, { id: ID, sku: 'A', unit: 'pcs' }).name).toMatchObject({
			code: 'required'
		});
		expect(
			errorsOf(productUpsertArgs, { id: ID, sku: 'A', name: 7, unit: 'pcs' }).name
		).toMatchObject({ code: 'invalid' });
		expect(
			errorsOf(productUpsertArgs, { id: ID, sku: 'A', name: 'A', unit: 'pcs', isAdmin: true })._
		).toMatchObject({ code: 'unknown_field', params: { keys: 'isAdmin' } });
		expect(
			errorsOf(productUpsertArgs, { id: ID, sku: 'A', name: 'A', unit: 'ton' }).unit
		).toMatchObject({ code: 'invalid' });
	});

	it('gives numbers their limits and quantities their own codes', () => {
		expect(errorsOf(priceSetArgs, { productId: ID, price: 1.5 }).price).toMatchObject({
			code: 'not_integer'
		});
		expect(errorsOf(priceSetArgs, { productId: ID, price: -1 }).price).toEqual({
			code: 'too_small',
			message: expect.any(String),
			params: { min: 0 }
		});
		const lines = (qty: number) =>
			errorsOf(documentSaveArgs, {
				id: ID,
				type: 'receipt',
				warehouseId: ID,
				lines: [{ productId: ID, qty }]
			})['lines.0.qty'];
		expect(lines(0)).toMatchObject({ code: 'not_positive' });
		expect(lines(1.0001)).toMatchObject({ code: 'too_many_decimals' });
		expect(lines(2e9)).toMatchObject({ code: 'too_big', params: { max: 1_000_000_000 } });
	});

	it('every code it answers is one of the listed codes', () => {
		const all = [
			errorsOf(signupSchema, {}),
			errorsOf(productUpsertArgs, { id: 'x', sku: '', name: 'a\u0000', unit: 1, barcodes: ['!'] })
		].flatMap((f) => Object.values(f).map((e) => e.code));
		for (const code of all) expect(FIELD_ERROR_CODES).toContain(code);
	});
});

describe('control characters and broken text', () => {
	it('refuses them in single-line text, naming the field with control_chars', () => {
		for (const name of [
			'a\u0000b',
			'a\u0007',
			'a\u001b[0m',
			'a\u007f',
			'a\u0085b',
			'a\nb',
			'a\tb'
		]) {
			expect(
				errorsOf(z.strictObject({ name: text(50) }), { name }).name,
				JSON.stringify(name)
			).toEqual({
				code: 'control_chars',
				message: expect.any(String)
			});
		}
		expect(errorsOf(z.strictObject({ name: text(50) }), { name: '\uD83C' }).name?.code).toBe(
			'control_chars'
		);
		expect(errorsOf(z.strictObject({ name: text(50) }), { name: 'x\uDF75y' }).name?.code).toBe(
			'control_chars'
		);
	});

	it('lets multi-line text keep tabs and line breaks, and nothing else', () => {
		const note = z.strictObject({ note: multilineText(100) });
		expect(check(note, { note: 'one\r\n\ttwo\nthree' }).success).toBe(true);
		expect(errorsOf(note, { note: 'one\u0000' }).note?.code).toBe('control_chars');
		expect(errorsOf(note, { note: 'one\u000b' }).note?.code).toBe('control_chars');
	});

	it('keeps letters of every script, emoji and typographic marks', () => {
		for (const s of ['Choy o‘g‘li', 'Ўзбекистон', 'Чай «Зелёный»', '🍵👩‍👩‍👧', 'a\u00a0b', 'Café №5']) {
			expect(isCleanText(s), s).toBe(true);
		}
	});
});

/** `levels` arrays inside each other, built in a loop (a literal would need recursion). */
function arrays(levels: number): unknown {
	let value: unknown = [];
	for (let i = 1; i < levels; i++) value = [value];
	return value;
}

describe('nestedDeeperThan', () => {
	it('counts objects and arrays, the outermost as level 1, scalars as none', () => {
		expect(nestedDeeperThan('text', 0)).toBe(false);
		expect(nestedDeeperThan({ a: 1, b: [2] }, 2)).toBe(false);
		expect(nestedDeeperThan({ a: 1, b: [2] }, 1)).toBe(true);
		expect(nestedDeeperThan({ a: [{ b: { c: null } }] }, 4)).toBe(false);
		expect(nestedDeeperThan({ a: [{ b: { c: {} } }] }, 4)).toBe(true);
		expect(nestedDeeperThan(arrays(64), 64)).toBe(false);
		expect(nestedDeeperThan(arrays(65), 64)).toBe(true);
	});

	it('measures a million levels without running out of stack', () => {
		expect(nestedDeeperThan(arrays(1_000_000), 64)).toBe(true);
	});
});
