/**
 * A remote libSQL database for tests: a small HTTP server speaking Hrana over HTTP v2 (the
 * protocol of Turso's sqld that `@libsql/client`'s web and HTTP clients use), backed by a libSQL
 * file. Test-only: the app never imports it.
 *
 * What it implements is what drizzle and the client send: `POST /v2/pipeline` with `execute`,
 * `batch` (steps with conditions), `sequence`, `store_sql`/`close_sql`, `get_autocommit` and
 * `close`; a stream lives across requests through its baton (interactive transactions). The
 * client's version probes (`GET /v3`, `GET /v3-protobuf`) answer 404, so it falls back to v2.
 *
 * Each stream has its own SQLite connection (a transaction belongs to a connection). The libSQL
 * driver is synchronous, so a connection waiting on another's write lock would block the event
 * loop that the other needs to commit: instead, while one stream holds an open transaction,
 * other streams' requests wait (asynchronously) for it to end. One writer at a time, as on sqld.
 *
 * @example
 * const db = await startHranaServer({ file: '/tmp/x.db', delayMs: 5 });
 * const client = createClient({ url: db.url }); // …
 * db.requests(); // HTTP requests served so far (round trips)
 * await db.close();
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Database from 'libsql';

export interface HranaServerOptions {
	/** The libSQL (SQLite) file behind the endpoint; created when missing. */
	file: string;
	/** Added before answering each request: a remote database's round trip. */
	delayMs?: number;
}

export interface HranaServer {
	/** `http://127.0.0.1:<port>`, for `DATABASE_URL`. */
	url: string;
	/** HTTP requests received so far (version probes included): the round trips. */
	requests(): number;
	/** Changes the delay added to each request from now on. */
	setDelay(ms: number): void;
	/** Stops answering (connections are cut) and closes every connection to the file. */
	close(): Promise<void>;
}

type Value =
	| { type: 'null' }
	| { type: 'integer'; value: string }
	| { type: 'float'; value: number }
	| { type: 'text'; value: string }
	| { type: 'blob'; base64: string };

interface Stmt {
	sql?: string;
	sql_id?: number;
	args?: Value[];
	named_args?: { name: string; value: Value }[];
	want_rows?: boolean;
}

type Cond =
	| { type: 'ok' | 'error'; step: number }
	| { type: 'not'; cond: Cond }
	| { type: 'and' | 'or'; conds: Cond[] }
	| { type: 'is_autocommit' };

type StreamRequest =
	| { type: 'close' }
	| { type: 'execute'; stmt: Stmt }
	| { type: 'batch'; batch: { steps: { condition?: Cond; stmt: Stmt }[] } }
	| { type: 'sequence'; sql?: string; sql_id?: number }
	| { type: 'store_sql'; sql_id: number; sql: string }
	| { type: 'close_sql'; sql_id: number }
	| { type: 'get_autocommit' };

interface StmtResult {
	cols: { name: string; decltype: string | null }[];
	rows: Value[][];
	affected_row_count: number;
	last_insert_rowid: string | null;
}

interface HranaError {
	message: string;
	code?: string;
}

class StreamState {
	readonly conn: Database.Database;
	readonly sql = new Map<number, string>();
	lastUsed = Date.now();

	constructor(file: string) {
		this.conn = new Database(file);
	}
}

/** A stream left open this long without a request is rolled back and closed (sqld does too). */
const STREAM_IDLE_MS = 15_000;

export async function startHranaServer(options: HranaServerOptions): Promise<HranaServer> {
	const { file } = options;
	let delayMs = options.delayMs ?? 0;
	// WAL, set once through a connection of our own: readers and the writer then coexist.
	const setup = new Database(file);
	setup.exec('PRAGMA journal_mode = WAL');
	setup.close();

	const streams = new Map<string, StreamState>();
	let requestCount = 0;
	let batonSeq = 0;
	// The stream whose transaction is open; the others wait for it.
	let holder: StreamState | null = null;
	let waiting: (() => void)[] = [];

	async function turn(stream: StreamState): Promise<void> {
		while (holder && holder !== stream) await new Promise<void>((r) => waiting.push(r));
	}

	function release(stream: StreamState) {
		holder = stream.conn.open && stream.conn.inTransaction ? stream : null;
		if (!holder) {
			const wake = waiting;
			waiting = [];
			for (const w of wake) w();
		}
	}

	function closeStream(baton: string, stream: StreamState) {
		streams.delete(baton);
		if (stream.conn.inTransaction) stream.conn.exec('ROLLBACK');
		stream.conn.close();
		release(stream);
	}

	const sweeper = setInterval(() => {
		for (const [baton, s] of streams) {
			if (Date.now() - s.lastUsed > STREAM_IDLE_MS) closeStream(baton, s);
		}
	}, 1000);
	sweeper.unref();

	async function pipeline(body: { baton?: string | null; requests: StreamRequest[] }) {
		let stream: StreamState;
		if (body.baton) {
			const found = streams.get(body.baton);
			if (!found) return { status: 400, json: { message: 'Unknown or expired baton' } };
			streams.delete(body.baton);
			stream = found;
		} else {
			stream = new StreamState(file);
		}
		await turn(stream);
		stream.lastUsed = Date.now();
		const results = [];
		let closed = false;
		try {
			for (const req of body.requests) {
				if (req.type === 'close') {
					closed = true;
					results.push({ type: 'ok', response: { type: 'close' } });
					continue;
				}
				try {
					results.push({ type: 'ok', response: handle(stream, req) });
				} catch (err) {
					results.push({ type: 'error', error: toError(err) });
				}
			}
		} finally {
			if (closed) {
				if (stream.conn.inTransaction) stream.conn.exec('ROLLBACK');
				stream.conn.close();
			}
			release(stream);
		}
		let baton: string | null = null;
		if (!closed) {
			baton = `b${++batonSeq}-${Math.random().toString(36).slice(2)}`;
			streams.set(baton, stream);
		}
		return { status: 200, json: { baton, base_url: null, results } };
	}

	const server = createServer((req, res) => {
		requestCount++;
		void answer(req, res).catch((err: unknown) => {
			if (!res.headersSent) send(res, 500, { message: String(err) });
		});
	});

	async function answer(req: IncomingMessage, res: ServerResponse) {
		const chunks: Buffer[] = [];
		for await (const c of req) chunks.push(c as Buffer);
		if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
		if (req.method === 'GET' && req.url === '/v2') return send(res, 200, {});
		if (req.method !== 'POST' || req.url !== '/v2/pipeline') {
			return send(res, 404, { message: 'Not found' });
		}
		const out = await pipeline(JSON.parse(Buffer.concat(chunks).toString('utf8')));
		send(res, out.status, out.json);
	}

	// Node closes a connection idle for 5 s; a client that sends on it in that instant sees the
	// socket closed under it ("other side closed" in Node, "Network connection lost" in workerd)
	// and the app answers 503. Waits behind 30 sign-ins' password hashes on a busy machine last
	// that long (the Worker flood test answered a 503 under a load average of 15). Turso's edge
	// keeps connections far longer; so does this stand-in, for the length of any test.
	server.keepAliveTimeout = 120_000;
	server.headersTimeout = 121_000;
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;

	return {
		url: `http://127.0.0.1:${port}`,
		requests: () => requestCount,
		setDelay: (ms) => {
			delayMs = ms;
		},
		async close() {
			clearInterval(sweeper);
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
			for (const [baton, s] of streams) closeStream(baton, s);
		}
	};
}

function send(res: ServerResponse, status: number, json: unknown) {
	const body = JSON.stringify(json);
	res.writeHead(status, { 'content-type': 'application/json' });
	res.end(body);
}

function handle(stream: StreamState, req: Exclude<StreamRequest, { type: 'close' }>) {
	switch (req.type) {
		case 'execute':
			return { type: 'execute', result: execute(stream, req.stmt) };
		case 'batch':
			return { type: 'batch', result: batch(stream, req.batch.steps) };
		case 'sequence':
			stream.conn.exec(sqlOf(stream, req));
			return { type: 'sequence' };
		case 'store_sql':
			stream.sql.set(req.sql_id, req.sql);
			return { type: 'store_sql' };
		case 'close_sql':
			stream.sql.delete(req.sql_id);
			return { type: 'close_sql' };
		case 'get_autocommit':
			return { type: 'get_autocommit', is_autocommit: !stream.conn.inTransaction };
		default:
			throw new Error(`Unsupported request ${(req as { type: string }).type}`);
	}
}

function sqlOf(stream: StreamState, s: { sql?: string; sql_id?: number }): string {
	if (s.sql !== undefined) return s.sql;
	const stored = s.sql_id === undefined ? undefined : stream.sql.get(s.sql_id);
	if (stored === undefined) throw new Error(`Unknown sql_id ${s.sql_id}`);
	return stored;
}

function execute(stream: StreamState, stmt: Stmt): StmtResult {
	const { conn } = stream;
	const prepared = conn.prepare(sqlOf(stream, stmt));
	const params = stmt.named_args?.length
		? Object.fromEntries(
				stmt.named_args.map((a) => [a.name.replace(/^[:@$]/, ''), fromValue(a.value)])
			)
		: (stmt.args ?? []).map(fromValue);
	if (!prepared.reader) {
		const info = prepared.run(params);
		return {
			cols: [],
			rows: [],
			affected_row_count: Number(info.changes),
			last_insert_rowid: String(info.lastInsertRowid)
		};
	}
	// A statement with rows (SELECT, or a write with RETURNING): its changes are the difference.
	const before = totalChanges(conn);
	prepared.raw(true).safeIntegers(true);
	const rows = prepared.all(params) as unknown[][];
	const cols = prepared.columns().map((c) => ({ name: c.name, decltype: c.type }));
	const lastRowid = conn.prepare('SELECT last_insert_rowid()').raw(true).safeIntegers(true).get();
	return {
		cols,
		rows: rows.map((r) => r.map(toValue)),
		affected_row_count: totalChanges(conn) - before,
		last_insert_rowid: String((lastRowid as unknown[])[0])
	};
}

function totalChanges(conn: Database.Database): number {
	return Number((conn.prepare('SELECT total_changes()').raw(true).get() as unknown[])[0]);
}

function batch(stream: StreamState, steps: { condition?: Cond; stmt: Stmt }[]) {
	const results: (StmtResult | null)[] = [];
	const errors: (HranaError | null)[] = [];
	const holds = (c: Cond): boolean => {
		switch (c.type) {
			case 'ok':
				return results[c.step] != null;
			case 'error':
				return errors[c.step] != null;
			case 'not':
				return !holds(c.cond);
			case 'and':
				return c.conds.every(holds);
			case 'or':
				return c.conds.some(holds);
			case 'is_autocommit':
				return !stream.conn.inTransaction;
		}
	};
	for (const step of steps) {
		if (step.condition && !holds(step.condition)) {
			results.push(null);
			errors.push(null);
			continue;
		}
		try {
			results.push(execute(stream, step.stmt));
			errors.push(null);
		} catch (err) {
			results.push(null);
			errors.push(toError(err));
		}
	}
	return { step_results: results, step_errors: errors };
}

function fromValue(v: Value): unknown {
	switch (v.type) {
		case 'null':
			return null;
		case 'integer':
			return BigInt(v.value);
		case 'float':
			return v.value;
		case 'text':
			return v.value;
		case 'blob':
			return Buffer.from(v.base64, 'base64');
	}
}

function toValue(v: unknown): Value {
	if (v === null || v === undefined) return { type: 'null' };
	if (typeof v === 'bigint') return { type: 'integer', value: v.toString() };
	if (typeof v === 'number') return { type: 'float', value: v };
	if (typeof v === 'string') return { type: 'text', value: v };
	if (v instanceof Uint8Array) return { type: 'blob', base64: Buffer.from(v).toString('base64') };
	throw new Error(`Unexpected value ${String(v)}`);
}

function toError(err: unknown): HranaError {
	const e = err as { message?: string; code?: string };
	return { message: e.message ?? String(err), ...(e.code ? { code: e.code } : {}) };
}
