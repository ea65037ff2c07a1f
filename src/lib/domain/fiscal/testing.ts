/**
 * For tests: a register's stamp as the tax operator signs it (Multikassa's terminal, receipt
 * 1041, its fiscal sign and the check URL the receipt prints as a QR code).
 */
import type { SignedStamp } from './stamp';

export const SIGNED_STAMP: SignedStamp = {
	state: 'fiscal',
	register: 'multikassa',
	terminalId: 'UZ170703100400',
	receiptSeq: '1041',
	dateTime: '20261130132400',
	fiscalSign: '100008243679',
	qrUrl: 'https://ofd.soliq.uz/check?t=UZ170703100400&r=1041&c=20261130132400&s=100008243679'
};
