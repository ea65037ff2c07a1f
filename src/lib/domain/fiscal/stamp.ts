/**
 * What a cash register's answer leaves on a receipt (its "stamp"), and the rules for it.
 *
 * Uzbek law (Cabinet of Ministers Resolution 943) wants every sale to the public fiscalized by a
 * registered online or virtual register with a fiscal module; the tax operator's answer gives
 * the terminal id, the receipt's number in that terminal, its time and a 12-digit fiscal sign,
 * which the printed receipt carries as a QR code of the check URL. A refund cites those four.
 *
 * - `fiscal`: signed by the fiscal module and sent to the tax operator.
 * - `queued`: signed by the fiscal module but still in the register's own offline queue (it
 *   sends when it has network; the receipt is valid, the tax office has not seen it yet).
 * - `nonfiscal`: printed where the till has no register (a setting per till): never shown as
 *   fiscal, no QR code, "not a fiscal receipt" printed on it.
 * A receipt the register could not take has no stamp at all: the sale stands, the till says so.
 */
import { z } from 'zod';

export const FISCAL_STATES = ['fiscal', 'queued', 'nonfiscal'] as const;
export type FiscalState = (typeof FISCAL_STATES)[number];
export const REGISTER_KINDS = ['multikassa', 'none'] as const;
export type RegisterKind = (typeof REGISTER_KINDS)[number];

/** The tax operator's check page, which the receipt's QR code opens. */
export const OFD_CHECK_URL = 'https://ofd.soliq.uz/check';

const terminalId = z
	.string()
	.trim()
	.min(1)
	.max(40)
	.regex(/^[A-Za-z0-9]+$/, 'Letters and digits');
const fiscalSign = z.string().regex(/^\d{12}$/, '12 digits');
/** The operator's time of the receipt as it prints it: `yyyyMMddHHmmss` (Tashkent time). */
const fiscalTime = z.string().regex(/^\d{14}$/, 'yyyyMMddHHmmss');

export const fiscalStampSchema = z.discriminatedUnion('state', [
	z.strictObject({
		state: z.enum(['fiscal', 'queued']),
		register: z.literal('multikassa'),
		terminalId,
		receiptSeq: z.string().regex(/^\d{1,12}$/, 'Digits'),
		dateTime: fiscalTime,
		fiscalSign,
		qrUrl: z
			.url({ protocol: /^https$/ })
			.max(300)
			.refine((u) => u.startsWith(`${OFD_CHECK_URL}?`), 'The tax operator’s check URL')
	}),
	z.strictObject({ state: z.literal('nonfiscal'), register: z.literal('none') })
]);
export type FiscalStamp = z.infer<typeof fiscalStampSchema>;
export type SignedStamp = Extract<FiscalStamp, { register: 'multikassa' }>;

/** The check URL from the four ids, as the tax operator prints it (when a register omits it). */
export const checkUrl = (
	s: Pick<SignedStamp, 'terminalId' | 'receiptSeq' | 'dateTime' | 'fiscalSign'>
) => `${OFD_CHECK_URL}?t=${s.terminalId}&r=${s.receiptSeq}&c=${s.dateTime}&s=${s.fiscalSign}`;

/** True for a stamp a fiscal module signed (fiscal or still queued in the register). */
export const isSigned = (s: FiscalStamp | null | undefined): s is SignedStamp =>
	!!s && s.register === 'multikassa';

/**
 * Whether a stamp may replace what the receipt has: nothing may be stamped over a signed
 * stamp but the same signature leaving the register's queue (`queued` → `fiscal`); a
 * non-fiscal print may be followed by a register's signature (the register came back).
 */
export function mayStamp(current: FiscalStamp | null | undefined, next: FiscalStamp): boolean {
	if (!isSigned(current)) return true;
	return (
		isSigned(next) &&
		next.terminalId === current.terminalId &&
		next.receiptSeq === current.receiptSeq &&
		next.fiscalSign === current.fiscalSign &&
		!(current.state === 'fiscal' && next.state === 'queued')
	);
}

/** `receipt.fiscalize`: the register's answer, kept on the receipt it signed. */
export const receiptFiscalizeArgs = z.strictObject({
	receiptId: z.string().min(1).max(64),
	stamp: fiscalStampSchema
});
