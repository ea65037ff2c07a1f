import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { AppError, fieldError } from '../../domain/errors';
import { MAX_JSON_DEPTH, nestedDeeperThan } from '../../domain/validation';
import { isUnreachable } from '../db/errors';
import { logError } from '../log';
import { routePattern } from './middleware/request-log';

/** The answer while the database cannot be reached (also before migrations could run). */
export const UNAVAILABLE_MESSAGE =
	'The service is starting or its database is unreachable. Try again shortly.';

/**
 * The one place an error becomes an HTTP answer. A database that cannot be reached answers 503;
 * other unknown errors are logged (without the values bound to a failed statement: see log.ts)
 * and answer 500.
 */
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
	const where = {
		reqId: c.get('requestId') as string | undefined,
		method: c.req.method,
		route: routePattern(c)
	};
	if (isUnreachable(err)) {
		// Worth retrying, and not our bug: a 503 the device's sync loop waits out, not a 500.
		logError('database unreachable', err, where);
		return c.json({ error: { code: 'unavailable', message: UNAVAILABLE_MESSAGE } }, 503);
	}
	logError('unhandled', err, where);
	return c.json({ error: { code: 'internal', message: 'Something went wrong on our side.' } }, 500);
}

/**
 * Reads a JSON object body or throws `bad_json` (malformed) / `validation` (not an object, or
 * nested deeper than MAX_JSON_DEPTH: refused here, before anything walks it recursively).
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
	if (nestedDeeperThan(body, MAX_JSON_DEPTH)) {
		throw new AppError(
			'validation',
			`The request body is nested more than ${MAX_JSON_DEPTH} levels deep.`,
			{ _: fieldError('too_big', `At most ${MAX_JSON_DEPTH} levels`, { max: MAX_JSON_DEPTH }) }
		);
	}
	return body as Record<string, unknown>;
}
