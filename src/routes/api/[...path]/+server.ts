import { env } from '$env/dynamic/private';
import { version } from '$app/environment';
import { bundledMigrations } from '$lib/server/db/migrations';
import { getRuntime } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

/** Every method under /api goes to the Hono app (src/lib/server/api). */
const handler: RequestHandler = ({ request, platform }) =>
	getRuntime({ ...env, ...platform?.env }, version, bundledMigrations).api.fetch(
		request,
		platform?.env ?? {},
		platform?.ctx
	);

export const GET = handler;
export const POST = handler;
export const PUT = handler;
export const PATCH = handler;
export const DELETE = handler;
export const OPTIONS = handler;
