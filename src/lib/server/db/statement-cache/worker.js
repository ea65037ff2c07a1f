// `#statement-cache` in a Cloudflare worker (see index.d.ts): the database is remote there, and
// the server prepares its statements; nothing to keep.
export const STATEMENTS_KEPT = 0;
export function cacheStatements() {}
