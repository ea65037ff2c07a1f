import { z } from 'zod';
import { AppError, type FieldErrors } from './errors';

/** Reusable field shapes, so every body limits sizes the same way. */
export const text = (max: number) =>
	z.string().trim().min(1, 'Required').max(max, `At most ${max} characters`);
export const optionalText = (max: number) =>
	z.string().trim().max(max, `At most ${max} characters`).optional();
export const id = z.string().min(1, 'Required').max(64, 'Not an id');
export const login = z
	.string()
	.trim()
	.toLowerCase()
	.min(3, 'At least 3 characters')
	.max(64, 'At most 64 characters')
	.regex(/^[a-z0-9._@-]+$/, 'Letters, digits and . _ @ - only');
/** OWASP: at least 8, allow long passphrases, but cap so nobody posts a megabyte to the hasher. */
export const password = z
	.string()
	.min(8, 'At least 8 characters')
	.max(256, 'At most 256 characters');

/**
 * How deep a JSON body may nest. Real bodies go five or six levels (a push: body, mutations, a
 * mutation, args, lines, a line); anything near the limit is an attack on the code that walks
 * it (hashing, JSON.stringify, zod), which recurses and would run out of stack.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * Whether `value` has objects or arrays nested more than `max` levels (the outermost is level 1).
 * A loop over an explicit stack, not recursion, so a body nested 100,000 deep is measured safely.
 * @example nestedDeeperThan({ a: [{}] }, 2) // true: three levels
 */
export function nestedDeeperThan(value: unknown, max: number): boolean {
	const stack: [unknown, number][] = [[value, 1]];
	while (stack.length) {
		const [node, depth] = stack.pop()!;
		if (node === null || typeof node !== 'object') continue;
		if (depth > max) return true;
		for (const child of Object.values(node)) stack.push([child, depth + 1]);
	}
	return false;
}

/** Turns zod issues into `{field: message}` with dotted paths (`lines.2.qty`). */
export function fieldErrors(error: z.ZodError): FieldErrors {
	const fields: FieldErrors = {};
	for (const issue of error.issues) {
		const key = issue.path.length ? issue.path.join('.') : '_';
		fields[key] ??= issue.message;
	}
	return fields;
}

/**
 * Parses `data` with `schema` or throws a `validation` AppError naming each bad field.
 * @example const body = parse(loginSchema, await c.req.json());
 */
export function parse<T extends z.ZodType>(schema: T, data: unknown): z.output<T> {
	const result = schema.safeParse(data);
	if (result.success) return result.data;
	const fields = fieldErrors(result.error);
	const names = Object.keys(fields).join(', ');
	throw new AppError('validation', `Invalid fields: ${names}`, fields);
}
