import { describe, expect, it } from 'vitest';
import { en } from './messages/en';
import { ru } from './messages/ru';
import { uz } from './messages/uz';

describe('catalogs', () => {
	it.each([
		['ru', ru],
		['uz', uz]
	])('%s has every English key, each translated and with the same parameters', (_, catalog) => {
		const params = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
		for (const key of Object.keys(en) as (keyof typeof en)[]) {
			expect(catalog[key], key).toBeTruthy();
			expect(params(catalog[key]), key).toEqual(params(en[key]));
		}
		expect(Object.keys(catalog).sort()).toEqual(Object.keys(en).sort());
	});

	it('Uzbek is written in Latin script', () => {
		for (const [key, text] of Object.entries(uz)) {
			expect(/[\u0400-\u04FF]/.test(text), key).toBe(false);
		}
	});
});

describe('formatting', () => {
	it('follows a change of language (its formatters are kept per language)', async () => {
		const { i18n, formatMoney, formatDate } = await import('./i18n.svelte');
		i18n.locale = 'en';
		const money = formatMoney(1_250_000, 'UZS');
		const day = formatDate(Date.UTC(2026, 10, 25, 12), 'UTC');
		i18n.locale = 'ru';
		expect(formatMoney(1_250_000, 'UZS')).not.toBe(money);
		expect(formatDate(Date.UTC(2026, 10, 25, 12), 'UTC')).toMatch(/нояб/);
		i18n.locale = 'en';
		expect(formatMoney(1_250_000, 'UZS')).toBe(money);
		expect(formatDate(Date.UTC(2026, 10, 25, 12), 'UTC')).toBe(day);
		expect(day).toMatch(/Nov/);
	});

	it('writes whole sums without ".00" where the organization or the currency says so', async () => {
		const { i18n, formatMoney } = await import('./i18n.svelte');
		i18n.locale = 'en';
		i18n.moneyFractions = null;
		expect(formatMoney(4_800_000, 'UZS')).toMatch(/^UZS\s48,000$/);
		expect(formatMoney(4_800_050, 'UZS')).toMatch(/^UZS\s48,000\.50$/);
		expect(formatMoney(1_200, 'USD')).toBe('US$12.00');
		i18n.moneyFractions = 'always';
		expect(formatMoney(4_800_000, 'UZS')).toMatch(/^UZS\s48,000\.00$/);
		i18n.moneyFractions = 'when_needed';
		expect(formatMoney(1_200, 'USD')).toBe('US$12');
		i18n.moneyFractions = null;
	});

	// The root layout warms Intl before a signed-in screen draws (issue 15): it changes no text and
	// never throws, even for a zone or currency Intl does not know (the screen reports that itself).
	it('warming the formatters changes no text and never throws', async () => {
		const { i18n, formatMoney, formatIsoDate, warmFormatters } = await import('./i18n.svelte');
		i18n.locale = 'en';
		const before = [formatMoney(4_800_050, 'UZS'), formatIsoDate('2026-11-30')];
		expect(() => warmFormatters('Not/AZone', 'UZS')).not.toThrow();
		expect(() => warmFormatters('Asia/Tashkent', 'NOT A CODE')).not.toThrow();
		warmFormatters('Asia/Tashkent', 'UZS');
		expect([formatMoney(4_800_050, 'UZS'), formatIsoDate('2026-11-30')]).toEqual(before);
	});
});
