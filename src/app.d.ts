// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
	namespace App {
		interface Locals {
			/** The request's log line in the making (src/hooks.server.ts). */
			log: import('$lib/server/log').RequestLogFields;
		}
		interface Platform {
			env: Record<string, string | undefined>;
			ctx: import('@cloudflare/workers-types').ExecutionContext;
		}
	}
}

export {};
