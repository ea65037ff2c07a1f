/**
 * Load and soak: simulated devices (device-client.ts, in their own process) against the real
 * production server (`node scripts/start.js`, adapter-node's build, started as the tests start
 * it) on a fresh database file. The organization is signed up through the API and given a
 * catalog (products with prices, trade points), reps with a van each and stock in the vans,
 * all through the API. The server's memory (RSS of its process) is sampled every second.
 *   npm run bench -- --only load [--devices 100] [--duration 60] [--think 1000]
 *   npm run bench -- --only soak [--devices 20] [--duration 600]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { uuidv7 } from 'uuidv7';
import {
	ensureBuilt,
	freePort,
	startServer,
	type ServerProcess
} from '../src/lib/server/testing/server-process';
import type {
	DeviceLoadOptions,
	DeviceLoadResult,
	DeviceUser,
	PricedProduct
} from './device-client';
import { runInChild } from './load';
import { cpuSeconds } from './proc';
import { mutation, pushAll, round2 } from './push-client';
import type { BenchContext, Measurement, Section, SectionResult } from './section';
import { signUp } from './server';

/** The goals (issue 13): p99 of pushes and pulls, and the soak's memory drift. */
export const P99_GOAL_MS = 1000;
export const SOAK_DRIFT_GOAL = 0.1;

const PRODUCTS = 2000;
const TRADE_POINTS = 500;
/** Products each van holds; sales take from these. */
const STOCKED = 50;
/** Devices per user: a user's devices share one session. */
const DEVICES_PER_USER = 10;
const PASSWORD = 'bench device password';

interface Fleet {
	users: DeviceUser[];
	tradePointIds: string[];
	stocked: PricedProduct[];
	ordered: PricedProduct[];
}

async function call(baseURL: string, token: string, method: string, path: string, body?: unknown) {
	const res = await fetch(baseURL + path, {
		method,
		headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body)
	});
	if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
	return res.json() as Promise<Record<string, unknown>>;
}

/** An organization with a catalog, `users` reps, a van each and stock in every van. */
export async function prepare(baseURL: string, users: number): Promise<Fleet> {
	const admin = await signUp(baseURL);
	const me = (await call(baseURL, admin, 'GET', '/api/me')) as { user: { branchId: string } };
	const branchId = me.user.branchId;

	const products: PricedProduct[] = Array.from({ length: PRODUCTS }, (_, i) => ({
		id: uuidv7(),
		price: 1000 + (i % 500) * 100
	}));
	const tradePointIds = Array.from({ length: TRADE_POINTS }, () => uuidv7());
	await pushAll(baseURL, admin, [
		...products.flatMap((p, i) => [
			mutation('product.upsert', { id: p.id, sku: `SKU-${i}`, name: `Product ${i}`, unit: 'pcs' }),
			mutation('price.set', { productId: p.id, price: p.price })
		]),
		...tradePointIds.map((id, i) =>
			mutation('tradePoint.upsert', {
				id,
				name: `Shop ${i}`,
				address: `Street ${i % 300}, ${i}`,
				location: { lat: 41 + (i % 100) / 100, lng: 69 + (i % 90) / 100, source: 'manual' }
			})
		)
	]);

	const stocked = products.slice(0, STOCKED);
	const fleet: DeviceUser[] = [];
	for (let u = 0; u < users; u++) {
		const login = `bench-rep-${u}-${Date.now().toString(36)}`;
		const { employee } = (await call(baseURL, admin, 'POST', '/api/employees', {
			name: `Bench Rep ${u}`,
			login,
			password: PASSWORD,
			role: 'rep',
			branchId
		})) as { employee: { id: string } };
		const vanId = uuidv7();
		const receiptId = uuidv7();
		await pushAll(baseURL, admin, [
			mutation('warehouse.upsert', {
				id: vanId,
				name: `Van ${u}`,
				kind: 'van',
				branchId,
				ownerId: employee.id
			}),
			mutation('document.save', {
				id: receiptId,
				type: 'receipt',
				warehouseId: vanId,
				lines: stocked.map((p) => ({ productId: p.id, qty: 1_000_000 }))
			}),
			mutation('document.post', { id: receiptId })
		]);
		fleet.push({ login, password: PASSWORD, vanId });
	}
	return { users: fleet, tradePointIds, stocked, ordered: products.slice(0, 500) };
}

/** Resident memory of a process, in MiB. */
function rssMiB(pid: number): number {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const kb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1]);
	return kb / 1024;
}

interface Plan {
	devices: number;
	durationMs: number;
	thinkMs: number;
	rampMs: number;
	/** Print the server's memory this often while the devices run. */
	reportEveryMs: number;
}

async function runDevices(plan: Plan, soak: boolean): Promise<SectionResult> {
	await ensureBuilt();
	const dir = mkdtempSync(join(tmpdir(), 'optio-load-'));
	let server: ServerProcess | undefined;
	try {
		server = await startServer({
			port: await freePort(),
			databaseUrl: `file:${join(dir, 'optio.db')}`
		});
		const pid = server.pid;
		const users = Math.max(1, Math.ceil(plan.devices / DEVICES_PER_USER));
		console.log(`  preparing: ${PRODUCTS} products, ${TRADE_POINTS} trade points, ${users} reps…`);
		const fleet = await prepare(server.baseURL, users);

		const startMiB = rssMiB(pid);
		const startCpu = cpuSeconds(pid);
		const startLoad = loadavg()[0]!;
		const samples: { s: number; mib: number }[] = [];
		const t0 = performance.now();
		let nextReport = plan.reportEveryMs;
		const sampler = setInterval(() => {
			const s = (performance.now() - t0) / 1000;
			const mib = rssMiB(pid);
			samples.push({ s, mib });
			if (s * 1000 >= nextReport) {
				nextReport += plan.reportEveryMs;
				console.log(`  ${Math.round(s)} s: server RSS ${mib.toFixed(0)} MiB`);
			}
		}, 1000);
		console.log(
			`  ${plan.devices} devices (${users} users), ${plan.durationMs / 1000} s, think ${plan.thinkMs} ms, ramp ${plan.rampMs / 1000} s; server RSS ${startMiB.toFixed(0)} MiB`
		);
		let result: DeviceLoadResult;
		try {
			result = await runInChild<DeviceLoadOptions, DeviceLoadResult>('./device-client.ts', {
				baseURL: server.baseURL,
				devices: plan.devices,
				...fleet,
				durationMs: plan.durationMs,
				thinkMs: plan.thinkMs,
				rampMs: plan.rampMs
			});
		} finally {
			clearInterval(sampler);
		}
		const endMiB = rssMiB(pid);
		const peakMiB = Math.max(startMiB, endMiB, ...samples.map((x) => x.mib));
		// How busy the server was, and how busy the machine (other work shares its 2 cores).
		const cpu = cpuSeconds(pid) - startCpu;
		const requests = Object.values(result.kinds).reduce((n, k) => n + k.requests, 0);
		const machine = {
			serverCpuPercent: round2((cpu / result.seconds) * 100),
			// Load-independent: what one request costs the server, hence what one core could serve.
			serverCpuMsPerRequest: round2((cpu * 1000) / requests),
			loadAverageStart: round2(startLoad),
			loadAverageEnd: round2(loadavg()[0]!)
		};
		// Anything the server logged as an error while the devices ran (its log is JSON lines).
		const serverErrors = server
			.output()
			.split('\n')
			.filter((line) => line.includes('"level":"error"'));
		for (const line of serverErrors.slice(0, 5)) console.log(`  server: ${line.slice(0, 400)}`);
		return report(result, plan, users, { startMiB, peakMiB, endMiB, samples }, soak, {
			...machine,
			serverErrorLines: serverErrors.length
		});
	} finally {
		await server?.kill();
		rmSync(dir, { recursive: true, force: true });
	}
}

function report(
	r: DeviceLoadResult,
	plan: Plan,
	users: number,
	memory: {
		startMiB: number;
		peakMiB: number;
		endMiB: number;
		samples: { s: number; mib: number }[];
	},
	soak: boolean,
	machine: Record<string, number>
): SectionResult {
	const described: Record<string, string> = {
		signIn: 'POST /api/auth/login, once per user (its devices share the session)',
		download: "GET /api/sync/pull pages of a device's first download",
		push: 'POST /api/sync/push of 1–3 sales (1–4 lines, cash) or orders (1–6 lines)',
		pull: 'GET /api/sync/pull from the device cursor to the end'
	};
	const measurements: Measurement[] = Object.entries(r.kinds).map(([kind, k]) => ({
		name: kind,
		description: described[kind]!,
		requests: k.requests,
		failures: k.failures,
		statuses: k.statuses,
		seconds: r.seconds,
		rps: k.requests / r.seconds,
		latencyMs: k.latencyMs
	}));
	const requests = measurements.reduce((s, m) => s + m.requests, 0);
	const errors: Record<string, number> = {};
	for (const m of measurements) {
		for (const [status, n] of Object.entries(m.statuses)) {
			if (!/^2\d\d$/.test(status)) errors[status] = (errors[status] ?? 0) + n;
		}
	}
	for (const [key, n] of Object.entries(r.notApplied)) errors[key] = (errors[key] ?? 0) + n;
	const errorCount = Object.values(errors).reduce((s, n) => s + n, 0);
	const p99 = (kind: 'push' | 'pull') => r.kinds[kind].latencyMs.p99;
	// A figure of what did not happen (no first download finished in the run: a starved server)
	// is absent, not a crash that loses the rest of the run's figures.
	const fig = (n: number | null | undefined) => (n == null ? 'none' : round2(n));
	const summary: Record<string, number | string | boolean> = {
		devices: plan.devices,
		users,
		seconds: fig(r.seconds),
		thinkMs: plan.thinkMs,
		devicesReady: r.devicesReady,
		requestsPerSecond: fig(requests / r.seconds),
		mutationsPerSecond: fig(r.applied / r.seconds),
		mutationsApplied: r.applied,
		errors: errorCount,
		errorsBy: JSON.stringify(errors),
		downloadRowsPerDevice: Math.round(r.downloadRows / Math.max(1, r.devicesReady)),
		downloadP50Ms: fig(r.downloadMs.p50),
		downloadP99Ms: fig(r.downloadMs.p99),
		steadyFromSeconds: fig(r.steadyFromSeconds),
		steadyPushP50Ms: fig(r.steady.push.latencyMs.p50),
		steadyPushP99Ms: fig(r.steady.push.latencyMs.p99),
		steadyPullP50Ms: fig(r.steady.pull.latencyMs.p50),
		steadyPullP99Ms: fig(r.steady.pull.latencyMs.p99),
		steadyRequests: r.steady.push.requests + r.steady.pull.requests,
		rssStartMiB: fig(memory.startMiB),
		rssPeakMiB: fig(memory.peakMiB),
		rssEndMiB: fig(memory.endMiB),
		...machine,
		goalMet: errorCount === 0 && p99('push') < P99_GOAL_MS && p99('pull') < P99_GOAL_MS
	};
	if (soak) {
		// The level after the first minute: the last sample at or before 60 s.
		const firstMinute = memory.samples.filter((x) => x.s <= 60).at(-1)?.mib ?? memory.startMiB;
		const drift = (memory.endMiB - firstMinute) / firstMinute;
		summary.rssFirstMinuteMiB = fig(firstMinute);
		summary.rssDriftPercent = fig(drift * 100);
		// The goal guards against growth (a leak): memory the collector gives back after the first
		// downloads, ending below the first minute's level, is no failure of it.
		summary.memoryGoalMet = drift <= SOAK_DRIFT_GOAL;
	}
	return { measurements, summary };
}

const num = (v: unknown, fallback: number) => (v === undefined ? fallback : Number(v));

export const load: Section = {
	name: 'load',
	description:
		'simulated devices (sign in, download, then pushes of sales and orders alternating with pulls) against the production server',
	explicit: true,
	run: (ctx: BenchContext) =>
		runDevices(
			{
				devices: num(ctx.flags.devices, 100),
				durationMs: num(ctx.flags.duration, 60) * 1000,
				thinkMs: num(ctx.flags.think, 1000),
				rampMs: num(ctx.flags.ramp, 10) * 1000,
				reportEveryMs: 15_000
			},
			false
		)
};

export const soak: Section = {
	name: 'soak',
	description: 'the load section for 10 minutes at moderate load (20 devices), memory watched',
	explicit: true,
	run: (ctx: BenchContext) =>
		runDevices(
			{
				devices: num(ctx.flags.devices, 20),
				durationMs: num(ctx.flags.duration, 600) * 1000,
				thinkMs: num(ctx.flags.think, 1000),
				rampMs: num(ctx.flags.ramp, 10) * 1000,
				reportEveryMs: 60_000
			},
			true
		)
};
