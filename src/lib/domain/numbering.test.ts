import { describe, expect, it } from 'vitest';
import { branchCode, provisionalOf, sequenceNumber } from './numbering';

describe('branchCode', () => {
	it('takes three Latin letters, transliterating Cyrillic, else the id', () => {
		expect(branchCode('Tashkent', 'abc')).toBe('TAS');
		expect(branchCode('Самарканд', 'abc')).toBe('SAM');
		expect(branchCode('№ 1', '0190abcd')).toBe('019');
	});
});

describe('numbers', () => {
	it('pads the sequence and marks a provisional number', () => {
		expect(sequenceNumber('SAL', 'TAS', 2026, 7)).toBe('SAL-TAS-2026-00007');
		expect(provisionalOf('SAL', '0190a1b2-0000-7000-8000-0000009f3e2d')).toBe('SAL-…9F3E2D');
	});
});
