/**
 * HTTP for sync, with the failures sorted the way the upload loop needs them: transient
 * (no network, timeout, 5xx, 408, 429: retry later), signed out (401), refused (any other 4xx:
 * the same request would be refused again) and permanent per mutation (in the results).
 */
import type { FieldErrors } from '../../domain/errors';
import type { PullResponse, PushRequest, PushResponse } from '../../domain/sync/protocol';

export class TransientError extends Error {}
export class SignedOutError extends Error {}

/**
 * The server refused the whole request (413, 400, 403…): sending it again as it is will not
 * help, so it is never retried as a transient failure.
 */
export class RefusedError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		readonly fields?: FieldErrors
	) {
		super(message);
	}
}

const TIMEOUT_MS = 30_000;

async function request<T>(path: string, init?: RequestInit): Promise<T> {
	let res: Response;
	try {
		res = await fetch(path, {
			credentials: 'same-origin',
			...init,
			signal: AbortSignal.timeout(TIMEOUT_MS)
		});
	} catch (err) {
		throw new TransientError(err instanceof Error ? err.message : 'network');
	}
	if (res.status === 401) throw new SignedOutError('signed out');
	if (res.status >= 500 || res.status === 429 || res.status === 408) {
		throw new TransientError(`server answered ${res.status}`);
	}
	const body = (await res.json().catch(() => null)) as T & {
		error?: { code?: string; message?: string; fields?: FieldErrors };
	};
	if (!res.ok) {
		const error = body?.error;
		throw new RefusedError(
			res.status,
			error?.code ?? (res.status === 413 ? 'payload_too_large' : `http_${res.status}`),
			error?.message ?? `server answered ${res.status}`,
			error?.fields
		);
	}
	return body;
}

export function postPush(body: PushRequest): Promise<PushResponse> {
	return request('/api/sync/push', {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body)
	});
}

export function getPull(cursor: string | undefined, limit: number): Promise<PullResponse> {
	const q = new URLSearchParams({ limit: String(limit) });
	if (cursor) q.set('cursor', cursor);
	return request(`/api/sync/pull?${q}`);
}

export function postJson(path: string, body: unknown): Promise<unknown> {
	return request(path, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body)
	});
}
