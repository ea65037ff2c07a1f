/**
 * When a sale is priced. A rep selling offline at 23:50 on a promotion's last day syncs the next
 * morning: the sale keeps the promotion, so it is priced at the device's sale time. A device
 * clock is not to be trusted far, though: a time more than three days back or five minutes
 * ahead of the server's is ignored, and the server's time is used.
 */
export const SOLD_AT_PAST_MS = 3 * 24 * 60 * 60 * 1000;
export const SOLD_AT_FUTURE_MS = 5 * 60 * 1000;

/**
 * @example pricingTime(now - 60_000, now) // now - 60_000
 * @example pricingTime(now + 3_600_000, now) // now
 */
export function pricingTime(soldAt: number | undefined, now: number): number {
	if (soldAt === undefined) return now;
	return soldAt >= now - SOLD_AT_PAST_MS && soldAt <= now + SOLD_AT_FUTURE_MS ? soldAt : now;
}
