/**
 * Monthly targets per rep: what the rep is to sell (sales less returns, plus orders), how many
 * visits to make, their strike rate and must-sell coverage. A day's share of a monthly target is
 * the target divided by the rep's working days in that month: the days one of their routes runs,
 * or Monday to Saturday when they have no route that month (the usual six-day field week).
 */
import { z } from 'zod';
import { MAX_PRICE, uuid } from '../catalog/schemas';
import { parseMoney } from '../money';
import { because } from '../validation';

export const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

const percent = z.number().min(0, 'At least 0').max(100, 'At most 100').nullish();

export const targetSetArgs = z.strictObject({
	id: uuid,
	repId: uuid,
	month: z.string().regex(MONTH, because('format', 'A month like 2026-11')),
	/** Minor units. */
	salesAmount: z.number().int('Whole minor units').min(0).max(MAX_PRICE).nullish(),
	visits: z.number().int('A whole number').min(0).max(100_000).nullish(),
	strikeRate: percent,
	mustSellCoverage: percent
});

export * from './target-days';

/** A target row as typed on the targets screen: each figure's text, empty for none. */
export interface TargetTexts {
	salesAmount: string;
	visits: string;
	strikeRate: string;
	mustSellCoverage: string;
}

export type TargetFigures = Pick<
	z.output<typeof targetSetArgs>,
	'salesAmount' | 'visits' | 'strikeRate' | 'mustSellCoverage'
>;

/**
 * The typed figures as the mutation takes them (`digits`: the currency's decimals), or the
 * fields that are wrong: money as the currency writes it, visits whole, percents 0–100.
 */
export function parseTargetTexts(
	texts: TargetTexts,
	digits: number
): { figures: TargetFigures; invalid: (keyof TargetTexts)[] } {
	const invalid: (keyof TargetTexts)[] = [];
	const read = (key: keyof TargetTexts, parse: (s: string) => number | null) => {
		const s = texts[key].trim();
		if (!s) return null;
		const n = parse(s);
		if (n === null) invalid.push(key);
		return n;
	};
	const number = (s: string) => {
		const n = Number(s.replace(',', '.'));
		return Number.isFinite(n) ? n : null;
	};
	const percentOf = (s: string) => {
		const n = number(s);
		return n !== null && n >= 0 && n <= 100 ? n : null;
	};
	const figures = {
		salesAmount: read('salesAmount', (s) => parseMoney(s, digits)),
		visits: read('visits', (s) => {
			const n = number(s);
			return n !== null && Number.isInteger(n) && n >= 0 ? n : null;
		}),
		strikeRate: read('strikeRate', percentOf),
		mustSellCoverage: read('mustSellCoverage', percentOf)
	};
	return { figures, invalid };
}
