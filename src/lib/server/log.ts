/**
 * The server's log: one JSON object per line on stdout (requests) or stderr (errors), for an
 * operator to ship as it is (journald, Loki, Cloudflare's Workers logs).
 *
 * What never goes in: request bodies, query strings, headers (cookies, bearer tokens), and the
 * values bound to SQL statements. drizzle's `DrizzleQueryError` puts the bound values in its
 * message ("params: …": a session id, a password hash); it is logged by its SQL text alone.
 */

/** What is known of a request while it runs; the API fills in `route` and `org`. */
export interface RequestLogFields {
	reqId: string;
	/** The matched route pattern (`/api/sync/push`, `/(app)/catalog/[id]`), never the URL. */
	route: string | null;
	/** The caller's organization, once signed in. */
	org: string | null;
}

/** One request, as the SvelteKit `handle` hook writes it (src/hooks.server.ts). */
export interface RequestLine extends RequestLogFields {
	method: string;
	status: number;
	ms: number;
}

const REQUEST_ID = /^[\w\-=]{1,255}$/;

/** The caller's `X-Request-Id` when it is a plain token (Hono's own rule), else a new id. */
export function requestIdOf(headers: Headers): string {
	const given = headers.get('x-request-id');
	return given && REQUEST_ID.test(given) ? given : crypto.randomUUID();
}

/** What is kept of an error: no bound values, no arbitrary properties. */
export interface LoggedError {
	name: string;
	code?: string;
	message: string;
	/** A failed statement's SQL with its `?` placeholders. */
	sql?: string;
	stack?: string[];
	cause?: LoggedError;
}

const MAX_TEXT = 500;

function clip(text: string): string {
	return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
}

/**
 * An error as it may be logged.
 * @example describeError(new DrizzleQueryError('select … where id = ?', ['secret'], cause))
 * // { name: 'DrizzleQueryError', message: 'Failed query', sql: 'select … where id = ?', cause: … }
 */
export function describeError(err: unknown, depth = 0): LoggedError {
	if (!(err instanceof Error)) return { name: typeof err, message: '(a thrown non-Error value)' };
	const { code, query, params } = err as Error & {
		code?: unknown;
		query?: unknown;
		params?: unknown;
	};
	const failedQuery = typeof query === 'string' && params !== undefined;
	const described: LoggedError = {
		name: err.name,
		...(typeof code === 'string' && { code }),
		// Any other message keeps only what comes before a "params:" line, in case another
		// layer copies drizzle's message into its own.
		message: failedQuery ? 'Failed query' : clip(err.message.split(/\n\s*params:/)[0] ?? ''),
		...(failedQuery && { sql: clip(query) })
	};
	// The frames only: the stack's first line repeats the message, bound values included.
	const frames = err.stack
		?.split('\n')
		.map((line) => line.trim())
		.filter((line) => line.startsWith('at '))
		.slice(0, 8);
	if (frames?.length) described.stack = frames;
	if (err.cause !== undefined && depth < 3) described.cause = describeError(err.cause, depth + 1);
	return described;
}

function write(level: 'info' | 'error', fields: Record<string, unknown>) {
	const line = JSON.stringify({ t: new Date().toISOString(), level, ...fields });
	if (level === 'error') console.error(line);
	else console.log(line);
}

/** The one line per request. */
export function logRequest(line: RequestLine) {
	write(line.status >= 500 ? 'error' : 'info', { msg: 'request', ...line });
}

/**
 * An error that reached the top of something (a request, the timer, start-up), without the
 * values it carried.
 * @example logError('unhandled', err, { reqId, route: '/api/sync/push' });
 */
export function logError(msg: string, err: unknown, fields: Record<string, unknown> = {}) {
	write('error', { msg, ...fields, error: describeError(err) });
}

/** A plain event (start-up, shutdown). */
export function logInfo(msg: string, fields: Record<string, unknown> = {}) {
	write('info', { msg, ...fields });
}
