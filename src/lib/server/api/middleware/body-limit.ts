import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../../../domain/errors';

const BODILESS = new Set(['GET', 'HEAD', 'OPTIONS']);

function limiter(maxSize: number): MiddlewareHandler {
	return bodyLimit({
		maxSize,
		onError: () => {
			throw new AppError('payload_too_large', `The body is larger than ${maxSize} bytes.`);
		}
	});
}

/**
 * Refuses bodies over `maxSize` bytes with 413 `payload_too_large`, before they are read; the
 * routes named in `larger` (`'POST /api/sync/push'`) get their own limit instead. Mounted once
 * ahead of every route, so a route gets the default unless it is named: a route that was
 * mounted before a per-app limit had none at all (a 5 MiB discard went into the audit log).
 * Requests that carry no body skip Hono's limiter: it touches the raw request body, which on
 * Node makes the adapter build a full Request and halved the throughput of every GET (measured).
 * A named route may have parameters (`'PUT /api/photos/:id'`).
 * @example app.use(limitBody(64 * 1024, { 'POST /api/sync/push': 2 * 1024 * 1024 }));
 */
export function limitBody(maxSize: number, larger: Record<string, number> = {}): MiddlewareHandler {
	const byDefault = limiter(maxSize);
	const named = new Map(Object.entries(larger).map(([route, max]) => [route, limiter(max)]));
	// `'PUT /api/photos/:id'`: a parameter matches any one path segment.
	const patterns = [...named]
		.filter(([route]) => route.includes('/:'))
		.map(([route, limit]) => {
			const source = route
				.split('/')
				.map((part) =>
					part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
				)
				.join('/');
			return [new RegExp(`^${source}$`), limit] as const;
		});
	const withParams = (route: string) => patterns.find(([re]) => re.test(route))?.[1];
	return (c, next) => {
		if (BODILESS.has(c.req.method)) return next();
		const route = `${c.req.method} ${c.req.path}`;
		return (named.get(route) ?? withParams(route) ?? byDefault)(c, next);
	};
}
