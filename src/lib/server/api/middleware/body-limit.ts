import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../../../domain/errors';

const BODILESS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses bodies over `maxSize` bytes with 413 `payload_too_large`, before they are read.
 * Requests that carry no body skip Hono's limiter: it touches the raw request body, which on
 * Node makes the adapter build a full Request and halved the throughput of every GET (measured).
 */
export function limitBody(maxSize: number): MiddlewareHandler {
	const limiter = bodyLimit({
		maxSize,
		onError: () => {
			throw new AppError('payload_too_large', `The body is larger than ${maxSize} bytes.`);
		}
	});
	return (c, next) => (BODILESS.has(c.req.method) ? next() : limiter(c, next));
}
