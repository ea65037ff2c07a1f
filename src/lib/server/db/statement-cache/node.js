// `#statement-cache` on Node (see index.d.ts). Plain JavaScript: Node loads this file itself when
// it runs the built server.
//
// Why: `@libsql/client`'s embedded client prepares every statement it runs anew
// (`db.prepare(sql)` in its `executeStmt`), then asks the statement for its columns twice. Under
// the 30-device load bench, preparing was a fifth of the server's busy CPU (a pull page's batch is
// 23 statements, a push's several, the session lookup one), more than running them. The driver's
// connection (`libsql`'s Database) is patched here so `prepare` answers a kept statement for SQL
// it has seen on that connection; SQLite re-prepares a kept statement by itself if the schema
// changed. Anything that is not plain data access (PRAGMA, DDL, ATTACH…) is prepared as before
// and empties the connection's cache (as `exec`, which runs migration scripts, does), so a migration never meets a statement made before it.
import { createRequire } from 'node:module';

// The very `libsql` module `@libsql/client` loads (resolved from the client, loaded at run time:
// the server's build must not bundle a copy of it, whose prototype the client would never see).
const require = createRequire(import.meta.url);
const Database = createRequire(require.resolve('@libsql/client'))('libsql');

export const STATEMENTS_KEPT = 500;

/** Statements that read or write rows, or open and close a transaction: safe to keep. */
const KEPT = /^\s*(SELECT|INSERT|UPDATE|DELETE|REPLACE|WITH|BEGIN|COMMIT|ROLLBACK|END)\b/i;

/** What `raw(true)` throws for a statement that returns no rows (the client only catches it). */
const NOT_A_READER = new TypeError('The raw() method is only for statements that return data');

/**
 * A prepared statement kept for reuse: what `@libsql/client` calls on it (`safeIntegers`, `raw`,
 * `columns`, `all`, `run`), with its column list read once and its modes set only when they
 * change.
 */
class KeptStatement {
	/** @param {any} stmt libsql's Statement */
	constructor(stmt) {
		this.stmt = stmt;
		this.reader = stmt.reader;
		/** @type {unknown[] | undefined} */
		this.cols = undefined;
		/** @type {boolean | undefined} */
		this.isRaw = undefined;
		/** @type {boolean | undefined} */
		this.safe = undefined;
	}
	/** @param {boolean} [on] */
	safeIntegers(on = true) {
		if (this.safe !== on) this.stmt.safeIntegers(on);
		this.safe = on;
		return this;
	}
	/** @param {boolean} [on] */
	raw(on = true) {
		if (on && !this.reader) throw NOT_A_READER;
		if (this.isRaw !== on) this.stmt.raw(on);
		this.isRaw = on;
		return this;
	}
	/** @param {boolean} [on] */
	pluck(on = true) {
		this.stmt.pluck(on);
		return this;
	}
	columns() {
		return (this.cols ??= this.stmt.columns());
	}
	/** @param {...unknown} args */
	all(...args) {
		return this.stmt.all(...args);
	}
	/** @param {...unknown} args */
	run(...args) {
		return this.stmt.run(...args);
	}
	/** @param {...unknown} args */
	get(...args) {
		return this.stmt.get(...args);
	}
	/** @param {...unknown} args */
	iterate(...args) {
		return this.stmt.iterate(...args);
	}
	interrupt() {
		this.stmt.interrupt();
	}
}

/** @type {WeakMap<object, Map<string, KeptStatement>>} each connection's statements, oldest use first */
const kept = new WeakMap();
let patched = false;

export function cacheStatements() {
	if (patched) return;
	patched = true;
	// Typed loosely: a KeptStatement stands in for libsql's Statement where the client uses one.
	const proto = /** @type {any} */ (Database.prototype);
	const prepare = proto.prepare;
	/** @param {string} sql */
	proto.prepare = function (sql) {
		let cache = kept.get(this);
		if (!KEPT.test(sql)) {
			cache?.clear();
			return prepare.call(this, sql);
		}
		if (!cache) kept.set(this, (cache = new Map()));
		let stmt = cache.get(sql);
		if (stmt) {
			// Most recently used last, so the first key is the one to drop.
			cache.delete(sql);
		} else {
			stmt = new KeptStatement(prepare.call(this, sql));
			const oldest = cache.keys().next();
			if (cache.size >= STATEMENTS_KEPT && !oldest.done) cache.delete(oldest.value);
		}
		cache.set(sql, stmt);
		return stmt;
	};
	// `exec` runs SQL scripts (migrations) without `prepare`: it may change the schema too.
	const exec = proto.exec;
	/** @param {string} sql */
	proto.exec = function (sql) {
		kept.get(this)?.clear();
		return exec.call(this, sql);
	};
	const close = proto.close;
	proto.close = function () {
		kept.delete(this);
		return close.call(this);
	};
}
