/**
 * Human numbers of posted documents, receipts and orders: a prefix for the series, the branch,
 * the year and a sequence the server gives (one counter per branch, series and year). Until the
 * server has it, the device shows a provisional number made from the record's own id.
 */
import { dayOf } from './time';

/** The year in the organization's time zone: a sale at 00:30 on 1 January is that year's. */
export function yearIn(timezone: string | undefined, at: number): number {
	return Number(dayOf(at, timezone).date.slice(0, 4));
}

/**
 * @example sequenceNumber('TRF', 'TAS', 2026, 42) // 'TRF-TAS-2026-00042'
 */
export function sequenceNumber(prefix: string, branchCode: string, year: number, seq: number) {
	return `${prefix}-${branchCode}-${year}-${String(seq).padStart(5, '0')}`;
}

/**
 * Marked provisional ("…"), and stable because it comes from the record's id.
 * @example provisionalOf('SAL', '0190a1b2-…-9f3e2d') // 'SAL-…9F3E2D'
 */
export function provisionalOf(prefix: string, id: string): string {
	return `${prefix}-…${id.replace(/-/g, '').slice(-6).toUpperCase()}`;
}

/**
 * A branch's three-letter code in document numbers, from its name's Latin letters (Cyrillic
 * is transliterated), or else from its id.
 * @example branchCode('Tashkent', '0190…') // 'TAS'
 * @example branchCode('Самарканд', '0190…') // 'SAM'
 */
export function branchCode(name: string, id: string): string {
	const latin = [...name.toUpperCase()]
		.map((ch) => CYRILLIC[ch] ?? ch)
		.join('')
		.replace(/[^A-Z]/g, '');
	return (latin.length >= 3 ? latin : id.replace(/[^0-9a-f]/gi, '')).slice(0, 3).toUpperCase();
}

const CYRILLIC: Record<string, string> = Object.fromEntries([
	...'А A Б B В V Г G Д D Е E Ё YO Ж J З Z И I Й Y К K Л L М M Н N О O П P Р R С S Т T У U Ф F Х X Ц TS Ч CH Ш SH Щ SH Ы I Э E Ю YU Я YA Ў O Қ Q Ғ G Ҳ H'
		.split(' ')
		.reduce<string[][]>(
			(pairs, part, i, all) => (i % 2 ? pairs : [...pairs, [part, all[i + 1]!]]),
			[]
		)
]);
