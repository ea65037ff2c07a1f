import type { OutboxEntry } from './db';
import { PUSH_BATCH_BYTES } from '../../domain/sync/batch';
import { formatMoney, formatNumber, hasMessage, t } from '../../i18n/i18n.svelte';

/** What the Sync screen knows beside the queue: names by id, and the money's currency. */
export interface EntryContext {
	/** Trade points' and customers' names by id. */
	names?: ReadonlyMap<string, string>;
	currency?: string;
}

/**
 * What a queued mutation is, in the user's words, with where and how much when it says so:
 * "Trade point saved · Kiosk 7", "Sale · Cafe Navruz · UZS 125,000".
 */
export function describeEntry(entry: OutboxEntry, context: EntryContext = {}): string {
	const key = `sync.mutation.${entry.name}`;
	const what = hasMessage(key) ? t(key) : entry.name;
	const args = (entry.args ?? {}) as Record<string, unknown>;
	const named = [args.name, args.sku].find((v) => typeof v === 'string') as string | undefined;
	const place = [args.tradePointId, args.counterpartyId]
		.map((id) => (typeof id === 'string' ? context.names?.get(id) : undefined))
		.find(Boolean);
	// A sale, order or return carries the total the device showed; a payment its amount.
	const minor = [args.deviceTotal, args.amount].find((v) => typeof v === 'number') as
		number | undefined;
	const amount =
		minor !== undefined && context.currency ? formatMoney(minor, context.currency) : undefined;
	return [what, named ?? place, amount].filter(Boolean).join(' · ');
}

const megabytes = (bytes: number) => formatNumber(Math.round((bytes / 1024 / 1024) * 10) / 10);

/** Why the server refused it, translated, with the server's own words as detail. */
export function describeRejection(entry: OutboxEntry): string {
	const error = entry.error;
	const code = error?.code;
	if (code === 'payload_too_large' && error?.bytes) {
		const size = megabytes(error.bytes);
		// Over the app's own limit, or refused below it (a server or proxy with a lower limit).
		return error.bytes > PUSH_BATCH_BYTES
			? t('sync.reason.payload_too_large', { size, limit: megabytes(PUSH_BATCH_BYTES) })
			: t('sync.reason.payload_too_large_server', { size });
	}
	if (code === 'request_refused') {
		return t('sync.reason.request_refused', { reason: error?.message ?? '' });
	}
	const key = `sync.reason.${code}`;
	return code && hasMessage(key) ? t(key) : (error?.message ?? '');
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
