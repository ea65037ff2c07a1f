// Where the database is, from the environment: one rule for the app (src/lib/server/config.ts)
// and the operator scripts (start, backup, restore, reset), which run without a build step.

/** The embedded database's folder when neither `DATABASE_URL` nor `DATA_DIR` says otherwise. */
export const DEFAULT_DATA_DIR = 'data';

/**
 * `DATABASE_URL` when set, else the embedded file `optio.db` in `DATA_DIR` (default `data/`,
 * beside the checkout and outside the build output, so a rebuild never touches it).
 * @param {Record<string, string | undefined>} env
 * @example databaseUrl({ DATA_DIR: '/var/lib/optio' }) // 'file:/var/lib/optio/optio.db'
 */
export function databaseUrl(env) {
	if (env.DATABASE_URL) return env.DATABASE_URL;
	const dir = (env.DATA_DIR || DEFAULT_DATA_DIR).replace(/\/+$/, '') || '/';
	return `file:${dir === '/' ? '' : dir}/optio.db`;
}

/**
 * The file path of an embedded (`file:`) database URL, or null for a remote one.
 * @param {string} url
 */
export function embeddedPath(url) {
	if (!url.startsWith('file:')) return null;
	// Query options (`?mode=…`) are the driver's, not part of the path.
	return url.slice('file:'.length).split('?')[0] ?? '';
}
