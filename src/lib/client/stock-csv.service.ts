/**
 * The CSV import screen's calls. The file goes up as its raw bytes (the server checks they are
 * UTF-8), so this cannot use `api()`, which sends JSON.
 */
import type { ImportProblem, ImportSummary } from '../domain/inventory/csv-import';
import { ApiError } from './api';

export interface ImportAnswer extends ImportSummary {
	dryRun: boolean;
	documents?: { id: string; number: string }[];
}

/**
 * Previews (`dryRun`) or imports the file. A refused import answers its row problems like a
 * preview does, so the screen shows them the same way; other failures throw `ApiError`.
 * @example const preview = await sendImport(file, warehouseId, true);
 */
export async function sendImport(
	file: Blob,
	warehouseId: string,
	dryRun: boolean,
	signal?: AbortSignal
): Promise<ImportAnswer> {
	const q = new URLSearchParams({ ...(dryRun ? { dryRun: '1' } : {}) });
	if (warehouseId) q.set('warehouseId', warehouseId);
	let res: Response;
	try {
		res = await fetch(`/api/stock/import?${q}`, {
			method: 'POST',
			credentials: 'same-origin',
			headers: { 'content-type': 'text/csv' },
			body: file,
			signal
		});
	} catch (e) {
		if (signal?.aborted) throw e;
		throw new ApiError(0, 'network', 'No connection to the server.');
	}
	const data = (await res.json().catch(() => null)) as
		| (ImportAnswer & {
				error?: { code: ApiError['code']; message: string; rows?: ImportProblem[] };
		  })
		| null;
	if (res.ok && data) return data;
	if (data?.error?.rows) {
		return {
			dryRun,
			rows: 0,
			creates: 0,
			updates: 0,
			categories: 0,
			balances: 0,
			errors: data.error.rows
		};
	}
	throw new ApiError(
		res.status,
		data?.error?.code ?? (res.status >= 500 ? 'internal' : 'validation'),
		data?.error?.message ?? res.statusText
	);
}

/** Where the exports download from; the session cookie goes along with a plain link. */
export function exportHref(
	what: 'balances' | 'documents' | 'products',
	filters: { warehouseId?: string; from?: string; to?: string }
): string {
	const q = new URLSearchParams(
		Object.entries(filters).filter(
			(e): e is [string, string] => !!e[1] && (what === 'documents' || e[0] === 'warehouseId')
		)
	);
	const query = q.size ? `?${q}` : '';
	return `/api/stock/${what}.csv${query}`;
}
