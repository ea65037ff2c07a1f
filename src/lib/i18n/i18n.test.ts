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
