import { describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import { batchLength, pushedBytes, PUSH_BATCH_BYTES, PUSH_BATCH_COUNT } from './batch';
import { MAX_PUSH_BYTES, type PushedMutation } from './protocol';

const products = Array.from({ length: 2000 }, () => uuidv7());
const documentId = uuidv7();

/** A save of one stocktake with `lines` lines, as the device pushes it. */
function stocktakeSave(lines: number): PushedMutation {
	return {
		id: uuidv7(),
		name: 'document.save',
		v: 1,
		createdAt: Date.now(),
		args: {
			id: documentId,
			type: 'stocktake',
			warehouseId: uuidv7(),
			toWarehouseId: null,
			counterpartyId: null,
			reason: null,
			comment: null,
			lines: products.slice(0, lines).map((productId, i) => ({ productId, qty: i, cost: null }))
		}
	};
}

describe('cutting the outbox into pushes', () => {
	it('takes up to the count limit when the mutations are small', () => {
		expect(batchLength(Array(250).fill(300))).toBe(PUSH_BATCH_COUNT);
		expect(batchLength(Array(7).fill(300))).toBe(7);
		expect(batchLength([])).toBe(0);
	});

	it('stops before the byte limit, counting the commas between mutations', () => {
		expect(batchLength([400, 400, 400], 100, 1201)).toBe(2);
		expect(batchLength([400, 400, 400], 100, 1202)).toBe(3);
	});

	it('answers 0 when the first mutation alone is over the limit', () => {
		expect(batchLength([PUSH_BATCH_BYTES + 1, 10])).toBe(0);
		expect(batchLength([PUSH_BATCH_BYTES, 10])).toBe(1);
	});

	it('sends fifteen saves of a 2,000-line stocktake in requests the server takes', () => {
		const saves = Array.from({ length: 15 }, () => stocktakeSave(2000));
		const sizes = saves.map(pushedBytes);
		// About 13 such saves already cross the server's 2 MiB: one request of 15 is refused.
		expect(sizes.reduce((a, b) => a + b, 0)).toBeGreaterThan(MAX_PUSH_BYTES);
		let from = 0;
		let requests = 0;
		while (from < saves.length) {
			const n = batchLength(sizes.slice(from));
			expect(n).toBeGreaterThan(0);
			const body = JSON.stringify({ clientId: uuidv7(), mutations: saves.slice(from, from + n) });
			expect(new TextEncoder().encode(body).length).toBeLessThanOrEqual(MAX_PUSH_BYTES);
			from += n;
			requests++;
		}
		expect(requests).toBe(2);
	});

	it('measures bytes, not characters', () => {
		const m = stocktakeSave(1);
		const ascii = pushedBytes(m);
		(m.args as { comment: string }).comment = 'Ўзбекистон';
		expect(pushedBytes(m)).toBe(ascii - 'null'.length + 2 + 'Ўзбекистон'.length * 2);
	});
});
