import { describe, expect, it } from 'vitest';
import { i18n } from '../../i18n/i18n.svelte';
import type { OutboxEntry } from './db';
import { describeEntry } from './describe';

const entry = (name: string, args: Record<string, unknown>): OutboxEntry =>
	({ id: 'm1', name, args, status: 'pending', attempts: 0, snapshots: [], userId: 'u1' }) as never;

describe('the Sync screen names each queued change', () => {
	i18n.locale = 'en';
	const names = new Map([
		['tp-1', 'Cafe Navruz'],
		['cp-1', 'Navruz LLC']
	]);

	it('a sale by its trade point and the total the device showed', () => {
		expect(
			describeEntry(entry('sale.create', { tradePointId: 'tp-1', deviceTotal: 12_500_000 }), {
				names,
				currency: 'UZS'
			})
		).toBe(
			// A whole sum in UZS is written without ".00", as the currency is used.
			`Sale · Cafe Navruz · ${new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'UZS', maximumFractionDigits: 0 }).format(125_000)}`
		);
	});

	it('a payment by its customer and amount', () => {
		expect(
			describeEntry(entry('payment.collect', { counterpartyId: 'cp-1', amount: 5_000_00 }), {
				names,
				currency: 'UZS'
			})
		).toMatch(/^Payment collected · Navruz LLC · .*5,000/);
	});

	it('a record by its own name, and a walk-in sale with no place by its amount alone', () => {
		expect(describeEntry(entry('tradePoint.upsert', { name: 'Kiosk 7' }), { names })).toBe(
			'Trade point saved · Kiosk 7'
		);
		expect(
			describeEntry(entry('sale.create', { tradePointId: null, deviceTotal: 100 }), {
				names,
				currency: 'UZS'
			})
		).toMatch(/^Sale · UZS/);
	});
});
