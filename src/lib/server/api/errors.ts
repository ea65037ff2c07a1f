import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { AppError, fieldError } from '../../domain/errors';

/** The one place an error becomes an HTTP answer. Unknown errors are logged and answer 500. */
export function errorResponse(err: unknown, c: Context): Response {
	if (err instanceof AppError) {
		return c.json(err.toBody(), err.status as 400, err.headers);
	}
	if (err instanceof HTTPException) {
		const code =
			err.status === 413
				? 'payload_too_large'
				: err.status === 401
					? 'unauthenticated'
					: 'validation';
		return c.json({ error: { code, message: err.message || 'Bad request' } }, err.status);
	}
	console.error('unhandled', c.req.method, c.req.path, err);
	return c.json({ error: { code: 'internal', message: 'Something went wrong on our side.' } }, 500);
}

/**
 * Reads a JSON object body or throws `bad_json` (malformed) / `validation` (not an object).
 * @example const body = parse(schema, await readJson(c));
 */
export async function readJson(c: Context): Promise<Record<string, unknown>> {
	let body: unknown;
	try {
		body = await c.req.json();
	} catch {
		throw new AppError('bad_json', 'The request body is not valid JSON.');
	}
	if (typeof body !== 'object' || body === null || Array.isArray(body)) {
		throw new AppError('validation', 'The request body must be a JSON object.', {
			_: fieldError('invalid', 'Expected an object')
		});
	}
	return body as Record<string, unknown>;
}
