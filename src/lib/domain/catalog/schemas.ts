/**
 * Args of the catalog and trade-point mutations, shared by the device (which validates before
 * queueing) and the server (which validates again and decides). Money is integer minor units.
 */
import { z } from 'zod';
import { isGtin } from '../marking/check-digit';
import { PHOTO_ID } from '../photos';
import { because, optionalText, plainText, text } from '../validation';

/** Client-made ids (UUIDv7 from the device). */
export const uuid = z.uuid('Not a UUID');

import { UNITS } from './units';

export { COUNTED_UNITS, UNITS, type Unit } from './units';

export const CHANNELS = [
	'retail',
	'wholesale',
	'horeca',
	'pharmacy',
	'kiosk',
	'supermarket',
	'other'
] as const;
export const COUNTERPARTY_KINDS = ['customer', 'supplier', 'both'] as const;
export const LOCATION_SOURCES = ['gps', 'manual'] as const;

/** The largest price we accept: 10^12 minor units (10 billion in a 2-decimal currency). */
export const MAX_PRICE = 1_000_000_000_000;

export const categoryUpsertArgs = z.strictObject({
	id: uuid,
	name: text(120),
	parentId: uuid.nullish()
});

/**
 * The digital-marking groups of Uzbekistan's Asl Belgisi (see shared UZ-COMPLIANCE notes): a
 * product in one is marked, and each unit sold carries its own DataMatrix code.
 */
export const MARKING_GROUPS = [
	'tobacco',
	'alcohol',
	'beer',
	'appliances',
	'medicines',
	'water'
] as const;
export type MarkingGroup = (typeof MARKING_GROUPS)[number];

/** The VAT rates a product may carry, in whole percent (Uzbekistan's standard rate is 12). */
export const MAX_VAT_RATE = 100;

/**
 * The product's tax-catalog fields (Uzbekistan: IKPU/MXIK, package code, VAT, GTIN, marking
 * group), checked for form only: whether an IKPU exists in the national catalog needs the tax
 * service online, which the app does not call. In each, null clears and absent leaves it.
 */
export const productTaxFields = {
	/** The 17-digit IKPU (MXIK) code of the national product classifier. */
	ikpu: z
		.string()
		.trim()
		.refine((s) => /^\d{17}$/.test(s), because('digits', '17 digits', { lengths: '17' }))
		.nullish(),
	/** The classifier's package (unit of measure) code, digits (e.g. 1209779). */
	packageCode: z
		.string()
		.trim()
		.refine((s) => /^\d{1,20}$/.test(s), because('digits', 'Digits only', { lengths: '1–20' }))
		.nullish(),
	/** Whole percent. */
	vatRate: z
		.number()
		.int('Whole percent')
		.min(0)
		.max(MAX_VAT_RATE, `At most ${MAX_VAT_RATE}`)
		.nullish(),
	/** GTIN-8/12/13/14 as digits, with its check digit. */
	gtin: z
		.string()
		.trim()
		.refine(
			(s) => /^(\d{8}|\d{12,14})$/.test(s),
			because('digits', 'GTIN-8, 12, 13 or 14 digits', { lengths: '8/12/13/14' })
		)
		.refine(isGtin, because('check_digit', 'Wrong check digit'))
		.nullish(),
	marking: z.enum(MARKING_GROUPS).nullish()
};

/** A product's properties at most: a 1C card has a handful, a long one a few dozen. */
export const MAX_ATTRIBUTES = 50;

export const productUpsertArgs = z.strictObject({
	id: uuid,
	sku: text(64),
	name: text(200),
	unit: z.enum(UNITS),
	barcodes: z
		.array(
			plainText()
				.trim()
				.regex(/^[0-9A-Za-z-]{4,32}$/, 'Not a barcode')
		)
		.max(20)
		.optional(),
	categoryId: uuid.nullish(),
	active: z.boolean().optional(),
	...productTaxFields,
	/** Its photo (stored through PUT /api/photos/:id first, or after: the id is the device's). */
	photoId: z.string().regex(PHOTO_ID, because('format', 'Not a photo id')).nullish(),
	/**
	 * Units in one pack (12 for a case of 12 bottles), in the product's unit with at most three
	 * decimals; whole for counted units (checked in the plan, which knows the unit).
	 */
	packSize: z
		.number()
		.positive('Must be more than zero')
		.max(1_000_000_000)
		// As inventory/quantity.ts reads quantities (which imports this file, hence not reused).
		.refine(
			(n) => !/e/i.test(String(n)) && (String(n).split('.')[1] ?? '').length <= 3,
			because('too_many_decimals', 'At most three decimals')
		)
		.nullish(),
	/**
	 * Its properties by name (brand, volume: 1C's Свойства), all of them: what is left out is gone.
	 * Absent: the product keeps its own.
	 */
	attributes: z
		.record(plainText().min(1, 'Required').max(100, 'At most 100 characters'), text(500))
		.refine(
			(a) => Object.keys(a).length <= MAX_ATTRIBUTES,
			because('too_big', `At most ${MAX_ATTRIBUTES} properties`, { max: MAX_ATTRIBUTES })
		)
		.optional()
});

/**
 * A price list beyond the default: it prices for trade points of `channels` and for the customers
 * in `counterpartyIds` (a customer's list wins over a channel's; see domain/sales/pricing.ts).
 */
export const priceListUpsertArgs = z.strictObject({
	id: uuid,
	name: text(120),
	channels: z
		.array(z.enum(CHANNELS))
		.max(CHANNELS.length)
		.refine((c) => new Set(c).size === c.length, because('duplicate', 'A channel is named twice'))
		.optional(),
	counterpartyIds: z
		.array(uuid)
		.max(500, 'At most 500 customers')
		.refine((c) => new Set(c).size === c.length, because('duplicate', 'A customer is named twice'))
		.optional()
});

export const priceSetArgs = z.strictObject({
	productId: uuid,
	/** Minor units; null removes the price from the list. */
	price: z.number().int('Whole minor units').min(0).max(MAX_PRICE).nullable(),
	priceListId: uuid.optional()
});

export const counterpartyUpsertArgs = z.strictObject({
	id: uuid,
	name: text(200),
	kind: z.enum(COUNTERPARTY_KINDS).optional(),
	taxId: optionalText(32),
	phone: optionalText(40),
	email: z.email('Not an email').max(120).optional().or(z.literal('')),
	address: optionalText(300),
	contactName: optionalText(120)
});

export const locationArgs = z.strictObject({
	lat: z
		.number()
		.min(-90, 'Latitude is between -90 and 90')
		.max(90, 'Latitude is between -90 and 90'),
	lng: z
		.number()
		.min(-180, 'Longitude is between -180 and 180')
		.max(180, 'Longitude is between -180 and 180'),
	source: z.enum(LOCATION_SOURCES)
});

export const tradePointUpsertArgs = z.strictObject({
	id: uuid,
	name: text(200),
	address: optionalText(300),
	counterpartyId: uuid.nullish(),
	channel: z.enum(CHANNELS).nullish(),
	/** Defaults to the caller's branch. */
	branchId: uuid.optional(),
	/** null clears the coordinates; absent leaves them as they are. */
	location: locationArgs.nullish()
});

export const tradePointArchiveArgs = z.strictObject({ id: uuid });
