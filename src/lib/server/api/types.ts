import type { Client } from '@libsql/client';
import type { Config } from '../config';
import type { Db } from '../db/client';
import type { AuthContext } from '../auth/session';

/** What every request handler can reach. Built once per process (or Workers isolate). */
export interface Deps {
	db: Db;
	client: Client;
	config: Config;
	/** Resolves once migrations (and the demo seed, when enabled) are done. */
	ready: () => Promise<void>;
}

export interface ApiEnv {
	Variables: {
		deps: Deps;
		requestId: string;
		auth: AuthContext;
	};
}
