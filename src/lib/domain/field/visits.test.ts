import { describe, expect, it } from 'vitest';
import { lateCheckOutAt, visitsToClose } from './visits';

describe('one visit open at a time', () => {
	it('a check-in closes the visit still open elsewhere at the moment of the new check-in', () => {
		expect(visitsToClose([{ id: 'a', checkInAt: 100 }], { id: 'b', checkInAt: 500 })).toEqual([
			{ id: 'a', at: 500 }
		]);
	});

	it('closes nothing when nothing else is open', () => {
		expect(visitsToClose([], { id: 'b', checkInAt: 500 })).toEqual([]);
	});

	it('a late check-in from an older device closes itself when a later visit is already open', () => {
		// A phone offline since 09:00 sends its check-in after the rep checked in at 10:00 on another.
		expect(
			visitsToClose([{ id: 'later', checkInAt: 1000 }], { id: 'old', checkInAt: 900 })
		).toEqual([{ id: 'old', at: 1000 }]);
	});

	it('leaves only the latest open, each other one ending when the next began', () => {
		const open = [
			{ id: 'c', checkInAt: 300 },
			{ id: 'a', checkInAt: 100 }
		];
		expect(visitsToClose(open, { id: 'b', checkInAt: 200 })).toEqual([
			{ id: 'a', at: 200 },
			{ id: 'b', at: 300 }
		]);
	});

	it('a repeat of the same check-in does not close itself', () => {
		expect(visitsToClose([{ id: 'b', checkInAt: 500 }], { id: 'b', checkInAt: 500 })).toEqual([]);
	});

	it('a check-out that arrives after the visit was closed ends it no later than the next began', () => {
		expect(lateCheckOutAt(500, 900)).toBe(500);
		expect(lateCheckOutAt(500, 400)).toBe(400);
	});
});
