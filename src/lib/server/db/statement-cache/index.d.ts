/**
 * `#statement-cache`: on Node, the embedded database keeps its prepared statements and runs a
 * statement again without preparing it anew; in a Cloudflare worker (`workerd` condition, a
 * remote database only) it does nothing. Chosen by the package's import conditions
 * (package.json "imports"), as `#argon2` is, so the worker never imports the native driver.
 */

/** Makes every embedded connection opened from now on keep its prepared statements. Idempotent. */
export function cacheStatements(): void;

/** Statements kept per connection (least recently used dropped first). */
export const STATEMENTS_KEPT: number;
