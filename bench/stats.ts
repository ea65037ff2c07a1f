/** Statistics the bench's sections and load generators share. No imports: load generators run it in their own processes. */

/** The value below which `p` percent of `values` fall (nearest rank); NaN for no values. */
export function percentile(values: ArrayLike<number>, p: number): number {
	if (values.length === 0) return NaN;
	const sorted = Float64Array.from(values).sort();
	return sorted[
		Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
	]!;
}

export interface LatencySummary {
	mean: number;
	p50: number;
	p90: number;
	p99: number;
	max: number;
}

/** Mean, median, p90, p99 and worst of request latencies (ms). */
export function latencySummary(latencies: ArrayLike<number>): LatencySummary {
	const sorted = Float64Array.from(latencies).sort();
	const at = (p: number) => percentile(sorted, p);
	let sum = 0;
	for (const v of sorted) sum += v;
	return {
		mean: sum / sorted.length,
		p50: at(50),
		p90: at(90),
		p99: at(99),
		max: sorted.at(-1) ?? NaN
	};
}
