/** What a benchmark section gets and gives back; bench/run.ts lists the sections. */
import type { LoadOptions, LoadResult } from './load';

export interface BenchContext {
	/** The server under test (the real API and a bare route, see server.ts). */
	baseURL: string;
	/** The API's libSQL file, for a raw baseline reading the very rows the API serves. */
	databaseUrl: string;
	/** A bearer token of an organization's admin, signed up for this run. */
	token: string;
	/** How hard and how long each load measurement runs. */
	load: Pick<LoadOptions, 'concurrency' | 'warmupMs' | 'durationMs'>;
	/** The command line's options as given (`--devices 100` is `{devices: '100'}`). */
	flags: Record<string, string | boolean | undefined>;
}

export interface Measurement extends LoadResult {
	name: string;
	description: string;
}

export interface SectionResult {
	/** Load measurements, printed as rows of the table. */
	measurements: Measurement[];
	/** Derived figures (ratios, goals, sizes), printed under the table. */
	summary?: Record<string, number | string | boolean>;
}

export interface Section {
	name: string;
	description: string;
	/** Runs only when `--only` names it (long runs: the load and the soak). */
	explicit?: boolean;
	run: (ctx: BenchContext) => Promise<SectionResult>;
}
