import {
	DEFAULT_DATA_DIR,
	databaseUrl as databaseUrlFrom,
	embeddedPath
} from '../../../scripts/lib/database-location.js';
import { parseTrustedProxies, type TrustedProxies } from './auth/client-address';
import { LIMITS } from './auth/throttle';
import { OWASP_ARGON2ID, TEST_ARGON2ID, type Argon2Params } from './auth/password';

export interface Config {
	databaseUrl: string;
	databaseAuthToken?: string;
	/** Self-service sign-up of new organizations (`SIGNUP_ENABLED=false` turns it off). */
	signupEnabled: boolean;
	/** Sign-ups one address may make in 15 minutes (`SIGNUP_LIMIT`, default 20). */
	signupLimit: number;
	/** Seed the demo organization into an empty database at start. */
	seedDemo: boolean;
	passwordParams: Argon2Params;
	version: string;
	/** Run webhook deliveries and purges on a local timer (Node); off in tests, which drive them. */
	scheduleLocally: boolean;
	/** The shared secret the Cloudflare cron trigger sends to /api/internal/tick (`CRON_SECRET`). */
	cronSecret?: string;
	/**
	 * Reverse proxies in front of a Node server (`TRUST_PROXY`: addresses, CIDR ranges or
	 * `loopback`). Only a request from one of them has its `X-Forwarded-For` believed; with none
	 * named, the socket's address is the client's. On Cloudflare the address is Cloudflare's own
	 * `CF-Connecting-IP` and this is not needed.
	 */
	trustProxy: TrustedProxies;
	/**
	 * The folder photos are kept in on one machine (`PHOTO_DIR`; default `photos/` beside the
	 * embedded database, else `<DATA_DIR>/photos`). On Cloudflare the R2 binding `PHOTOS` is used
	 * instead (runtime.ts).
	 */
	photoDir: string;
	/**
	 * The e-invoice operator's API (`DIDOX_API_URL`; default Didox's production partner API,
	 * `https://testapi3.didox.uz` is its test one). A deploy setting, not an organization's:
	 * the server never calls an address an organization typed in.
	 */
	didoxApiUrl: string;
}

/**
 * Reads configuration from environment variables (process.env on Node, bindings and
 * secrets on Workers). Unset `DATABASE_URL` means the embedded libSQL file `optio.db` in
 * `DATA_DIR` (default `data/`; the rule is in scripts/lib/database-location.js, which the
 * operator scripts share without a build step).
 */
export function loadConfig(env: Record<string, string | undefined>, version = 'dev'): Config {
	const databaseUrl = databaseUrlFrom(env);
	const embedded = databaseUrl.startsWith('file:');
	return {
		databaseUrl,
		databaseAuthToken: env.DATABASE_AUTH_TOKEN || undefined,
		signupEnabled: env.SIGNUP_ENABLED !== 'false',
		signupLimit: positiveInt(env.SIGNUP_LIMIT) ?? LIMITS.signup.attempts,
		// The embedded default seeds unless told not to; a remote database only when asked.
		seedDemo: env.SEED_DEMO ? env.SEED_DEMO === 'true' : embedded,
		// Lower hashing cost only inside the unit-test runner; never from a deploy setting.
		passwordParams: env.VITEST ? TEST_ARGON2ID : OWASP_ARGON2ID,
		version,
		scheduleLocally: !env.VITEST && env.SCHEDULE_LOCALLY !== 'false',
		cronSecret: env.CRON_SECRET || undefined,
		trustProxy: parseTrustedProxies(env.TRUST_PROXY),
		photoDir: env.PHOTO_DIR || defaultPhotoDir(databaseUrl, env),
		didoxApiUrl: (env.DIDOX_API_URL || 'https://api-partners.didox.uz').replace(/\/+$/, '')
	};
}

/** A whole number above zero from an environment variable, else undefined. */
function positiveInt(value: string | undefined): number | undefined {
	const n = Number(value);
	return value && Number.isInteger(n) && n > 0 ? n : undefined;
}

/** `photos/` in the embedded database's folder; with a remote database, in `DATA_DIR`. */
function defaultPhotoDir(databaseUrl: string, env: Record<string, string | undefined>): string {
	const file = embeddedPath(databaseUrl);
	if (file === null) return `${(env.DATA_DIR || DEFAULT_DATA_DIR).replace(/\/+$/, '')}/photos`;
	const slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
	return slash < 0 ? 'photos' : `${file.slice(0, slash)}/photos`;
}
