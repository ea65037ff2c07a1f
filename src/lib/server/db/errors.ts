/** True for a UNIQUE constraint failure from libSQL (native or remote client). */
export function isUniqueViolation(err: unknown): boolean {
	for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
		const { code, message } = e as { code?: string; message?: string };
		if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return true;
		if (message?.includes('UNIQUE constraint failed')) return true;
	}
	return false;
}

/** Error codes that mean the database could not be reached or used just now, not a bad query. */
const UNREACHABLE_CODES = new Set([
	// Node's sockets (undici puts them on the cause of "fetch failed").
	'ECONNREFUSED',
	'ECONNRESET',
	'ENOTFOUND',
	'EAI_AGAIN',
	'ETIMEDOUT',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'EPIPE',
	'UND_ERR_SOCKET',
	'UND_ERR_CONNECT_TIMEOUT',
	'UND_ERR_HEADERS_TIMEOUT',
	// @libsql/client over WebSockets.
	'HRANA_WEBSOCKET_ERROR',
	// The embedded file: cannot be opened, or locked past the busy timeout.
	'SQLITE_CANTOPEN',
	'SQLITE_BUSY'
]);

/** fetch()'s own failures: undici's on Node, workerd's on Cloudflare. */
const UNREACHABLE_MESSAGE = /^(fetch failed|Network connection lost)/;

/**
 * True when `err` (or one of its causes) says the database is unreachable or failing on its side
 * (network errors, the remote answering 5xx, the embedded file unopenable or locked): the request
 * is worth retrying, so it answers 503 `unavailable`, not 500. Native and remote clients alike;
 * drizzle wraps them in a DrizzleQueryError whose `cause` is the client's error.
 */
export function isUnreachable(err: unknown): boolean {
	for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
		const { code, message, name, status } = e as {
			code?: unknown;
			message?: unknown;
			name?: unknown;
			status?: unknown;
		};
		if (typeof code === 'string' && UNREACHABLE_CODES.has(code)) return true;
		if (typeof message === 'string' && UNREACHABLE_MESSAGE.test(message)) return true;
		// @libsql/client's HTTP client: the server (or a proxy before it) answered 5xx.
		if (name === 'HttpServerError' && typeof status === 'number' && status >= 500) return true;
		if (e === (e as { cause?: unknown }).cause) break;
	}
	return false;
}
