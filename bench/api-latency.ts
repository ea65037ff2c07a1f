/**
 * The cost of the API itself: `GET /api/me` with a bearer token (the session check, from the
 * per-process session cache after the first request; see src/lib/server/auth/session-cache.ts)
 * against a bare route on the same server answering a constant.
 */
import { runLoad } from './load';
import type { Section } from './section';
import { BARE_BODY, BARE_PATH } from './server';

/** Authenticated throughput should be at least this share of the bare route's. */
export const RATIO_GOAL = 0.5;

async function check(url: string, headers: Record<string, string>, ok: (body: unknown) => boolean) {
	const res = await fetch(url, { headers });
	const body: unknown = await res.json();
	if (res.status !== 200 || !ok(body)) {
		throw new Error(`${url} answered ${res.status} ${JSON.stringify(body)}`);
	}
}

export const apiLatency: Section = {
	name: 'api-latency',
	description: 'GET /api/me (bearer) vs a bare Hono route, same server',
	async run({ baseURL, token, load }) {
		const auth = { authorization: `Bearer ${token}` };
		await check(
			`${baseURL}${BARE_PATH}`,
			{},
			(b) => JSON.stringify(b) === JSON.stringify(BARE_BODY)
		);
		await check(`${baseURL}/api/me`, auth, (b) => Boolean((b as { user?: unknown }).user));

		const bare = await runLoad({ url: `${baseURL}${BARE_PATH}`, ...load });
		const me = await runLoad({ url: `${baseURL}/api/me`, headers: auth, ...load });
		const ratio = me.rps / bare.rps;
		return {
			measurements: [
				{ name: 'bare', description: `GET ${BARE_PATH}: a constant`, ...bare },
				{ name: 'me', description: 'GET /api/me with a bearer token', ...me }
			],
			summary: {
				ratio: Number(ratio.toFixed(3)),
				goal: RATIO_GOAL,
				goalMet: ratio >= RATIO_GOAL
			}
		};
	}
};
