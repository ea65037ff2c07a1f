/**
 * Throttling of sign-ins (per login and per address) and sign-ups (per address), kept in the
 * database so every server instance (and every Workers isolate) sees the same counts. Unknown
 * logins are counted like known ones, so the answers reveal nothing about which logins exist.
 *
 * An attempt is counted *before* its password is hashed, by one INSERT … ON CONFLICT DO UPDATE
 * … RETURNING per key: SQLite runs each statement under the write lock, so parallel requests
 * (in one process or many sharing the database) each get their own number and no more than the
 * limit are ever checked. Counting after the check let 30 parallel guesses check 12.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { signinThrottle } from '../db/schema';

const WINDOW = 15 * 60_000;
/** Attempts counted per window for each kind of key; the next one waits out `lock`. */
export const LIMITS = {
	login: { attempts: 5, lock: 15 * 60_000 },
	ip: { attempts: 30, lock: 15 * 60_000 },
	// Each sign-up costs a password hash and creates an organization. A person signs up once;
	// 20 leaves room for an office behind one address (and the end-to-end suite on localhost)
	// while keeping the hashing below what failed sign-ins may already cost.
	signup: { attempts: 20, lock: 15 * 60_000 }
} as const;

export type ThrottleKey = `login:${string}` | `ip:${string}` | `signup:${string}`;

export type Limits = Record<keyof typeof LIMITS, { attempts: number; lock: number }>;

function limitOf(key: ThrottleKey, limits: Limits) {
	return limits[key.slice(0, key.indexOf(':')) as keyof typeof LIMITS];
}

/**
 * Counts one attempt against every key and answers how long the caller must wait: 0 when the
 * attempt may go ahead, else milliseconds until the keys over their limit unlock. The attempt
 * that reaches a limit starts that key's lock (and still goes ahead); a count starts afresh
 * once its lock, or (never locked) its window, has passed.
 * @example if ((await reserveAttempt(db, [`signup:${ip}`])) > 0) throw tooMany();
 */
export async function reserveAttempt(
	db: Db,
	keys: ThrottleKey[],
	now = Date.now(),
	limits: Limits = LIMITS
): Promise<number> {
	const t = signinThrottle;
	// In ON CONFLICT DO UPDATE every column names the row as it was, so these read the old row.
	const stale = sql`((${t.lockedUntil} IS NOT NULL AND ${t.lockedUntil} <= ${now}) OR (${t.lockedUntil} IS NULL AND ${now} - ${t.windowStart} > ${WINDOW}))`;
	const statements = keys.map((key) => {
		const { attempts, lock } = limitOf(key, limits);
		const count = sql`CASE WHEN ${stale} THEN 1 ELSE ${t.failures} + 1 END`;
		return db
			.insert(t)
			.values({
				key,
				failures: 1,
				windowStart: now,
				lockedUntil: attempts <= 1 ? now + lock : null
			})
			.onConflictDoUpdate({
				target: t.key,
				set: {
					failures: count,
					windowStart: sql`CASE WHEN ${stale} THEN ${now} ELSE ${t.windowStart} END`,
					lockedUntil: sql`CASE
						WHEN ${count} >= ${attempts} THEN coalesce(CASE WHEN ${stale} THEN NULL ELSE ${t.lockedUntil} END, ${now + lock})
						WHEN ${stale} THEN NULL
						ELSE ${t.lockedUntil} END`
				}
			})
			.returning({ key: t.key, count: t.failures, lockedUntil: t.lockedUntil });
	});
	const [first, ...rest] = statements;
	if (!first) return 0;
	const rows = (await db.batch([first, ...rest])).flat();
	const waits = rows
		.filter((r) => r.count > limitOf(r.key as ThrottleKey, limits).attempts)
		.map((r) => (r.lockedUntil ?? now + WINDOW) - now);
	return waits.length ? Math.max(1, ...waits) : 0;
}

/** Gives back an attempt that turned out well, so successes never lock an address. */
export async function refundAttempt(db: Db, key: ThrottleKey): Promise<void> {
	const { attempts } = limitOf(key, LIMITS);
	const t = signinThrottle;
	await db
		.update(t)
		.set({
			failures: sql`max(${t.failures} - 1, 0)`,
			lockedUntil: sql`CASE WHEN ${t.failures} - 1 < ${attempts} THEN NULL ELSE ${t.lockedUntil} END`
		})
		.where(eq(t.key, key));
}

export async function clearFailures(db: Db, key: ThrottleKey): Promise<void> {
	await db.delete(signinThrottle).where(eq(signinThrottle.key, key));
}
