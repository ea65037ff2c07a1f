import type { OutboxEntry } from './db';
import { hasMessage, t } from '../../i18n/i18n.svelte';

/** What a queued mutation is, in the user's words: "Trade point saved · Kiosk 7". */
export function describeEntry(entry: OutboxEntry): string {
	const key = `sync.mutation.${entry.name}`;
	const what = hasMessage(key) ? t(key) : entry.name;
	const args = (entry.args ?? {}) as Record<string, unknown>;
	const subject = [args.name, args.sku].find((v) => typeof v === 'string');
	return subject ? `${what} · ${subject as string}` : what;
}

/** Why the server refused it, translated, with the server's own words as detail. */
export function describeRejection(entry: OutboxEntry): string {
	const code = entry.error?.code;
	const key = `sync.reason.${code}`;
	return code && hasMessage(key) ? t(key) : (entry.error?.message ?? '');
}

/** Where the user fixes a refused mutation: the screen that edits its record. */
export function fixPath(
	entry: OutboxEntry
): '/catalog' | '/trade-points' | '/counterparties' | '/stock/documents' | '/warehouses' | null {
	if (
		entry.name.startsWith('product.') ||
		entry.name.startsWith('category.') ||
		entry.name.startsWith('price.')
	) {
		return '/catalog';
	}
	if (entry.name.startsWith('tradePoint.')) return '/trade-points';
	if (entry.name.startsWith('counterparty.')) return '/counterparties';
	if (entry.name.startsWith('document.')) return '/stock/documents';
	if (entry.name.startsWith('warehouse.')) return '/warehouses';
	return null;
}
