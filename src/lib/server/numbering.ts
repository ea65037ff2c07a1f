/**
 * The server gives human numbers (src/lib/domain/numbering.ts): one counter per branch, series
 * and year, taken inside the caller's transaction so two postings never share a number.
 */
import { eq, sql } from 'drizzle-orm';
import { branchCode, sequenceNumber } from '../domain/numbering';
import { dayOf } from '../domain/time';
import { branches, documentCounters } from './db/schema';
import type { MutationContext } from './sync/context';

/** The year in the organization's time zone: a sale at 00:30 on 1 January is that year's. */
export function yearIn(timezone: string | undefined, at: number): number {
	return Number(dayOf(at, timezone).date.slice(0, 4));
}

/** The next number of the series `prefix` in this branch and year. */
export async function nextNumber(m: MutationContext, branchId: string, prefix: string) {
	const year = yearIn(m.auth.organization?.timezone, m.now);
	const [row] = await m.tx
		.insert(documentCounters)
		.values({ organizationId: m.organizationId, branchId, type: prefix, year, seq: 1 })
		.onConflictDoUpdate({
			target: [documentCounters.branchId, documentCounters.type, documentCounters.year],
			set: { seq: sql`${documentCounters.seq} + 1` }
		})
		.returning({ seq: documentCounters.seq });
	const [branch] = await m.tx
		.select({ name: branches.name })
		.from(branches)
		.where(eq(branches.id, branchId));
	return sequenceNumber(prefix, branchCode(branch?.name ?? '', branchId), year, row!.seq);
}
