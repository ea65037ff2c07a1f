import { uuidv7 } from 'uuidv7';
import { describe, expect, it } from 'vitest';
import type { Unit } from '../domain/catalog/schemas';
import { documentSaveArgs } from '../domain/inventory/schemas';
import { StockDocumentForm } from './stock-document.svelte';

const tea = uuidv7();
const rice = uuidv7();
const units = new Map<string, Unit>([
	[tea, 'pcs'],
	[rice, 'kg']
]);
const store = uuidv7();
const van = uuidv7();
const form = (type?: string | null) =>
	new StockDocumentForm(uuidv7(), (id) => units.get(id) ?? 'pcs', type);

describe('the stock document form', () => {
	it('takes its type from the link only when it is one, and starts as a receipt', () => {
		expect(form('transfer').type).toBe('transfer');
		expect(form('party').type).toBe('receipt');
		expect(form(null).type).toBe('receipt');
	});

	it('adds a picked product as one, counts it again on a second scan, steps it, removes it', () => {
		const f = form();
		f.pick(tea, 0);
		f.pick(rice, 0);
		f.pick(tea, 0);
		expect(f.lines.map((l) => [l.productId, l.qty])).toEqual([
			[tea, '2'],
			[rice, '1']
		]);
		expect(f.flash).toBe(tea);
		f.lines[1]!.qty = '1,5';
		f.step(1, 1);
		expect(f.lines[1]!.qty).toBe('2.5');
		f.step(0, -1);
		f.step(0, -1);
		// Never below one on a receipt.
		expect(f.lines[0]!.qty).toBe('1');
		f.remove(0);
		expect(f.lines.map((l) => l.productId)).toEqual([rice]);
	});

	it('a stocktake keeps the balance it counts against and may count zero', () => {
		const f = form('stocktake');
		f.pick(tea, 7);
		expect(f.lines[0]).toMatchObject({ qty: '1', expected: 7 });
		f.step(0, -1);
		f.step(0, -1);
		expect(f.lines[0]!.qty).toBe('0');
		f.warehouseId = store;
		expect(f.problems()).toEqual({});
		expect(f.args().lines).toEqual([{ productId: tea, qty: 0, cost: null }]);
	});

	it('names each field the schema would refuse, and sends what the schema takes when none is', () => {
		const f = form('transfer');
		f.pick(tea, 0);
		f.pick(rice, 0);
		f.lines[0]!.qty = '1.5'; // pieces are whole
		f.lines[1]!.qty = '10.'; // a partial entry is refused, not guessed
		expect(f.problems()).toEqual({
			'lines.0.qty': 'whole_only',
			'lines.1.qty': 'not_a_number',
			toWarehouseId: 'required',
			warehouseId: 'required'
		});
		f.lines[0]!.qty = '2';
		f.lines[1]!.qty = '0,25';
		f.warehouseId = store;
		f.toWarehouseId = van;
		f.comment = '  for the morning  ';
		expect(f.problems()).toEqual({});
		const args = f.args();
		expect(args).toEqual({
			id: f.id,
			type: 'transfer',
			warehouseId: store,
			toWarehouseId: van,
			counterpartyId: null,
			reason: null,
			comment: 'for the morning',
			lines: [
				{ productId: tea, qty: 2, cost: null },
				{ productId: rice, qty: 0.25, cost: null }
			]
		});
		expect(documentSaveArgs.safeParse(args).success).toBe(true);
	});

	it('agrees with the schema: a write-off needs its reason, only a transfer has a destination', () => {
		const f = form('writeoff');
		f.warehouseId = store;
		f.toWarehouseId = van; // left from a transfer: not sent
		f.pick(tea, 0);
		expect(f.problems()).toEqual({ reason: 'required' });
		f.reason = 'damaged';
		expect(f.problems()).toEqual({});
		expect(f.args().toWarehouseId).toBeNull();
		expect(documentSaveArgs.safeParse(f.args()).success).toBe(true);
		// What the form flags, the schema refuses too.
		expect(
			documentSaveArgs.safeParse({ ...f.args(), reason: null }).error?.issues.map((i) => i.path)
		).toEqual([['reason']]);
	});

	it('fills from a stored draft, its quantities as text', () => {
		const f = form();
		f.load({
			type: 'receipt',
			warehouseId: store,
			toWarehouseId: null,
			counterpartyId: null,
			reason: null,
			comment: 'from the supplier',
			lines: [{ productId: rice, qty: 12.5, cost: 900 }]
		});
		expect(f.lines).toEqual([{ productId: rice, qty: '12.5', cost: 900 }]);
		expect(f.args().lines).toEqual([{ productId: rice, qty: 12.5, cost: 900 }]);
	});
});
