/**
 * Simulated devices, run in their own process (see device-load.ts) so they do not share the
 * server's event loop. Each device, as the app does: signs in (one sign-in per user, its session
 * shared by that user's devices), downloads (pulls until nothing remains), then until the time is
 * up alternates a push (sales, then orders, then sales…) with a pull to the end, pausing a
 * think time between requests. One keep-alive connection per device at a time.
 */
import { Agent, request } from 'node:http';
import { uuidv7 } from 'uuidv7';
import { latencySummary, type LatencySummary } from './stats';

export interface DeviceUser {
	login: string;
	password: string;
	/** The rep's van: their sales take stock from it. */
	vanId: string;
}

export interface PricedProduct {
	id: string;
	price: number;
}

export interface DeviceLoadOptions {
	baseURL: string;
	devices: number;
	users: DeviceUser[];
	tradePointIds: string[];
	/** Products in every van (sales take from them). */
	stocked: PricedProduct[];
	/** Products orders are made of (any of the catalog). */
	ordered: PricedProduct[];
	durationMs: number;
	/** Mean pause between a device's requests (uniform between half and one and a half of it). */
	thinkMs: number;
	/** Devices start evenly spread over this long, as a fleet does, not all in one instant. */
	rampMs: number;
}

export const KINDS = ['signIn', 'download', 'push', 'pull'] as const;
export type Kind = (typeof KINDS)[number];

export interface KindResult {
	requests: number;
	/** Answers that were not 2xx, or no answer (status `0:<socket error code>`). */
	failures: number;
	statuses: Record<string, number>;
	latencyMs: LatencySummary;
}

export interface DeviceLoadResult {
	seconds: number;
	kinds: Record<Kind, KindResult>;
	/** Mutations the server answered `applied`. */
	applied: number;
	/** Mutations answered otherwise, by status and code (`rejected:validation`). */
	notApplied: Record<string, number>;
	/** Rows the devices' first downloads received, and how long each took (ms). */
	downloadRows: number;
	downloadMs: LatencySummary;
	/** Devices that finished their first download. */
	devicesReady: number;
	/**
	 * Pushes and pulls sent after the last device finished its first download (s after the start),
	 * so the steady state shows apart from the first-download storm.
	 */
	steadyFromSeconds: number;
	steady: Record<'push' | 'pull', { requests: number; latencyMs: LatencySummary }>;
}

/**
 * What a device does at step `i` after its download: even steps push, odd steps pull; the pushes
 * alternate sales and orders (a device's first push is a sale).
 */
export function stepOf(i: number): 'sale' | 'order' | 'pull' {
	if (i % 2 === 1) return 'pull';
	return (i / 2) % 2 === 0 ? 'sale' : 'order';
}

interface Answer {
	status: number;
	body: unknown;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;
const between = (lo: number, hi: number) => lo + Math.floor(Math.random() * (hi - lo + 1));

/** `n` different items of `xs`. */
function some<T>(xs: readonly T[], n: number): T[] {
	const chosen = new Set<T>();
	while (chosen.size < Math.min(n, xs.length)) chosen.add(pick(xs));
	return [...chosen];
}

async function generate(opts: DeviceLoadOptions): Promise<DeviceLoadResult> {
	const base = new URL(opts.baseURL);
	// A connection left idle 4 s is closed by the client, before the server's keep-alive timeout
	// (Node's 5 s) can close it just as a request is sent on it, which would show as a reset the
	// server never saw. Browsers resend in that case; this client does not, so it avoids it.
	const agent = new Agent({ keepAlive: true, maxSockets: opts.devices, timeout: 4000 });
	const latencies: Record<Kind, number[]> = { signIn: [], download: [], push: [], pull: [] };
	/** When each push and pull was sent (ms after the start), beside its latency. */
	const sentAt: Record<'push' | 'pull', number[]> = { push: [], pull: [] };
	const statuses: Record<Kind, Record<string, number>> = {
		signIn: {},
		download: {},
		push: {},
		pull: {}
	};
	const notApplied: Record<string, number> = {};
	let applied = 0;
	let downloadRows = 0;
	const downloadMs: number[] = [];

	function send(kind: Kind, method: string, path: string, token?: string, body?: unknown) {
		const payload = body === undefined ? undefined : JSON.stringify(body);
		const headers: Record<string, string> = {};
		if (token) headers.authorization = `Bearer ${token}`;
		if (payload) {
			headers['content-type'] = 'application/json';
			headers['content-length'] = String(Buffer.byteLength(payload));
		}
		const t0 = performance.now();
		return new Promise<Answer>((resolve) => {
			/** `status` 0 is no answer; `why` then names the socket's error (`0:ECONNRESET`). */
			const done = (status: number, text: string, why?: string) => {
				latencies[kind].push(performance.now() - t0);
				if (kind === 'push' || kind === 'pull') sentAt[kind].push(t0 - start);
				const key = status === 0 ? `0:${why ?? 'error'}` : String(status);
				statuses[kind][key] = (statuses[kind][key] ?? 0) + 1;
				let parsed: unknown = null;
				try {
					parsed = text ? JSON.parse(text) : null;
				} catch {
					// Not JSON: the status says enough.
				}
				resolve({ status, body: parsed });
			};
			const req = request(
				{ agent, method, hostname: base.hostname, port: base.port, path, headers },
				(res) => {
					const chunks: Buffer[] = [];
					res.on('data', (c: Buffer) => chunks.push(c));
					res.on('end', () => done(res.statusCode ?? 0, Buffer.concat(chunks).toString()));
					res.on('error', (e: NodeJS.ErrnoException) => done(0, '', e.code));
				}
			);
			req.on('error', (e: NodeJS.ErrnoException) => done(0, '', e.code));
			req.end(payload);
		});
	}

	const start = performance.now();
	const end = start + opts.durationMs;
	const think = () => sleep(opts.thinkMs * (0.5 + Math.random()));

	/** One sign-in per user; a 429 (the hashing queue is full) is retried after its Retry-After. */
	const sessions = new Map<string, Promise<string | null>>();
	function session(user: DeviceUser): Promise<string | null> {
		let s = sessions.get(user.login);
		if (!s) {
			s = (async () => {
				while (performance.now() < end) {
					const a = await send('signIn', 'POST', '/api/auth/login', undefined, {
						login: user.login,
						password: user.password
					});
					if (a.status === 200) return (a.body as { token: string }).token;
					await sleep(a.status === 429 ? 1000 : 2000);
				}
				return null;
			})();
			sessions.set(user.login, s);
		}
		return s;
	}

	/** Pulls from `cursor` until nothing remains; answers the new cursor and the rows received. */
	async function pullToEnd(kind: Kind, token: string, cursor: string | null) {
		let rows = 0;
		for (;;) {
			const q = cursor ? `?cursor=${encodeURIComponent(cursor)}&limit=1000` : '?limit=1000';
			const a = await send(kind, 'GET', `/api/sync/pull${q}`, token);
			if (a.status !== 200) return { cursor, rows, ok: false };
			const page = a.body as { cursor: string; hasMore: boolean; changes: unknown[] };
			cursor = page.cursor;
			rows += page.changes.length;
			if (!page.hasMore) return { cursor, rows, ok: true };
		}
	}

	function mutations(kind: 'sale' | 'order', user: DeviceUser) {
		return Array.from({ length: between(1, 3) }, () => {
			const now = Date.now();
			if (kind === 'sale') {
				const lines = some(opts.stocked, between(1, 4)).map((p) => ({ p, qty: between(1, 3) }));
				const total = lines.reduce((s, l) => s + l.p.price * l.qty, 0);
				return {
					id: uuidv7(),
					name: 'sale.create',
					args: {
						id: uuidv7(),
						warehouseId: user.vanId,
						tradePointId: pick(opts.tradePointIds),
						lines: lines.map((l) => ({ productId: l.p.id, qty: l.qty })),
						payments: [{ method: 'cash', amount: total }],
						deviceTotal: total,
						soldAt: now
					},
					createdAt: now
				};
			}
			const lines = some(opts.ordered, between(1, 6)).map((p) => ({ p, qty: between(1, 10) }));
			return {
				id: uuidv7(),
				name: 'order.create',
				args: {
					id: uuidv7(),
					tradePointId: pick(opts.tradePointIds),
					lines: lines.map((l) => ({ productId: l.p.id, qty: l.qty })),
					deviceTotal: lines.reduce((s, l) => s + l.p.price * l.qty, 0),
					orderedAt: now
				},
				createdAt: now
			};
		});
	}

	let devicesReady = 0;
	let lastReady = 0;
	async function device(d: number) {
		await sleep((opts.rampMs * d) / opts.devices);
		const user = opts.users[d % opts.users.length]!;
		const clientId = `bench-device-${d}`;
		const token = await session(user);
		if (!token) return;
		const t0 = performance.now();
		const first = await pullToEnd('download', token, null);
		if (!first.ok) return;
		downloadMs.push(performance.now() - t0);
		lastReady = performance.now() - start;
		downloadRows += first.rows;
		devicesReady++;
		let cursor = first.cursor;
		for (let i = 0; performance.now() < end; i++) {
			await think();
			if (performance.now() >= end) break;
			const step = stepOf(i);
			if (step === 'pull') {
				cursor = (await pullToEnd('pull', token, cursor)).cursor;
				continue;
			}
			const a = await send('push', 'POST', '/api/sync/push', token, {
				clientId,
				mutations: mutations(step, user)
			});
			if (a.status !== 200) continue;
			for (const r of (a.body as { results: { status: string; error?: { code: string } }[] })
				.results) {
				if (r.status === 'applied') applied++;
				else {
					const key = r.error ? `${r.status}:${r.error.code}` : r.status;
					notApplied[key] = (notApplied[key] ?? 0) + 1;
				}
			}
		}
	}
	await Promise.all(Array.from({ length: opts.devices }, (_, d) => device(d)));
	const seconds = (performance.now() - start) / 1000;
	agent.destroy();

	const kinds = {} as Record<Kind, KindResult>;
	for (const kind of KINDS) {
		const failures = Object.entries(statuses[kind])
			.filter(([status]) => !/^2\d\d$/.test(status))
			.reduce((s, [, n]) => s + n, 0);
		kinds[kind] = {
			requests: latencies[kind].length,
			failures,
			statuses: statuses[kind],
			latencyMs: latencySummary(latencies[kind])
		};
	}
	const steadyOf = (kind: 'push' | 'pull') => {
		const after = latencies[kind].filter((_, i) => sentAt[kind][i]! >= lastReady);
		return { requests: after.length, latencyMs: latencySummary(after) };
	};
	return {
		seconds,
		kinds,
		steadyFromSeconds: lastReady / 1000,
		steady: { push: steadyOf('push'), pull: steadyOf('pull') },
		applied,
		notApplied,
		downloadRows,
		downloadMs: latencySummary(downloadMs),
		devicesReady
	};
}

process.once('message', (opts: DeviceLoadOptions) => {
	generate(opts).then(
		(result) => process.send!(result, () => process.exit(0)),
		(err: unknown) => {
			console.error(err);
			process.exit(1);
		}
	);
});
