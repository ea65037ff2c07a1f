import type { Client } from '@libsql/client';
import type { Config } from '../config';
import type { Db } from '../db/client';
import type { AuthContext } from '../auth/session';
import type { SessionCache } from '../auth/session-cache';
import type { PhotoStore } from '../photos/store';

/** What every request handler can reach. Built once per process (or Workers isolate). */
export interface Deps {
	db: Db;
	client: Client;
	config: Config;
	/** Recently validated sessions (see auth/session-cache.ts). */
	sessionCache: SessionCache;
	/** Resolves once migrations (and the demo seed, when enabled) are done. */
	ready: () => Promise<void>;
	/** Where photo bytes are kept: a folder on one machine, R2 on Cloudflare. */
	photos: PhotoStore;
	/** Checkpoints an embedded database's WAL into the file and closes it; later uses throw. */
	close: () => Promise<void>;
}

export interface ApiEnv {
	Variables: {
		deps: Deps;
		requestId: string;
		auth: AuthContext;
	};
}
