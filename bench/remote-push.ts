/**
 * The write path on a remote libSQL database (Workers + Turso), where every round trip is a
 * network hop: pushes of 100 sales, of 100 mixed selling mutations and of 100 catalog writes
 * through the real write path, against the test endpoint (src/lib/server/testing/hrana-server.ts)
 * with DELAY_MS added to each request. Counts the round trips of each push and times it; the
 * raw baseline is the delay itself: what the round trips alone must cost.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uuidv7 } from 'uuidv7';
import { validateSessionToken } from '../src/lib/server/auth/session';
import { applyBatch } from '../src/lib/server/sync/push';
import { startHranaServer } from '../src/lib/server/testing/hrana-server';
import { mutation, percentile, pushAll, round2 } from './push-client';
import type { Section } from './section';
import { signUp, startBenchServer } from './server';

const DELAY_MS = 20;
const BATCH = 100;
const ROUNDS = 5;

export const remotePush: Section = {
	name: 'remote-push',
	description: `pushes of ${BATCH} mutations on a remote libSQL endpoint with ${DELAY_MS} ms per round trip`,
	async run() {
		const dir = mkdtempSync(join(tmpdir(), 'optio-bench-remote-'));
		const db = await startHranaServer({ file: join(dir, 'remote.db') });
		const server = await startBenchServer(db.url);
		try {
			const token = await signUp(server.baseURL);
			const warehouse = uuidv7();
			const customer = uuidv7();
			const point = uuidv7();
			const products = Array.from({ length: 20 }, () => uuidv7());
			await pushAll(server.baseURL, token, [
				mutation('warehouse.upsert', { id: warehouse, name: 'Main', kind: 'main' }),
				mutation('counterparty.upsert', { id: customer, name: 'Shop LLC', kind: 'customer' }),
				mutation('tradePoint.upsert', { id: point, name: 'Shop', counterpartyId: customer }),
				...products.flatMap((id, i) => [
					mutation('product.upsert', { id, sku: `RB-${i}`, name: `P${i}`, unit: 'pcs' }),
					mutation('price.set', { productId: id, price: 1_000 + i })
				])
			]);
			const auth = (await validateSessionToken(server.deps.db, token))!;
			const org = auth.organizationId!;
			db.setDelay(DELAY_MS);

			const sale = (i: number) =>
				mutation('sale.create', {
					id: uuidv7(),
					warehouseId: warehouse,
					tradePointId: point,
					soldAt: Date.now(),
					lines: [0, 1, 2].map((k) => ({ productId: products[(i + k * 7) % 20]!, qty: 1 + k })),
					...(i % 2 ? {} : { payments: [{ method: 'cash', amount: 100_000 }] })
				});
			const kinds: Record<string, (i: number) => ReturnType<typeof mutation>> = {
				sales: sale,
				'mixed selling': (i) =>
					i % 4 === 0
						? mutation('payment.collect', {
								id: uuidv7(),
								counterpartyId: customer,
								method: 'cash',
								amount: 100
							})
						: i % 4 === 1
							? mutation('order.create', {
									id: uuidv7(),
									tradePointId: point,
									lines: [{ productId: products[i % 20]!, qty: 2 }]
								})
							: sale(i),
				catalog: (i) =>
					i % 2
						? mutation('price.set', { productId: products[i % 20]!, price: 2_000 + i })
						: mutation('product.upsert', {
								id: uuidv7(),
								sku: `RB-new-${uuidv7().slice(-12)}`,
								name: `New ${i}`,
								unit: 'pcs'
							})
			};
			const summary: Record<string, number> = { delayMs: DELAY_MS };
			for (const [kind, make] of Object.entries(kinds)) {
				const trips: number[] = [];
				const ms: number[] = [];
				const cpu: number[] = [];
				for (let r = 0; r < ROUNDS; r++) {
					const batch = Array.from({ length: BATCH }, (_, i) => make(i));
					const before = db.requests();
					const t0 = performance.now();
					const cpu0 = process.cpuUsage();
					const results = await applyBatch(server.deps.db, auth, org, 'bench', batch);
					ms.push(performance.now() - t0);
					// The process's CPU: the app's and the test endpoint's SQL (one process), which
					// unlike the clock does not stretch with whatever else the machine runs.
					const used = process.cpuUsage(cpu0);
					cpu.push((used.user + used.system) / 1000);
					trips.push(db.requests() - before);
					const refused = results.filter((x) => x.status !== 'applied');
					if (refused.length) throw new Error(`${kind}: ${JSON.stringify(refused[0])}`);
				}
				const key = kind.replace(/ (\w)/g, (_, c: string) => c.toUpperCase());
				summary[`${key}RoundTrips`] = Math.max(...trips);
				summary[`${key}MsMedian`] = round2(percentile(ms, 50));
				summary[`${key}MsMax`] = round2(Math.max(...ms));
				summary[`${key}CpuMsMedian`] = round2(percentile(cpu, 50));
			}
			return { measurements: [], summary };
		} finally {
			await server.close();
			await db.close();
			rmSync(dir, { recursive: true, force: true });
		}
	}
};
