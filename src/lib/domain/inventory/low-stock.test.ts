import { describe, expect, it } from 'vitest';
import { balanceKey } from './ledger';
import { crossedBelow } from './low-stock';

describe('low stock', () => {
	const before = new Map([
		[balanceKey('w', 'a'), 6000],
		[balanceKey('w', 'b'), 3000],
		[balanceKey('w', 'c'), 5000]
	]);

	it('is reported when a posting takes a balance below the threshold, once', () => {
		const crossed = crossedBelow(
			before,
			[
				{ warehouseId: 'w', productId: 'a', milli: -2000 },
				// Already below: no new report.
				{ warehouseId: 'w', productId: 'b', milli: -1000 },
				// Exactly at the threshold is not below it.
				{ warehouseId: 'w', productId: 'c', milli: 0 }
			],
			5000
		);
		expect(crossed).toEqual([{ warehouseId: 'w', productId: 'a', before: 6000, after: 4000 }]);
	});

	it('is not reported for stock coming in, nor for a product never stocked', () => {
		expect(crossedBelow(before, [{ warehouseId: 'w', productId: 'b', milli: 5000 }], 5000)).toEqual(
			[]
		);
		expect(
			crossedBelow(before, [{ warehouseId: 'w', productId: 'z', milli: -1000 }], 5000)
		).toEqual([]);
	});
});
