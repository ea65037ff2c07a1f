import { env } from '$env/dynamic/private';
import { version } from '$app/environment';
import { bundledMigrations } from '$lib/server/db/migrations';
import { getRuntime } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

/** Every method under /api goes to the Hono app (src/lib/server/api). */
const handler: RequestHandler = ({ request, platform, getClientAddress, locals }) => {
	let clientAddress: string | undefined;
	try {
		clientAddress = getClientAddress();
	} catch {
		// Some hosts cannot tell; the API then falls back to the proxy's headers.
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
