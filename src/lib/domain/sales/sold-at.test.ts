import { describe, expect, it } from 'vitest';
import { pricingTime, SOLD_AT_FUTURE_MS, SOLD_AT_PAST_MS } from './sold-at';

describe('pricingTime', () => {
	const now = 1_800_000_000_000;
	it.each([
		[undefined, now],
		[now - 1000, now - 1000],
		[now - SOLD_AT_PAST_MS, now - SOLD_AT_PAST_MS],
		[now - SOLD_AT_PAST_MS - 1, now],
		[now + SOLD_AT_FUTURE_MS, now + SOLD_AT_FUTURE_MS],
		[now + SOLD_AT_FUTURE_MS + 1, now]
	])('a sale made at %s is priced at %s', (soldAt, expected) => {
		expect(pricingTime(soldAt, now)).toBe(expected);
	});
});
