import { describe, expect, it } from 'vitest';
import type { MarkRow } from '../sync/rows';
import { GS } from './gs1';
import { markProblem, readMark, unpack } from './state';

const GTIN = '04780000000014';
const water = { id: 'p-water', gtin: '4780000000014' };
const ctx = { day: '2026-11-30', strict: false };
const read = (serial: string, extra = '') => readMark(`01${GTIN}${extra}21${serial}${GS}93a1B2`);
const row = (over: Partial<MarkRow>): MarkRow => ({
	id: `01${GTIN}21ABC1234`,
	version: 1,
	updatedAt: 0,
	productId: 'p-water',
	gtin: GTIN,
	status: 'received',
	warehouseId: 'w',
	documentId: 'd',
	expiry: null,
	parentId: null,
	...over
});

describe('markProblem: what the till says at the scan', () => {
	it('passes a received code of the product, and one never seen unless control is strict', () => {
		expect(markProblem(read('ABC1234'), row({}), water, ctx)).toBeNull();
		expect(markProblem(read('ABC1234'), row({ status: 'returned' }), water, ctx)).toBeNull();
		expect(markProblem(read('ABC1234'), undefined, water, ctx)).toBeNull();
		expect(markProblem(read('ABC1234'), undefined, water, { ...ctx, strict: true })).toMatchObject({
			code: 'mark_not_received'
		});
	});

	it('refuses sold, foreign, expired and broken codes', () => {
		expect(markProblem(read('ABC1234'), row({ status: 'sold' }), water, ctx)).toMatchObject({
			code: 'mark_already_sold',
			params: { mark: `01${GTIN}21ABC1234` }
		});
		expect(
			markProblem(read('ABC1234'), undefined, { id: 'p-juice', gtin: '4781234567892' }, ctx)
		).toMatchObject({ code: 'mark_wrong_product' });
		// Received as another product (the catalog has no GTIN for this one).
		expect(
			markProblem(
				read('ABC1234'),
				row({ productId: 'p-juice' }),
				{ id: 'p-water', gtin: null },
				ctx
			)
		).toMatchObject({ code: 'mark_wrong_product' });
		// Expired the day before the sale; the day itself is still fine.
		expect(markProblem(read('ABC1234', '17261129'), undefined, water, ctx)).toMatchObject({
			code: 'mark_expired'
		});
		expect(markProblem(read('ABC1234', '17261130'), undefined, water, ctx)).toBeNull();
		expect(markProblem(readMark('4780000000014'), undefined, water, ctx)).toMatchObject({
			code: 'mark_malformed'
		});
	});
});

describe('unpack', () => {
	it('a transport code stands for its boxes’ units; an unknown code is a unit itself', () => {
		const tree: Record<string, string[]> = {
			SSCC: ['BOX1', 'BOX2'],
			BOX1: ['U1', 'U2'],
			BOX2: ['U3']
		};
		const children = (c: string) => tree[c] ?? [];
		expect(unpack(['SSCC'], children)).toEqual(['U1', 'U2', 'U3']);
		expect(unpack(['BOX2', 'U9'], children)).toEqual(['U3', 'U9']);
		// A code named twice (or packed twice by mistake) counts once.
		expect(unpack(['BOX1', 'U1'], children)).toEqual(['U1', 'U2']);
	});
});
