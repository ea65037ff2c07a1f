/**
 * The tax-catalog fields (Uzbekistan's IKPU, package code, VAT rate and GTIN: issue 18) a 1C card
 * carries. CommerceML has no element of its own for them: configurations keep the IKPU and the
 * package code as requisites (ЗначенияРеквизитов) under names such as "ИКПУ", "Код ИКПУ",
 * "МХИК" or "Код упаковки"; the VAT is a tax rate named "НДС"; a GTIN is one of the barcodes.
 * A field a card does not carry, or carries in a form the product would refuse, is undefined:
 * the product keeps its own (product.upsert leaves an absent field as it is).
 */
import { MAX_VAT_RATE } from '../../catalog/schemas';
import { isGtin } from '../../marking/check-digit';
import type { CmlGood } from './reader';

export interface TaxFields {
	ikpu?: string;
	packageCode?: string;
	vatRate?: number;
	gtin?: string;
}

const IKPU_NAME = /ИКПУ|МХИК|IKPU|MXIK|SPIC/i;
const PACKAGE_NAME = /код\s*упаковки|упаковк\S*\s*код|package\s*code|qadoq/i;
const VAT_NAME = /^(НДС|VAT|QQS)$/i;

const digitsOf = (value: string) => value.replace(/[\s-]/g, '');

/** A requisite's digits by a name the pattern matches, if they have the wanted form. */
function requisite(requisites: Record<string, string>, name: RegExp, form: RegExp) {
	for (const [key, value] of Object.entries(requisites)) {
		if (!name.test(key)) continue;
		const digits = digitsOf(value);
		if (form.test(digits)) return digits;
	}
	return undefined;
}

/** "12", "12%", "12.00" → 12; "Без НДС" and the like say nothing a product can hold. */
function vatOf(taxRates: CmlGood['taxRates']): number | undefined {
	const vat = taxRates.find((t) => VAT_NAME.test(t.name.trim()));
	const m = vat?.rate.trim().match(/^(\d{1,3})(?:[.,]0+)?\s*%?$/);
	const rate = m ? Number(m[1]) : NaN;
	return Number.isInteger(rate) && rate <= MAX_VAT_RATE ? rate : undefined;
}

/**
 * The first barcode that is a global GTIN: a valid check digit, and not a shop's own number
 * (EAN-13 prefixes 20–29 and UPC number systems 2 and 4 are for use inside a store or company;
 * 1C prints such codes for goods weighed or labelled in-house).
 * @example gtinOf(['2000018987155', '4006381333931']) // '4006381333931'
 */
export function gtinOf(barcodes: string[]): string | undefined {
	return barcodes.map((b) => b.trim()).find((b) => isGtin(b) && !restricted(b));
}

function restricted(gtin: string): boolean {
	if (gtin.length === 12) return gtin[0] === '2' || gtin[0] === '4';
	const gtin13 = gtin.length === 14 && gtin[0] === '0' ? gtin.slice(1) : gtin;
	return gtin13.length === 13 && gtin13[0] === '2';
}

/** What a 1C good's card says of the product's tax fields; see the module's comment. */
export function taxFieldsOf(g: Pick<CmlGood, 'requisites' | 'taxRates' | 'barcodes'>): TaxFields {
	const fields: TaxFields = {
		ikpu: requisite(g.requisites, IKPU_NAME, /^\d{17}$/),
		packageCode: requisite(g.requisites, PACKAGE_NAME, /^\d{1,20}$/),
		vatRate: vatOf(g.taxRates),
		gtin: gtinOf(g.barcodes)
	};
	return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as TaxFields;
}
