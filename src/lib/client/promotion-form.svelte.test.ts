import { uuidv7 } from 'uuidv7';
import { describe, expect, it } from 'vitest';
import { promotionArgs, ruleOf } from '../domain/sales/promotions';
import type { PromotionRow } from '../domain/sync/rows';
import { PromotionForm, toggled } from './promotion-form.svelte';

const UZS = () => 2;
const tea = uuidv7();
const juice = uuidv7();
const drinks = uuidv7();
const fieldsRefused = (args: unknown) =>
	(promotionArgs.safeParse(args).error?.issues ?? []).map((i) => i.path.join('.'));

describe('the promotion form', () => {
	it('makes a percent promotion of what was typed, its end day included, that the schema takes', () => {
		const p = new PromotionForm(UZS);
		p.open(null);
		Object.assign(p.form, {
			name: 'Tea week',
			percent: '10',
			starts: '2026-12-01',
			ends: '2026-12-07'
		});
		p.toggleProduct(tea);
		p.toggleProduct(juice);
		p.toggleProduct(juice);
		p.toggleChannel('retail');
		const args = p.args();
		expect(args).toMatchObject({
			name: 'Tea week',
			kind: 'percent',
			percent: 10,
			productIds: [tea],
			channels: ['retail'],
			startsAt: new Date('2026-12-01T00:00').getTime(),
			// The 7th is included: it ends at the 8th's midnight.
			endsAt: new Date('2026-12-08T00:00').getTime(),
			active: true
		});
		expect(args).not.toHaveProperty('amount');
		expect(fieldsRefused(args)).toEqual([]);
	});

	it('reads money in the currency’s major units, and an order total takes an amount over a percent', () => {
		const p = new PromotionForm(UZS);
		p.open(null);
		Object.assign(p.form, {
			name: 'Big basket',
			kind: 'order_total',
			percent: '5',
			amount: '10 000',
			minTotal: '200000,50'
		});
		p.toggleProduct(tea); // an order-total promotion is on the whole order
		const args = p.args();
		expect(args).toMatchObject({ amount: 1_000_000, minTotal: 20_000_050, productIds: [] });
		expect(args).not.toHaveProperty('percent');
		expect(fieldsRefused(args)).toEqual([]);
		p.form.amount = '';
		expect(p.args()).toMatchObject({ percent: 5 });
		expect(p.args()).not.toHaveProperty('amount');
	});

	it('sends what it cannot read so that the schema refuses it by the field’s name', () => {
		const p = new PromotionForm(UZS);
		p.open(null);
		Object.assign(p.form, { name: 'Broken', kind: 'fixed_price', price: '12.345' });
		expect(fieldsRefused(p.args())).toEqual(['price']);
		Object.assign(p.form, { kind: 'percent', percent: '' });
		expect(fieldsRefused(p.args())).toEqual(['percent']);
		Object.assign(p.form, { kind: 'buy_x_get_y', buyQty: '2', freeQty: '1' });
		expect(fieldsRefused(p.args())).toEqual([]);
	});

	it('fills from a stored promotion and gives it back unchanged, under its own id', () => {
		const p = new PromotionForm(UZS);
		p.open(null);
		Object.assign(p.form, {
			name: 'Cola price',
			kind: 'fixed_price',
			price: '9500',
			starts: '2026-12-01',
			ends: '2026-12-31',
			exclusive: true
		});
		p.toggleCategory(drinks);
		const rule = p.args();
		const row: PromotionRow = {
			id: rule.id,
			version: 3,
			updatedAt: 0,
			name: rule.name,
			active: true,
			rule: ruleOf(rule)
		};
		const again = new PromotionForm(UZS);
		again.open(row);
		expect(again.editing).toBe(row);
		expect(again.form).toMatchObject({
			price: '9500',
			starts: '2026-12-01',
			ends: '2026-12-31',
			categoryIds: [drinks],
			exclusive: true
		});
		expect(again.args()).toEqual(rule);
		// A new one after it starts blank, with an id of its own.
		again.open(null);
		expect(again.form.name).toBe('');
		expect(again.args().id).not.toBe(rule.id);
	});

	it('toggles a choice in and out', () => {
		expect(toggled(['a'], 'b')).toEqual(['a', 'b']);
		expect(toggled(['a', 'b'], 'a')).toEqual(['b']);
	});
});
