import { describe, expect, it } from 'vitest';
import { nestedDeeperThan } from './validation';

/** `levels` arrays inside each other, built in a loop (a literal would need recursion). */
function arrays(levels: number): unknown {
	let value: unknown = [];
	for (let i = 1; i < levels; i++) value = [value];
	return value;
}

describe('nestedDeeperThan', () => {
	it('counts objects and arrays, the outermost as level 1, scalars as none', () => {
		expect(nestedDeeperThan('text', 0)).toBe(false);
		expect(nestedDeeperThan({ a: 1, b: [2] }, 2)).toBe(false);
		expect(nestedDeeperThan({ a: 1, b: [2] }, 1)).toBe(true);
		expect(nestedDeeperThan({ a: [{ b: { c: null } }] }, 4)).toBe(false);
		expect(nestedDeeperThan({ a: [{ b: { c: {} } }] }, 4)).toBe(true);
		expect(nestedDeeperThan(arrays(64), 64)).toBe(false);
		expect(nestedDeeperThan(arrays(65), 64)).toBe(true);
	});

	it('measures a million levels without running out of stack', () => {
		expect(nestedDeeperThan(arrays(1_000_000), 64)).toBe(true);
	});
});
