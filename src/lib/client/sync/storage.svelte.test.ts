import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { isStorageFull } from './storage.svelte';

describe('recognizing a full disk', () => {
	const quota = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

	it('knows the browser’s error, Dexie’s wrapper of it, and a transaction it aborted', () => {
		expect(isStorageFull(quota())).toBe(true);
		expect(isStorageFull(new Dexie.QuotaExceededError('full', quota()))).toBe(true);
		// Chrome reports a full disk at commit: the transaction aborts with the quota error inside.
		expect(isStorageFull(new Dexie.AbortError('Transaction aborted', quota()))).toBe(true);
	});

	it('does not mistake other failures for it', () => {
		expect(isStorageFull(new Dexie.AbortError('Transaction aborted'))).toBe(false);
		expect(isStorageFull(new DOMException('gone', 'NotFoundError'))).toBe(false);
		expect(isStorageFull(new Error('QuotaExceededError'))).toBe(false);
		expect(isStorageFull(null)).toBe(false);
	});
});
