/**
 * `npm run bench`: starts the server under test once (server.ts), signs up an organization,
 * runs each section in SECTIONS in turn, prints a table and writes bench/results/latest.json.
 *   npm run bench -- --only api-latency --duration 5 --warmup 1 --concurrency 16
 *   npm run bench -- --only load --devices 100 --duration 60   (not run unless named; so are soak
 *   and pull-json)
 * A later benchmark (sync push, pull) is a further Section added to the list.
 */
import { execSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { apiLatency } from './api-latency';
import type { Section, SectionResult } from './section';
import { signUp, startBenchServer } from './server';
import { syncPull } from './sync-pull';
import { stockBalances } from './stock-balances';
import { stockPost } from './stock-post';
import { stockRender } from './stock-render';
import { mapRender } from './map-render';
import { salesBench } from './sales';
import { syncPush } from './sync-push';
import { passwordHash } from './password-hash';
import { remotePush } from './remote-push';
import { load as deviceLoad, soak } from './device-load';
import { lighthouseSection } from './lighthouse';
import { deviceScale } from './device-scale';
import { photosBench } from './photos';
import { onecImport } from './onec-import';
import { pullJson } from './pull-json';

const SECTIONS: Section[] = [
	apiLatency,
	syncPush,
	syncPull,
	stockPost,
	stockBalances,
	stockRender,
	salesBench,
	mapRender,
	passwordHash,
	remotePush,
	onecImport,
	lighthouseSection,
	deviceScale,
	photosBench,
	deviceLoad,
	soak,
	pullJson
];

const { values } = parseArgs({
	options: {
		only: { type: 'string' },
		// Seconds per measurement: 5 unless given (the load and soak sections have their own).
		duration: { type: 'string' },
		warmup: { type: 'string', default: '1' },
		concurrency: { type: 'string', default: '16' },
		// The load and soak sections (bench/device-load.ts).
		devices: { type: 'string' },
		think: { type: 'string' },
		ramp: { type: 'string' },
		// The onec-import section's catalog size (goods; 20,000 unless given).
		goods: { type: 'string' },
		// The onec-import section's server heap cap in MiB (--max-old-space-size; 0: none).
		heap: { type: 'string' },
		out: {
			type: 'string',
			default: fileURLToPath(new URL('./results/latest.json', import.meta.url))
		}
	}
});

const only = values.only?.split(',').map((s) => s.trim());
const sections = only
	? SECTIONS.filter((s) => only.includes(s.name))
	: SECTIONS.filter((s) => !s.explicit);
if (sections.length === 0) {
	console.error(
		`No such section: ${values.only}. Sections: ${SECTIONS.map((s) => s.name).join(', ')}`
	);
	process.exit(2);
}
const load = {
	concurrency: Number(values.concurrency),
	warmupMs: Number(values.warmup) * 1000,
	durationMs: Number(values.duration ?? '5') * 1000
};

function commit(): string | null {
	try {
		return execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
	} catch {
		return null;
	}
}

const ms = (n: number) => n.toFixed(2);

function printTable(results: Record<string, SectionResult>) {
	const rows = [['section', 'measurement', 'req/s', 'p50 ms', 'p99 ms', 'requests', 'failures']];
	for (const [section, r] of Object.entries(results)) {
		for (const m of r.measurements) {
			rows.push([
				section,
				m.name,
				Math.round(m.rps).toString(),
				ms(m.latencyMs.p50),
				ms(m.latencyMs.p99),
				m.requests.toString(),
				m.failures.toString()
			]);
		}
	}
	const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
	const line = (r: string[]) =>
		r.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
	console.log(line(rows[0]!));
	console.log(widths.map((w) => '-'.repeat(w)).join('  '));
	for (const r of rows.slice(1)) console.log(line(r));
	for (const [section, r] of Object.entries(results)) {
		if (!r.summary) continue;
		const parts = Object.entries(r.summary).map(([k, v]) => `${k} ${v}`);
		console.log(`${section}: ${parts.join(', ')}`);
	}
}

const server = await startBenchServer();
const results: Record<string, SectionResult> = {};
try {
	const token = await signUp(server.baseURL);
	console.log(
		`Server at ${server.baseURL}; ${load.concurrency} in flight, ${values.warmup} s warm-up, ${load.durationMs / 1000} s each.\n`
	);
	for (const section of sections) {
		console.log(`${section.name}: ${section.description}…`);
		results[section.name] = await section.run({
			baseURL: server.baseURL,
			databaseUrl: server.databaseUrl,
			token,
			load,
			flags: values
		});
	}
} finally {
	await server.close();
}

console.log('');
printTable(results);

const report = {
	at: new Date().toISOString(),
	commit: commit(),
	node: process.version,
	cpu: cpus()[0]?.model ?? null,
	cpuCount: cpus().length,
	settings: load,
	sections: results
};
mkdirSync(dirname(values.out), { recursive: true });
writeFileSync(values.out, JSON.stringify(report, null, '\t') + '\n');
console.log(`\nWrote ${values.out}`);
const failed = Object.values(results).some((r) => r.measurements.some((m) => m.failures > 0));
if (failed) {
	console.error('Some requests failed: the figures above are not to be trusted.');
	process.exitCode = 1;
}
