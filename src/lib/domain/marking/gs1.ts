/**
 * GS1 element strings as Uzbekistan's digital marking (Asl Belgisi) prints them in a DataMatrix:
 * (01) GTIN-14, (21) serial, then (93) a 4-character check, or (91) key + (92) crypto-tail;
 * (17) expiry and (10) batch where present; (00) an SSCC on a transport package. Pure.
 *
 * A code arrives in one of three forms: as a scanner types it (variable-length fields ended by
 * GS, ASCII 29, often after a symbology prefix such as `]d2`), as people write it (`(01)…(21)…`),
 * or as a keyboard-wedge scanner that drops the GS (then the known Uzbek layouts tell where the
 * serial ends). All three parse to the same code, and so to the same label.
 */
import { isGtin, isSscc } from './check-digit';

/** The group separator that ends a variable-length field (FNC1 in the symbol). */
export const GS = '\u001d';

export interface MarkCode {
	/** (01), 14 digits. */
	gtin: string;
	/** (21), 1–20 characters of GS1's set of 82. */
	serial: string;
	/** (93) the verification code (alcohol, beer, water: 4 characters). */
	check?: string;
	/** (91) the key id and (92) the crypto-tail (appliances). */
	key?: string;
	crypto?: string;
	/** (17) expiry as YYMMDD; day 00 means the month's last day. */
	expiry?: string;
	/** (10) batch or lot. */
	batch?: string;
}

/** A transport package's code: (00) SSCC, 18 digits with its check digit. */
export interface TransportCode {
	sscc: string;
}

export type Gs1Problem =
	/** Not an element string at all, or an AI this parser does not know. */
	| 'malformed'
	/** No (01) GTIN or no (21) serial: not a unit or group code. */
	| 'incomplete'
	/** A GTIN or SSCC whose check digit is wrong. */
	| 'check_digit';

export type Gs1Result =
	| { ok: true; kind: 'mark'; code: MarkCode }
	| { ok: true; kind: 'transport'; code: TransportCode }
	| { ok: false; problem: Gs1Problem };

/** Fixed lengths of the AIs that have one; the others run to GS or the end (at most `max`). */
const FIXED: Record<string, number> = { '00': 18, '01': 14, '17': 6 };
const VARIABLE: Record<string, number> = { '10': 20, '21': 20, '91': 90, '92': 90, '93': 90 };
/** GS1's character set 82 (GS1 General Specifications, figure 7.11-1). */
const CSET82 = /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]+$/;
/** What follows a serial in the layouts Uzbekistan uses, to find its end without a GS. */
const SERIAL_LENGTHS = [13, 7, 20, 6, 8];

/** A symbology identifier a scanner may prepend: `]d2` DataMatrix, `]C1` GS1-128, `]Q3` QR… */
const SYMBOLOGY = /^\][A-Za-z][0-9A-Za-z]/;

/**
 * Reads a raw marking code.
 * @example parseGs1('0104780000000014215Zx!9Ab\u001d93dGVz').code // { gtin: '04780000000014', serial: '5Zx!9Ab', check: 'dGVz' }
 * @example parseGs1('(00)106141411234567897').code // { sscc: '106141411234567897' }
 */
export function parseGs1(raw: string): Gs1Result {
	// The Unicode picture of GS (U+241D) is what some apps paste for it.
	let text = raw.replace(/\u241d/g, GS).replace(/^[\s]+|[\r\n]+$/g, '');
	text = text.replace(SYMBOLOGY, '');
	// A leading FNC1 is transmitted as GS by some scanners.
	while (text.startsWith(GS)) text = text.slice(1);
	const fields = text.startsWith('(') ? bracketed(text) : elementString(text);
	if (!fields) return { ok: false, problem: 'malformed' };
	return fromFields(fields);
}

/** `(01)…(21)…`: each field is what stands between its AI and the next `(`. */
function bracketed(text: string): Map<string, string> | null {
	const fields = new Map<string, string>();
	const re = /\((\d{2})\)([^(]*)/gy;
	let m: RegExpExecArray | null;
	let at = 0;
	while ((m = re.exec(text))) {
		const [, ai, value] = m;
		if (fields.has(ai!) || !(ai! in FIXED || ai! in VARIABLE)) return null;
		fields.set(ai!, value!.replace(new RegExp(GS, 'g'), ''));
		at = re.lastIndex;
	}
	return at === text.length && fields.size ? fields : null;
}

/** The element string: fixed fields by length, variable ones to GS (or, lacking one, by layout). */
function elementString(text: string): Map<string, string> | null {
	const fields = new Map<string, string>();
	let at = 0;
	while (at < text.length) {
		const ai = text.slice(at, at + 2);
		at += 2;
		if (fields.has(ai)) return null;
		const fixed = FIXED[ai];
		if (fixed !== undefined) {
			const value = text.slice(at, at + fixed);
			if (value.length !== fixed) return null;
			fields.set(ai, value);
			at += fixed;
			if (text[at] === GS) at++;
			continue;
		}
		const max = VARIABLE[ai];
		if (max === undefined) return null;
		let end = text.indexOf(GS, at);
		if (end < 0)
			end = ai === '21' ? serialEnd(text, at) : ai === '91' ? keyEnd(text, at) : text.length;
		const value = text.slice(at, end);
		if (!value || value.length > max) return null;
		fields.set(ai, value);
		at = end + (text[end] === GS ? 1 : 0);
	}
	return fields.size ? fields : null;
}

/** Where a (91) key ends without a GS: Uzbek keys are 4 characters, then (92) follows. */
function keyEnd(text: string, at: number): number {
	return text.slice(at + 4, at + 6) === '92' && text.length > at + 6 ? at + 4 : text.length;
}

/**
 * Where a serial ends when the scanner dropped the GS after it: the first Uzbek layout length
 * after which a (93) check of 4 ends the code, or a (91) key follows; else the whole rest.
 */
function serialEnd(text: string, at: number): number {
	const rest = text.length - at;
	for (const n of SERIAL_LENGTHS) {
		const next = text.slice(at + n, at + n + 2);
		if ((next === '93' && rest === n + 6) || (next === '91' && rest > n + 6)) return at + n;
	}
	return text.length;
}

function fromFields(fields: Map<string, string>): Gs1Result {
	for (const [ai, value] of fields) {
		if (ai in FIXED ? !/^\d+$/.test(value) : !CSET82.test(value)) {
			return { ok: false, problem: 'malformed' };
		}
	}
	const sscc = fields.get('00');
	if (sscc !== undefined) {
		if (fields.size > 1) return { ok: false, problem: 'malformed' };
		return isSscc(sscc)
			? { ok: true, kind: 'transport', code: { sscc } }
			: { ok: false, problem: 'check_digit' };
	}
	const gtin = fields.get('01');
	const serial = fields.get('21');
	if (!gtin || !serial) return { ok: false, problem: 'incomplete' };
	if (!isGtin(gtin)) return { ok: false, problem: 'check_digit' };
	const expiry = fields.get('17');
	if (expiry !== undefined && !expiryDate(expiry)) return { ok: false, problem: 'malformed' };
	const optional = { check: '93', key: '91', crypto: '92', expiry: '17', batch: '10' } as const;
	const code: MarkCode = { gtin, serial };
	for (const [name, ai] of Object.entries(optional)) {
		const value = fields.get(ai);
		if (value !== undefined) code[name as keyof typeof optional] = value;
	}
	return { ok: true, kind: 'mark', code };
}

/** The most characters a label may have on a receipt (the tax operator's limit). */
export const MAX_LABEL = 63;

/**
 * The unit's identity, as a receipt lists it and as the organization's code table keys it:
 * (01) GTIN and (21) serial, in element-string form (`01…21…`), without the check or crypto
 * parts that differ between printings of the same code. At most 38 characters.
 * @example markLabel({ gtin: '04780000000014', serial: '5Zx!9Ab' }) // '0104780000000014215Zx!9Ab'
 */
export function markLabel(code: Pick<MarkCode, 'gtin' | 'serial'>): string {
	return `01${code.gtin}21${code.serial}`;
}

/**
 * The code as a scanner would type it: fixed fields first, GS after each variable one but the
 * last (the inverse of `parseGs1`).
 */
export function printGs1(code: MarkCode): string {
	const parts: [string, string | undefined][] = [
		['01', code.gtin],
		['17', code.expiry],
		['10', code.batch],
		['21', code.serial],
		['91', code.key],
		['92', code.crypto],
		['93', code.check]
	];
	let out = '';
	let open = false;
	for (const [ai, value] of parts) {
		if (value === undefined) continue;
		if (open) out += GS;
		out += ai + value;
		open = !(ai in FIXED);
	}
	return out;
}

/**
 * An (17) expiry YYMMDD as `YYYY-MM-DD` (20YY: marking began in 2019), day 00 being the month's
 * last day (GS1 §3.4.7); null when it is not a date.
 * @example expiryDate('270200') // '2027-02-28'
 */
export function expiryDate(yymmdd: string): string | null {
	if (!/^\d{6}$/.test(yymmdd)) return null;
	const year = 2000 + Number(yymmdd.slice(0, 2));
	const month = Number(yymmdd.slice(2, 4));
	let day = Number(yymmdd.slice(4, 6));
	if (month < 1 || month > 12) return null;
	const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
	if (day === 0) day = last;
	if (day > last) return null;
	return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
