/**
 * Electronic invoices (ESF, Resolution 522 of 25.06.2019): the B2B document of a sale or a
 * delivery to a company, in the JSON shape of the Didox operator's API (api-docs.didox.uz;
 * document type `002`, created with `POST /v1/documents/002/create`, read back with
 * `GET /v1/documents/{id}`, headers `Partner-Authorization` and `user-key`). The app prepares
 * and tracks the document; the seller signs it in E-IMZO on their own computer (an algorithm
 * WebCrypto does not have), so "signed" and "accepted" are what the operator reports back.
 *
 * Per line: the product's IKPU (`CatalogCode`), package code, VAT, and for marked goods the
 * codes that leave the seller (`Marks`: units `KIZ`, group packages `NomUpak`, transport
 * packages `IdentTransUpak`).
 */
import { z } from 'zod';
import { vatIncluded } from '../fiscal/multikassa';
import { toGtin14 } from '../marking/check-digit';
import { markLabel, parseGs1 } from '../marking/gs1';

export const EINVOICE_STATES = ['draft', 'sent', 'signed', 'accepted', 'rejected'] as const;
export type EinvoiceState = (typeof EINVOICE_STATES)[number];

/** A party as the ESF names it: TIN (9 digits for a company, 14 for a person), bank details. */
export const partySchema = z.strictObject({
	tin: z.string().regex(/^(\d{9}|\d{14})$/, '9 or 14 digits'),
	name: z.string().trim().min(1).max(300),
	vatRegCode: z.string().trim().max(20).default(''),
	account: z
		.string()
		.trim()
		.regex(/^(\d{20})?$/, '20 digits')
		.default(''),
	bankId: z
		.string()
		.trim()
		.regex(/^(\d{5})?$/, '5 digits')
		.default(''),
	address: z.string().trim().max(300).default('')
});
export type Party = z.output<typeof partySchema>;

/** The organization's operator settings: the seller's details and Didox's keys. */
export const einvoiceSettingsSchema = z.strictObject({
	seller: partySchema,
	/** Didox's partner token (from Didox); null clears it, absent keeps it. */
	partnerToken: z.string().trim().min(8).max(500).nullish(),
	/** The user key of the seller's Didox account (after its E-IMZO login). */
	userKey: z.string().trim().min(8).max(500).nullish()
});

export const einvoiceCreateSchema = z.strictObject({
	source: z.enum(['sale', 'order']),
	id: z.string().min(1).max(64),
	/** The supply contract the invoice cites (optional in Didox). */
	contractNo: z.string().trim().max(100).optional(),
	contractDate: z
		.string()
		.regex(/^\d{4}-\d\d-\d\d$/, 'YYYY-MM-DD')
		.optional()
});

export interface EsfLine {
	name: string;
	ikpu: string;
	packageCode: string;
	/** The package's name as the classifier calls it (e.g. "dona", "shtuk"). */
	packageName: string;
	qty: number;
	/** What the line came to, VAT included (minor units). */
	net: number;
	vatRate: number;
	/** The product's GTIN (a code with another GTIN is a group package's). */
	gtin: string | null;
	/** Raw marking codes scanned for this line: units, group packages, SSCCs. */
	marks: string[];
	/** Didox's product type of the marking group; absent for goods that are not marked. */
	markType?: number;
}

export interface EsfInput {
	number: string;
	/** YYYY-MM-DD. */
	date: string;
	contract?: { no: string; date: string };
	seller: Party;
	buyer: Party;
	lines: EsfLine[];
	/** Minor units per major unit of the currency (UZS: 100). */
	minorPerUnit: number;
}

export interface DidoxParty {
	Name: string;
	VatRegCode: string;
	Account: string;
	BankId: string;
	Address: string;
}

export interface DidoxMarks {
	ProductType: number;
	KIZ: string[];
	NomUpak: string[];
	IdentTransUpak: string[];
}

export interface DidoxProduct {
	OrdNo: number;
	Name: string;
	CatalogCode: string;
	PackageCode: string;
	PackageName: string;
	Count: number;
	/** The unit price without VAT. */
	Summa: number;
	/** Count × price without VAT. */
	DeliverySum: number;
	VatRate: number;
	VatSum: number;
	DeliverySumWithVat: number;
	WithoutVat: boolean;
	/** 2: goods bought and resold (a distributor's). */
	Origin: number;
	Marks?: DidoxMarks;
}

export interface DidoxFactura {
	Version: 1;
	FacturaType: 0;
	FacturaDoc: { FacturaNo: string; FacturaDate: string };
	ContractDoc: { ContractNo: string; ContractDate: string };
	SellerTin: string;
	Seller: DidoxParty;
	BuyerTin: string;
	Buyer: DidoxParty;
	ProductList: {
		Tin: string;
		HasVat: boolean;
		HasExcise: boolean;
		HasLgota: boolean;
		HasCommittent: boolean;
		Products: DidoxProduct[];
	};
}

const party = (p: Party): DidoxParty => ({
	Name: p.name,
	VatRegCode: p.vatRegCode,
	Account: p.account,
	BankId: p.bankId,
	Address: p.address
});

/**
 * Sorts a line's scanned codes: a unit's code (its GTIN is the product's) goes to `KIZ` as its
 * label (GTIN + serial: the crypto-tail stays with the goods), another GTIN's to `NomUpak`
 * (a group package), an SSCC to `IdentTransUpak`. Codes that do not parse are left out.
 */
export function marksOf(line: Pick<EsfLine, 'marks' | 'gtin'>, productType: number): DidoxMarks {
	const out: DidoxMarks = { ProductType: productType, KIZ: [], NomUpak: [], IdentTransUpak: [] };
	const own = line.gtin ? toGtin14(line.gtin) : null;
	for (const raw of line.marks) {
		const p = parseGs1(raw);
		if (!p.ok) continue;
		if (p.kind === 'transport') out.IdentTransUpak.push(`00${p.code.sscc}`);
		else if (!own || p.code.gtin === own) out.KIZ.push(markLabel(p.code));
		else out.NomUpak.push(markLabel(p.code));
	}
	return out;
}

/**
 * The ESF in Didox's shape. Prices include VAT in the app; the invoice splits each line into
 * its VAT and the rest, in the currency's major units with its minor digits.
 *
 * @example didoxFactura({ number: 'SAL-TAS-2026-00001', date: '2026-11-30', seller, buyer, lines, minorPerUnit: 100 })
 */
export function didoxFactura(input: EsfInput): DidoxFactura {
	const major = (minor: number) => minor / input.minorPerUnit;
	const products = input.lines.map((l, i): DidoxProduct => {
		const vat = vatIncluded(l.net, l.vatRate);
		const without = l.net - vat;
		const product: DidoxProduct = {
			OrdNo: i + 1,
			Name: l.name,
			CatalogCode: l.ikpu,
			PackageCode: l.packageCode,
			PackageName: l.packageName,
			Count: l.qty,
			Summa: major(Math.round(without / l.qty)),
			DeliverySum: major(without),
			VatRate: l.vatRate,
			VatSum: major(vat),
			DeliverySumWithVat: major(l.net),
			WithoutVat: l.vatRate === 0,
			Origin: 2
		};
		if (l.markType !== undefined && l.marks.length) product.Marks = marksOf(l, l.markType);
		return product;
	});
	return {
		Version: 1,
		FacturaType: 0,
		FacturaDoc: { FacturaNo: input.number, FacturaDate: input.date },
		ContractDoc: { ContractNo: input.contract?.no ?? '', ContractDate: input.contract?.date ?? '' },
		SellerTin: input.seller.tin,
		Seller: party(input.seller),
		BuyerTin: input.buyer.tin,
		Buyer: party(input.buyer),
		ProductList: {
			Tin: input.seller.tin,
			HasVat: products.some((p) => p.VatRate > 0),
			HasExcise: false,
			HasLgota: false,
			HasCommittent: false,
			Products: products
		}
	};
}

/**
 * Didox's document status (0 draft at the operator, waiting for the seller's E-IMZO signature;
 * 1 signed by the seller and sent to the buyer; 2 signed by both; 3 rejected; 4 cancelled) as
 * the app's state. Anything else leaves the state as it was.
 */
export function stateOfDidox(status: number, current: EinvoiceState): EinvoiceState {
	switch (status) {
		case 0:
			return 'sent';
		case 1:
			return 'signed';
		case 2:
			return 'accepted';
		case 3:
		case 4:
			return 'rejected';
		default:
			return current;
	}
}
