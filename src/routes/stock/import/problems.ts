import type { ImportProblem } from '$lib/domain/inventory/csv-import';
import { hasMessage, t } from '$lib/i18n/i18n.svelte';

/**
 * A problem in the user's language, naming its column. A code this screen does not know yet
 * (a newer server) shows the server's English text rather than nothing.
 */
export function problemText(p: ImportProblem): string {
	const key = `stockCsv.problem.${p.code}`;
	const text = hasMessage(key) ? t(key, p.params) : p.message;
	const column = `stockCsv.column.${p.field}`;
	return hasMessage(column) && p.field !== 'file' ? `${t(column)}: ${text}` : text;
}
