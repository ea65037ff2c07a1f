/**
 * The real Cloudflare Worker in tests: the bundle `wrangler deploy --dry-run` makes of
 * worker/cron.js (SvelteKit's generated worker plus the cron handler), run in workerd through
 * Miniflare with the compatibility date and flags of wrangler.toml. Test-only.
 *
 * @example
 * const bundle = await buildWorkerBundle(); // once per test file: a build takes a while
 * const worker = await startWorker(bundle, { DATABASE_URL: hrana.url });
 * const res = await worker.fetch('/api/health');
 * await worker.dispose();
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Miniflare, type MiniflareOptions } from 'miniflare';
import { unstable_readConfig } from 'wrangler';
import { withBuildLock } from '../../../../scripts/lib/build-lock.js';
import { sourceHash } from '../../../../scripts/lib/build.js';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../../../..');
const KIT_WORKER = join(ROOT, '.svelte-kit/cloudflare/_worker.js');
/** The sources' hash the Worker in .svelte-kit/cloudflare was built from. */
const STAMP = join(ROOT, '.svelte-kit/cloudflare/.source-hash');

export interface WorkerBundle {
	/** The dry run's output folder: cron.js and the modules it imports (the argon2 .wasm). */
	dir: string;
	/** Whether this call ran `vite build` (false: the existing build is of these sources). */
	built: boolean;
}

/**
 * The sources' hash (the Node build's freshness rule, scripts/lib/build.js) and wrangler.toml,
 * which the Worker's build also reads.
 */
function workerSourceHash(): string {
	return createHash('sha256')
		.update(sourceHash(ROOT) ?? '')
		.update(readFileSync(join(ROOT, 'wrangler.toml')))
		.digest('hex');
}

/**
 * Builds the app (`vite build`, skipped when `.svelte-kit/cloudflare` was built from these very
 * sources) and bundles the Worker as `wrangler deploy --dry-run --outdir` would for a deploy.
 */
export async function buildWorkerBundle(): Promise<WorkerBundle> {
	const env: NodeJS.ProcessEnv = {
		...process.env,
		WRANGLER_SEND_METRICS: 'false',
		WRANGLER_HIDE_BANNER: 'true'
	};
	// The Vitest run's own variables would otherwise leak into the build (VITEST turns on
	// test-only settings in config.ts when the built server reads process.env).
	for (const key of Object.keys(env)) if (key.startsWith('VITEST')) delete env[key];
	env.NODE_ENV = 'production';
	const hash = workerSourceHash();
	// Under the build lock until the dry run has bundled it: the Worker imports the server from
	// .svelte-kit/output, which a Node build (another test file's) writes too.
	return withBuildLock(async () => {
		const stale =
			!existsSync(KIT_WORKER) || !existsSync(STAMP) || readFileSync(STAMP, 'utf8') !== hash;
		if (stale) {
			await run(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build'], {
				cwd: ROOT,
				env,
				maxBuffer: 64 * 1024 * 1024
			});
			writeFileSync(STAMP, hash);
		}
		const dir = mkdtempSync(join(tmpdir(), 'optio-worker-'));
		await run(
			process.execPath,
			[
				join(ROOT, 'node_modules/wrangler/bin/wrangler.js'),
				'deploy',
				'--dry-run',
				'--outdir',
				dir,
				'worker/cron.js'
			],
			{ cwd: ROOT, env, maxBuffer: 64 * 1024 * 1024 }
		);
		return { dir, built: stale };
	}, ROOT);
}

export interface LogLine {
	level: string;
	message: string;
}

export interface RunningWorker {
	mf: Miniflare;
	/** A request to the Worker, as from a browser on its own origin. */
	fetch(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
	/** Fires the cron trigger (wrangler.toml [triggers]). */
	scheduled(): Promise<unknown>;
	/** What the Worker logged (console.*) so far. */
	logs: LogLine[];
	dispose(): Promise<void>;
}

export const WORKER_ORIGIN = 'https://optio.test';

/** Starts the bundle in workerd with wrangler.toml's settings and the given bindings. */
export async function startWorker(
	bundle: WorkerBundle,
	bindings: Record<string, string>
): Promise<RunningWorker> {
	const config = unstable_readConfig({ config: join(ROOT, 'wrangler.toml') });
	const logs: LogLine[] = [];
	const files = readdirSync(bundle.dir);
	const modules: MiniflareOptions['modules'] = [
		{ type: 'ESModule', path: join(bundle.dir, 'cron.js') },
		...files
			.filter((f) => f.endsWith('.wasm'))
			.map((f) => ({ type: 'CompiledWasm' as const, path: join(bundle.dir, f) }))
	];
	const mf = new Miniflare({
		modules,
		modulesRoot: bundle.dir,
		compatibilityDate: config.compatibility_date,
		compatibilityFlags: config.compatibility_flags,
		bindings: { ...(config.vars as Record<string, string>), ...bindings },
		// The photo bucket (wrangler.toml [[r2_buckets]]), kept in memory by Miniflare.
		r2Buckets: config.r2_buckets.map((b: { binding: string }) => b.binding),
		assets: {
			directory: resolve(ROOT, config.assets!.directory!),
			binding: config.assets!.binding!,
			routerConfig: { has_user_worker: true }
		},
		structuredWorkerdLogs: true,
		handleStructuredLogs: ({ level, message }: LogLine) => {
			logs.push({ level, message });
		}
	});
	await mf.ready;
	return {
		mf,
		logs,
		async fetch(path, init = {}) {
			const { json, ...rest } = init;
			const headers = new Headers(rest.headers);
			headers.set('origin', WORKER_ORIGIN);
			if (json !== undefined) headers.set('content-type', 'application/json');
			const res = await mf.dispatchFetch(`${WORKER_ORIGIN}${path}`, {
				...rest,
				headers,
				body: json !== undefined ? JSON.stringify(json) : (rest.body as string | undefined)
			} as never);
			return res as unknown as Response;
		},
		async scheduled() {
			const worker = await mf.getWorker();
			return worker.scheduled({ cron: config.triggers.crons?.[0] ?? '* * * * *' });
		},
		dispose: () => mf.dispose()
	};
}
