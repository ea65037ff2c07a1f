// The Worker Cloudflare runs: SvelteKit's generated worker for requests, plus the cron trigger
// (wrangler.toml [triggers]) that sends webhook retries and purges expired data. The trigger
// calls the app's own /api/internal/tick with the CRON_SECRET secret, so the scheduled work is
// the same code that runs on a timer on Node (src/lib/server/scheduled.ts).
import app from '../.svelte-kit/cloudflare/_worker.js';

export default {
	fetch: app.fetch,
	async scheduled(_controller, env, ctx) {
		if (!env.CRON_SECRET) return;
		const request = new Request('https://optio.internal/api/internal/tick', {
			method: 'POST',
			headers: { authorization: `Cron ${env.CRON_SECRET}` }
		});
		ctx.waitUntil(app.fetch(request, env, ctx));
	}
};
