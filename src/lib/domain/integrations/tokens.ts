/**
 * API tokens for an organization's own systems: what each scope lets a token read or write, and
 * the shape of a token. Pure, so the admin screen and the server agree.
 */
import { z } from 'zod';
import type { SyncedTable } from '../sync/rows';
import { because, text } from '../validation';

export const TOKEN_SCOPES = [
	'catalog:read',
	'catalog:write',
	'stock:read',
	'sales:read',
	'tradepoints:read',
	'visits:read',
	/** The 1C exchange (/api/1c/exchange): catalog, prices and stock in, orders out. */
	'exchange:1c'
] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** The read API's resources and the scope each needs. */
export const READ_RESOURCES = {
	products: 'catalog:read',
	prices: 'catalog:read',
	stock: 'stock:read',
	documents: 'stock:read',
	receipts: 'sales:read',
	tradePoints: 'tradepoints:read',
	visits: 'visits:read'
} as const satisfies Record<string, TokenScope>;
export type ReadResource = keyof typeof READ_RESOURCES;

/**
 * Whether a name from a request is a read resource. An own-property test: `name in
 * READ_RESOURCES` is also true for `constructor` or `toString`, inherited from Object.
 */
export const isReadResource = (name: string): name is ReadResource =>
	Object.hasOwn(READ_RESOURCES, name);

/** The synced table behind each resource (its rows are served as devices pull them). */
export const TABLE_OF_RESOURCE = {
	products: 'products',
	prices: 'prices',
	stock: 'balances',
	documents: 'stockDocuments',
	receipts: 'receipts',
	tradePoints: 'tradePoints',
	visits: 'visits'
} as const satisfies Record<ReadResource, SyncedTable>;

/** A token as its organization's admin sees it (never its secret). */
export interface ApiTokenInfo {
	id: string;
	name: string;
	scopes: string[];
	createdBy: string;
	createdAt: number;
	lastUsedAt: number | null;
	revokedAt: number | null;
}

export const tokenCreateSchema = z.strictObject({
	name: text(120),
	scopes: z
		.array(z.enum(TOKEN_SCOPES))
		.min(1, 'Choose at least one scope')
		.refine((s) => new Set(s).size === s.length, because('duplicate', 'A scope is named twice'))
});

/** `opt_<id>_<secret>`: the id finds the token, the secret proves it. */
export const TOKEN_PREFIX = 'opt_';

export function splitToken(token: string): { id: string; secret: string } | null {
	if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
	const rest = token.slice(TOKEN_PREFIX.length);
	const sep = rest.indexOf('_');
	if (sep < 1 || sep === rest.length - 1) return null;
	return { id: rest.slice(0, sep), secret: rest.slice(sep + 1) };
}

export function hasScope(scopes: readonly string[], needed: TokenScope): boolean {
	return scopes.includes(needed);
}
