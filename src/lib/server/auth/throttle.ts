/**
 * Throttling of failed sign-ins, per account and per address, kept in the database so every
 * server instance (and every Workers isolate) sees the same counts. Unknown logins are counted
 * like known ones, so the answers reveal nothing about which logins exist.
 */
import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client';
import { signinThrottle } from '../db/schema';

const WINDOW = 15 * 60_000;
export const LIMITS = {
	login: { failures: 5, lock: 15 * 60_000 },
	ip: { failures: 30, lock: 15 * 60_000 }
} as const;

export type ThrottleKey = `login:${string}` | `ip:${string}`;

/** Milliseconds until the first of the keys unlocks, or 0 when none is locked. */
export async function lockedFor(db: Db, keys: ThrottleKey[], now = Date.now()): Promise<number> {
	const rows = await db.select().from(signinThrottle).where(inArray(signinThrottle.key, keys));
	return Math.max(0, ...rows.map((r) => (r.lockedUntil ?? 0) - now));
}

export async function recordFailure(db: Db, keys: ThrottleKey[], now = Date.now()): Promise<void> {
	for (const key of keys) {
		const limit = key.startsWith('login:') ? LIMITS.login : LIMITS.ip;
		const [row] = await db.select().from(signinThrottle).where(eq(signinThrottle.key, key));
		const fresh = !row || now - row.windowStart > WINDOW;
		const failures = fresh ? 1 : row.failures + 1;
		const lockedUntil = failures >= limit.failures ? now + limit.lock : null;
		await db
			.insert(signinThrottle)
			.values({ key, failures, windowStart: fresh ? now : row.windowStart, lockedUntil })
			.onConflictDoUpdate({
				target: signinThrottle.key,
				set: { failures, windowStart: fresh ? now : row.windowStart, lockedUntil }
			});
	}
}

export async function clearFailures(db: Db, key: ThrottleKey): Promise<void> {
	await db.delete(signinThrottle).where(eq(signinThrottle.key, key));
}
