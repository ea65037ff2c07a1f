/**
 * Args of the catalog and trade-point mutations, shared by the device (which validates before
 * queueing) and the server (which validates again and decides). Money is integer minor units.
 */
import { z } from 'zod';
import { because, optionalText, plainText, text } from '../validation';

/** Client-made ids (UUIDv7 from the device). */
export const uuid = z.uuid('Not a UUID');

/** Counted units take whole quantities; measured ones take up to three decimals. */
export const UNITS = ['pcs', 'pack', 'box', 'kg', 'l', 'm'] as const;
export type Unit = (typeof UNITS)[number];
export const COUNTED_UNITS: readonly Unit[] = ['pcs', 'pack', 'box'];

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
	active: z.boolean().optional()
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
