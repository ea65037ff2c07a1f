/**
 * HTTP for sync, with the failures sorted the way the upload loop needs them: transient
 * (no network, timeout, 5xx, 429: retry later) and permanent per mutation (in the results).
 */
import type { PullResponse, PushRequest, PushResponse } from '../../domain/sync/protocol';

export class TransientError extends Error {}
export class SignedOutError extends Error {}

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
	const body = (await res.json().catch(() => null)) as T & { error?: { message: string } };
	if (!res.ok) throw new Error(body?.error?.message ?? `server answered ${res.status}`);
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
