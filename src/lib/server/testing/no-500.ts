/**
 * Vitest setup (vite.config.ts): a test fails when the API answered 500 while it ran, even if
 * its own checks passed. src/lib/server/api/errors.ts is the one place an unknown error becomes
 * a 500, and it logs each as `unhandled` first: that line is what is watched. A 503
 * `unavailable` (the database down, by design) is not a 500 and passes.
 */
import { afterEach, expect } from 'vitest';

const unhandled: string[] = [];
const log = console.error.bind(console);
console.error = (...args: unknown[]) => {
	if (args[0] === 'unhandled') unhandled.push(args.slice(1).map(String).join(' ').slice(0, 500));
	log(...args);
};

afterEach(() => {
	const seen = unhandled.splice(0);
	expect(seen, 'the API answered 500 (see src/lib/server/api/errors.ts)').toEqual([]);
});
