import { env } from '$env/dynamic/private';
import { version } from '$app/environment';
import { bundledMigrations } from '$lib/server/db/migrations';
import { getRuntime } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

/**
 * Every method under /api goes to the Hono app (src/lib/server/api), with the peer's address as
 * the `CLIENT_ADDRESS` binding: the socket's on Node, and on Cloudflare the `CF-Connecting-IP`
 * that Cloudflare writes (adapter-cloudflare's getClientAddress). The API never reads an
 * address from a header a client could send, except behind a proxy named in `TRUST_PROXY`.
 */
const handler: RequestHandler = ({ request, platform, getClientAddress, locals }) => {
	let clientAddress: string | undefined;
	try {
		clientAddress = getClientAddress();
	} catch {
		// Some hosts cannot tell; the address is then unknown (one shared throttle bucket).
	}
	return getRuntime({ ...env, ...platform?.env }, version, bundledMigrations).api.fetch(
		request,
		// REQUEST_LOG: the API fills in the route and organization of the request's log line.
		{ ...platform?.env, CLIENT_ADDRESS: clientAddress, REQUEST_LOG: locals.log },
		platform?.ctx
	);
};

export const GET = handler;
export const POST = handler;
export const PUT = handler;
export const PATCH = handler;
export const DELETE = handler;
export const OPTIONS = handler;
