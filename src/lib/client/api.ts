/**
 * The page's door to /api: same-origin fetch with the session cookie, JSON in and out, and
 * one error type whose `code` the UI translates (src/lib/client/errors.ts).
 */
import type { ErrorCode, FieldErrors } from '../domain/errors';

export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly code: ErrorCode | 'network',
		message: string,
		readonly fields?: FieldErrors,
		readonly retryAfter?: number
	) {
		super(message);
	}
}

export async function api<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
	let res: Response;
	try {
		res = await fetch(path, {
			method,
			credentials: 'same-origin',
			headers: body === undefined ? undefined : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body)
		});
	} catch {
		throw new ApiError(0, 'network', 'No connection to the server.');
	}
	if (res.status === 204) return undefined as T;
	const data = (await res.json().catch(() => null)) as
		(T & { error?: { code: ErrorCode; message: string; fields?: FieldErrors } }) | null;
	if (!res.ok) {
		const error = data?.error;
		const retryAfter = Number(res.headers.get('retry-after')) || undefined;
		throw new ApiError(
			res.status,
			error?.code ?? (res.status >= 500 ? 'internal' : 'validation'),
			error?.message ?? res.statusText,
			error?.fields,
			retryAfter
		);
	}
	return data as T;
}
