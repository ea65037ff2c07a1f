import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gs1CheckDigit } from './check-digit';
import { GS, expiryDate, markLabel, parseGs1, printGs1, type MarkCode } from './gs1';

// Layouts of Uzbekistan's Asl Belgisi codes (UZ-COMPLIANCE.md), with made-up serials and tails.
const GTIN = '04780000000014';
const WATER = `01${GTIN}21` + 'xQ4"N8sK+d;zT' + `${GS}93` + 'a1B2'; // serial of 13
const BEER = `01${GTIN}21` + "5Zx!9A'" + `${GS}93` + 'dGVz'; // serial of 7
const CRYPTO = 'MEUCIQCWkmvm2mAAr5Kq9cFT1eStBmQ6P2nQ3v+Ofr6Y4A='.slice(0, 44);
const APPLIANCE = `01${GTIN}21` + 'A1b2C3d4E5f6G7h8I9j0' + `${GS}91EE11${GS}92` + CRYPTO; // 20

describe('parseGs1 on real layouts', () => {
	it('reads a water unit (serial of 13, GS, (93) of 4)', () => {
		const r = parseGs1(WATER);
		expect(r).toEqual({
			ok: true,
			kind: 'mark',
			code: { gtin: GTIN, serial: 'xQ4"N8sK+d;zT', check: 'a1B2' }
		});
	});

	it('reads a beer unit (serial of 7) with the scanner’s ]d2 prefix and a leading FNC1', () => {
		for (const raw of [BEER, `]d2${BEER}`, `]d2${GS}${BEER}`, `${BEER}\r\n`]) {
			expect(parseGs1(raw), JSON.stringify(raw)).toEqual({
				ok: true,
				kind: 'mark',
				code: { gtin: GTIN, serial: "5Zx!9A'", check: 'dGVz' }
			});
		}
	});

	it('reads an appliance (serial of 20, (91) key, (92) crypto-tail of 44)', () => {
		const r = parseGs1(APPLIANCE);
		expect(CRYPTO).toHaveLength(44);
		expect(r).toEqual({
			ok: true,
			kind: 'mark',
			code: { gtin: GTIN, serial: 'A1b2C3d4E5f6G7h8I9j0', key: 'EE11', crypto: CRYPTO }
		});
	});

	it('reads the bracketed human form to the same code', () => {
		expect(parseGs1(`(01)${GTIN}(21)xQ4"N8sK+d;zT(93)a1B2`)).toEqual(parseGs1(WATER));
		expect(parseGs1(`(01)${GTIN}(21)A1b2C3d4E5f6G7h8I9j0(91)EE11(92)${CRYPTO}`)).toEqual(
			parseGs1(APPLIANCE)
		);
	});

	it('finds the serial’s end when a keyboard scanner dropped the GS', () => {
		for (const raw of [WATER, BEER, APPLIANCE]) {
			expect(parseGs1(raw.replaceAll(GS, '')), raw).toEqual(parseGs1(raw));
		}
	});

	it('reads (17) expiry and (10) batch, and an SSCC transport code', () => {
		const r = parseGs1(`01${GTIN}17270200` + `10LOT-7${GS}21abc1234${GS}93zzzz`);
		expect(r).toEqual({
			ok: true,
			kind: 'mark',
			code: { gtin: GTIN, serial: 'abc1234', check: 'zzzz', expiry: '270200', batch: 'LOT-7' }
		});
		expect(expiryDate('270200')).toBe('2027-02-28');
		expect(expiryDate('280200')).toBe('2028-02-29');
		expect(expiryDate('271301')).toBeNull();
		expect(parseGs1('00106141411234567897')).toEqual({
			ok: true,
			kind: 'transport',
			code: { sscc: '106141411234567897' }
		});
		expect(parseGs1('(00)106141411234567897')).toEqual(parseGs1('00106141411234567897'));
	});

	it('refuses what is not a marking code, and says why', () => {
		expect(parseGs1('4780000000014')).toEqual({ ok: false, problem: 'malformed' });
		expect(parseGs1('')).toEqual({ ok: false, problem: 'malformed' });
		expect(parseGs1(`01${GTIN}`)).toEqual({ ok: false, problem: 'incomplete' });
		expect(parseGs1(`01047800000000152112345678${GS}93abcd`)).toEqual({
			ok: false,
			problem: 'check_digit'
		});
		expect(parseGs1('00106141411234567898')).toEqual({ ok: false, problem: 'check_digit' });
		expect(parseGs1(`01${GTIN}21ab`.slice(0, 10))).toEqual({ ok: false, problem: 'malformed' });
		// A serial longer than 20, a character outside GS1's set, an AI twice, an unknown AI.
		expect(parseGs1(`01${GTIN}21${'a'.repeat(21)}`).ok).toBe(false);
		expect(parseGs1(`01${GTIN}21abc déf`).ok).toBe(false);
		expect(parseGs1(`01${GTIN}21abc${GS}21def`).ok).toBe(false);
		expect(parseGs1(`01${GTIN}21abc${GS}99def`).ok).toBe(false);
	});
});

describe('the label', () => {
	it('is GTIN and serial only, the same for every form of one code, at most 63 characters', () => {
		const labels = [WATER, `]d2${WATER}`, `(01)${GTIN}(21)xQ4"N8sK+d;zT(93)a1B2`].map((raw) => {
			const r = parseGs1(raw);
			return r.ok && r.kind === 'mark' ? markLabel(r.code) : null;
		});
		expect(labels).toEqual(Array(3).fill(`01${GTIN}21xQ4"N8sK+d;zT`));
		const long = parseGs1(APPLIANCE);
		expect(long.ok && long.kind === 'mark' && markLabel(long.code).length).toBe(38);
	});
});

// GS1's set of 82 characters.
const CSET82 = `!"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz`;
const chars = (set: string, min: number, max: number) =>
	fc.array(fc.constantFrom(...set), { minLength: min, maxLength: max }).map((c) => c.join(''));
const gtin14 = fc
	.array(fc.integer({ min: 0, max: 9 }), { minLength: 13, maxLength: 13 })
	.map((d) => d.join(''))
	.map((body) => body + gs1CheckDigit(body));
const markCode: fc.Arbitrary<MarkCode> = fc.record(
	{
		gtin: gtin14,
		serial: chars(CSET82, 1, 20),
		check: chars(CSET82, 4, 4),
		key: chars(CSET82, 4, 4),
		crypto: chars(CSET82, 44, 44),
		expiry: fc
			.date({ min: new Date('2020-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
			.map((d) => d.toISOString().slice(2, 10).replaceAll('-', '')),
		batch: chars(CSET82, 1, 20)
	},
	{ requiredKeys: ['gtin', 'serial'] }
);

describe('GS1 properties', () => {
	it('a code printed as a scanner types it parses back to the same code and label', () => {
		fc.assert(
			fc.property(markCode, fc.constantFrom('', ']d2', `]d2${GS}`), (code, prefix) => {
				const r = parseGs1(prefix + printGs1(code));
				expect(r).toEqual({ ok: true, kind: 'mark', code });
				expect(r.ok && r.kind === 'mark' && markLabel(r.code)).toBe(markLabel(code));
				expect(markLabel(code).length).toBeLessThanOrEqual(63);
			}),
			{ numRuns: 500 }
		);
	});

	it('the bracketed form of a code gives the same label', () => {
		// A '(' in a value would start a new field in the human form: such codes print it only
		// in the symbol, never in brackets.
		const plain = markCode.filter((c) => !Object.values(c).some((v) => String(v).includes('(')));
		fc.assert(
			fc.property(plain, (code) => {
				const human =
					`(01)${code.gtin}(21)${code.serial}` +
					(code.check !== undefined ? `(93)${code.check}` : '');
				const r = parseGs1(human);
				expect(r.ok && r.kind === 'mark' && markLabel(r.code)).toBe(markLabel(code));
			}),
			{ numRuns: 300 }
		);
	});

	it('a changed GTIN digit is refused, never read as another product', () => {
		fc.assert(
			fc.property(markCode, fc.integer({ min: 0, max: 13 }), (code, at) => {
				const digit = (Number(code.gtin[at]) + 1) % 10;
				const gtin = code.gtin.slice(0, at) + digit + code.gtin.slice(at + 1);
				expect(parseGs1(printGs1({ ...code, gtin }))).toEqual({
					ok: false,
					problem: 'check_digit'
				});
			}),
			{ numRuns: 200 }
		);
	});
});
