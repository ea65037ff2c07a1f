import { z } from 'zod';
import {
	AppError,
	fieldError,
	isFieldErrorCode,
	type FieldError,
	type FieldErrorCode,
	type FieldErrorParams,
	type FieldErrors
} from './errors';

/**
 * Options for a zod refinement whose refusal carries a field error code (and its params), so
 * `fieldErrors` answers that code rather than a generic `invalid`.
 * @example z.array(uuid).refine(unique, because('duplicate', 'A customer is named twice'))
 */
export function because(code: FieldErrorCode, message: string, params?: FieldErrorParams) {
	return { message, params: { code, ...params } };
}

// Matching control characters is this rule's whole purpose.
/* eslint-disable no-control-regex */
/** C0 and C1 control characters, DEL among them. */
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;
/** The same, less tab, line feed and carriage return, which notes and descriptions may hold. */
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/* eslint-enable no-control-regex */

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
function hasLoneSurrogate(s: string): boolean {
	for (let i = 0; i < s.length; i++) {
		const c = s.charCodeAt(i);
		if (c >= 0xd800 && c <= 0xdbff) {
			const next = s.charCodeAt(i + 1);
			if (next >= 0xdc00 && next <= 0xdfff) i++;
			else return true;
		} else if (c >= 0xdc00 && c <= 0xdfff) return true;
	}
	return false;
}

/**
 * Whether text can be stored and read back exactly. A NUL cuts the stored text short and a lone
 * surrogate becomes U+FFFD on the way to UTF-8, so the device and the server would disagree about
 * a mutation both call applied; other control characters are invisible and break CSV and search.
 * Multi-line fields (notes, comments, descriptions, stacks) may keep \t, \n and \r.
 * @example isCleanText('Choy o‘g‘li 🍵') // true
 * @example isCleanText('a\u0000b') // false
 */
export function isCleanText(s: string, multiline = false): boolean {
	return !(multiline ? CONTROL_BUT_LINES : CONTROL).test(s) && !hasLoneSurrogate(s);
}

const CONTROL_CHARS = because('control_chars', 'No control characters or broken characters');

/** Any single-line text from outside: the one rule every user-typed string passes. */
export const plainText = () => z.string().refine((s) => isCleanText(s), CONTROL_CHARS);
/** Any multi-line text from outside (a note, a stack trace): tabs and line breaks allowed. */
export const plainMultilineText = () =>
	z.string().refine((s) => isCleanText(s, true), CONTROL_CHARS);

/** Reusable field shapes, so every body limits sizes the same way. */
export const text = (max: number) =>
	plainText().trim().min(1, 'Required').max(max, `At most ${max} characters`);
export const optionalText = (max: number) =>
	plainText().trim().max(max, `At most ${max} characters`).optional();
/** Text that may run over several lines: notes, comments, descriptions. */
export const multilineText = (max: number) =>
	plainMultilineText().trim().min(1, 'Required').max(max, `At most ${max} characters`);
export const optionalMultilineText = (max: number) =>
	plainMultilineText().trim().max(max, `At most ${max} characters`).optional();
export const id = plainText().min(1, 'Required').max(64, 'Not an id');
export const login = plainText()
	.trim()
	.toLowerCase()
	.min(3, 'At least 3 characters')
	.max(64, 'At most 64 characters')
	.regex(/^[a-z0-9._@-]+$/, 'Letters, digits and . _ @ - only');
/**
 * OWASP: at least 8, allow long passphrases, but cap so nobody posts a megabyte to the hasher.
 * A lone surrogate would hash as U+FFFD, so two different passwords would open the same account.
 */
export const password = plainText()
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
 * It recurses, but never deeper than `max` + 1 calls, so a body nested a million deep is measured
 * safely; and it allocates nothing, as it runs over every value of every body a server reads.
 * @example nestedDeeperThan({ a: [{}] }, 2) // true: three levels
 */
export function nestedDeeperThan(value: unknown, max: number, depth = 1): boolean {
	if (value === null || typeof value !== 'object') return false;
	if (depth > max) return true;
	if (Array.isArray(value)) {
		for (let i = 0; i < value.length; i++) {
			if (nestedDeeperThan(value[i], max, depth + 1)) return true;
		}
		return false;
	}
	const o = value as Record<string, unknown>;
	for (const k in o) if (nestedDeeperThan(o[k], max, depth + 1)) return true;
	return false;
}

type Issue = z.core.$ZodIssue;

const count = (n: number | bigint) => Number(n);

/** One zod issue as a field error: zod's kind (or our refinement's code) and its limits. */
function fromIssue(issue: Issue): FieldError {
	const { message } = issue;
	switch (issue.code) {
		case 'custom': {
			const { code, ...params } = (issue.params ?? {}) as Record<string, string | number>;
			if (isFieldErrorCode(code)) return fieldError(code, message, params);
			return fieldError(message === 'Required' ? 'required' : 'invalid', message);
		}
		case 'too_small': {
			const min = count(issue.minimum);
			const isText = issue.origin === 'string';
			const isList = issue.origin === 'array' || issue.origin === 'set';
			if ((isText || isList) && min === 1) return fieldError('required', message);
			if (isText) return fieldError('too_short', message, { min });
			if (min === 0 && issue.inclusive === false) return fieldError('not_positive', message);
			return fieldError('too_small', message, { min });
		}
		case 'too_big': {
			const max = count(issue.maximum);
			return fieldError(issue.origin === 'string' ? 'too_long' : 'too_big', message, { max });
		}
		case 'invalid_type':
			// Reported input (parse with `reportInput`) tells a missing field from a wrong one.
			if ('input' in issue && issue.input === undefined) return fieldError('required', message);
			if (issue.expected === 'int') return fieldError('not_integer', message);
			return fieldError('invalid', message);
		case 'not_multiple_of':
			return fieldError(
				issue.divisor === 1 ? 'not_integer' : 'invalid',
				message,
				issue.divisor === 1 ? undefined : { step: count(issue.divisor) }
			);
		case 'invalid_format':
			return fieldError('format', message);
		case 'unrecognized_keys':
			return fieldError('unknown_field', message, { keys: issue.keys.join(', ') });
		case 'invalid_key': {
			// A record's key (a property's name) refused: what is wrong with it, not just that it is.
			const inner = issue.issues[0];
			return inner ? fromIssue(inner as Issue) : fieldError('invalid', message);
		}
		default:
			return fieldError('invalid', message);
	}
}

/** Turns zod issues into `{field: {code, message, params?}}` with dotted paths (`lines.2.qty`). */
export function fieldErrors(error: z.ZodError): FieldErrors {
	const fields: FieldErrors = {};
	for (const issue of error.issues) {
		const key = issue.path.length ? issue.path.join('.') : '_';
		fields[key] ??= fromIssue(issue);
	}
	return fields;
}

/**
 * `schema.safeParse` keeping each issue's input, so a missing field reads `required` rather
 * than `invalid`. Use it wherever the issues become field errors.
 */
export function check<T extends z.ZodType>(schema: T, data: unknown) {
	return schema.safeParse(data, { reportInput: true });
}

/**
 * Parses `data` with `schema` or throws a `validation` AppError naming each bad field.
 * @example const body = parse(loginSchema, await c.req.json());
 */
export function parse<T extends z.ZodType>(schema: T, data: unknown): z.output<T> {
	const result = check(schema, data);
	if (result.success) return result.data;
	const fields = fieldErrors(result.error);
	const names = Object.keys(fields).join(', ');
	throw new AppError('validation', `Invalid fields: ${names}`, fields);
}
