import { describe, expect, it } from 'vitest';
import { byName, pointChoices, productChoices } from './choices';

const collator = new Intl.Collator('ru-RU', { numeric: true });

describe('lists to pick from', () => {
	it('orders names as the language does, numbers by value, leaving the given list as it was', () => {
		const rows = [{ name: 'Магазин 10' }, { name: 'аптека' }, { name: 'Магазин 2' }];
		expect(byName(rows, collator).map((r) => r.name)).toEqual([
			'аптека',
			'Магазин 2',
			'Магазин 10'
		]);
		expect(rows[0]!.name).toBe('Магазин 10');
	});

	it('offers the open trade points and the products on sale only', () => {
		const points = [
			{ name: 'Closed kiosk', archived: true },
			{ name: 'Bozor 3', archived: false },
			{ name: 'Apteka', archived: false }
		];
		expect(pointChoices(points, collator).map((p) => p.name)).toEqual(['Apteka', 'Bozor 3']);
		const products = [
			{ name: 'Tea', active: true },
			{ name: 'Old cola', active: false },
			{ name: 'Bread', active: true }
		];
		expect(productChoices(products, collator).map((p) => p.name)).toEqual(['Bread', 'Tea']);
	});
});
