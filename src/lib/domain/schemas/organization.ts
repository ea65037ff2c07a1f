import { z } from 'zod';
import { LOCALES } from '../locales';
import { MAX_PRICE } from '../catalog/schemas';
import { MONEY_FRACTIONS } from '../money';
import { CREDIT_POLICIES } from '../sales/credit';
import { NEGATIVE_STOCK_POLICIES } from '../inventory/ledger';
import { RETENTION_LIMITS } from '../retention';
import { PHOTO_RETENTION_LIMITS } from '../photos';
import { EMPLOYEE_ROLES } from '../roles';
import { because, id, login, optionalText, password, text } from '../validation';

/** ISO 4217 codes the product formats money for; minor units per currency are in src/lib/domain/money.ts. */
export const CURRENCIES = ['UZS', 'KZT', 'KGS', 'TJS', 'RUB', 'USD', 'EUR'] as const;
export const TIMEZONES = [
	'Asia/Tashkent',
	'Asia/Samarkand',
	'Asia/Almaty',
	'Asia/Bishkek',
	'Asia/Dushanbe',
	'Europe/Moscow',
	'UTC'
] as const;
export { LOCALES };

export const organizationSettingsSchema = z.strictObject({
	/** null clears it: new devices then follow the browser. */
	defaultLocale: z.enum(LOCALES).nullable().optional(),
	/** What posting does when it would take stock below zero; unset means `allow_and_flag`. */
	negativeStockPolicy: z.enum(NEGATIVE_STOCK_POLICIES).optional(),
	/** The most a customer may owe, in minor units; null: no limit. */
	creditLimit: z.number().int().min(0).max(MAX_PRICE).nullable().optional(),
	/** Past the limit: `warn` sells and says so, `block` refuses the sale on credit. */
	creditPolicy: z.enum(CREDIT_POLICIES).optional(),
	/** Metres from its trade point beyond which a check-in is flagged; unset means 300. */
	visitRadiusM: z.number().int().min(10).max(100_000).optional(),
	/** Refuse selling a marking code never received into stock; unset: off (codes are recorded). */
	strictMarking: z.boolean().optional(),
	/**
	 * A MapLibre style URL of the organization's own map provider (https); null or unset: the
	 * small world map shipped with the app, which works with no network.
	 */
	/** Below this quantity (in the product's unit) a balance is low: a webhook event, once. */
	lowStockThreshold: z.number().min(0).max(1_000_000).nullable().optional(),
	/** Days client errors and sync failures are kept (1–365; unset: 30). */
	diagnosticsRetentionDays: z
		.number()
		.int()
		.min(RETENTION_LIMITS.diagnosticsDays.min)
		.max(RETENTION_LIMITS.diagnosticsDays.max)
		.optional(),
	/** Days an unused session lives before it is ended and purged (1–30; unset: 30). */
	sessionRetentionDays: z
		.number()
		.int()
		.min(RETENTION_LIMITS.sessionDays.min)
		.max(RETENTION_LIMITS.sessionDays.max)
		.optional(),
	/** Days photos are kept on the server, with their thumbnails (1–3650; unset: 365). */
	photoRetentionDays: z
		.number()
		.int()
		.min(PHOTO_RETENTION_LIMITS.min)
		.max(PHOTO_RETENTION_LIMITS.max)
		.optional(),
	/** How sums are written: `when_needed` drops ".00" from whole sums; null or unset: the currency's custom. */
	moneyFractions: z.enum(MONEY_FRACTIONS).nullable().optional(),
	mapStyleUrl: z
		.url({ protocol: /^https$/, error: 'An https:// address of a map style' })
		.max(500, 'At most 500 characters')
		.nullable()
		.optional(),
	/**
	 * Whether a sale to a company (a receipt with a customer) also goes to the till's cash
	 * register. The law is read both ways for a cash sale to a company; unset means yes.
	 */
	fiscalizeCompanySales: z.boolean().optional()
});
export type OrganizationSettings = z.infer<typeof organizationSettingsSchema>;

/** `PATCH /api/organization/settings`: only the settings named change. */
export const organizationSettingsPatchSchema = organizationSettingsSchema.refine(
	(v) => Object.keys(v).length > 0,
	because('nothing_to_change', 'Nothing to change')
);

export const organizationPatchSchema = z
	.strictObject({
		name: text(120).optional(),
		currency: z.enum(CURRENCIES).optional(),
		timezone: z.enum(TIMEZONES).optional(),
		settings: organizationSettingsSchema.optional()
	})
	.refine((v) => Object.keys(v).length > 0, because('nothing_to_change', 'Nothing to change'));

export const branchCreateSchema = z.strictObject({
	name: text(120),
	address: optionalText(300)
});
export const branchPatchSchema = z
	.strictObject({
		name: text(120).optional(),
		address: optionalText(300),
		active: z.boolean().optional()
	})
	.refine((v) => Object.keys(v).length > 0, because('nothing_to_change', 'Nothing to change'));

export const employeeCreateSchema = z.strictObject({
	name: text(120),
	login,
	password,
	role: z.enum(EMPLOYEE_ROLES),
	branchId: id
});
export type EmployeeCreateInput = z.infer<typeof employeeCreateSchema>;

export const employeePatchSchema = z
	.strictObject({
		name: text(120).optional(),
		role: z.enum(EMPLOYEE_ROLES).optional(),
		branchId: id.optional()
	})
	.refine((v) => Object.keys(v).length > 0, because('nothing_to_change', 'Nothing to change'));

export const passwordResetSchema = z.strictObject({ password });
