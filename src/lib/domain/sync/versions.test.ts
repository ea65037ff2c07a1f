import { describe, expect, it } from 'vitest';
import { whenTooOld } from './versions';

describe('a mutation the server finds too old', () => {
	it('waits for the app to update when the app knows nothing newer', () => {
		expect(whenTooOld(1, 1)).toBe('update');
		expect(whenTooOld(2, 2)).toBe('update');
	});

	it('is refused for the user to redo once the app is newer than the mutation', () => {
		expect(whenTooOld(1, 2)).toBe('refuse');
		expect(whenTooOld(1, 3)).toBe('refuse');
	});
});
