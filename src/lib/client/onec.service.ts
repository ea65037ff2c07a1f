/**
 * The Integrations screen's 1C section: settings, the last exchanges, the manual upload (raw
 * bytes, so not `api()`, which sends JSON). See docs/api.md "1C exchange".
 */
import type { Counts, ExchangeSettings, Problem } from '../domain/integrations/commerceml/mapping';
import { api, ApiError } from './api';

export interface OnecSettingsView {
	settings: ExchangeSettings;
	seen: { warehouses: { id: string; name: string }[]; priceTypes: { id: string; name: string }[] };
	options: {
		warehouses: { id: string; name: string }[];
		priceLists: { id: string; name: string; isDefault: boolean }[];
	};
}

export interface OnecExchange {
	id: string;
	type: 'catalog' | 'sale';
	source: string;
	status: 'open' | 'progress' | 'success' | 'failure';
	counts: Counts;
	problems: Problem[];
	error: string | null;
	files: Record<string, unknown>;
	startedAt: number;
	finishedAt: number | null;
}

export interface OnecPreview {
	name: string;
	kind: string;
	counts: Counts;
	problems: Problem[];
	changes: number;
}

export const getOnecSettings = () => api<OnecSettingsView>('GET', '/api/integrations/1c/settings');
export const saveOnecSettings = (settings: ExchangeSettings) =>
	api<{ settings: ExchangeSettings }>('PUT', '/api/integrations/1c/settings', settings);
export const listOnecExchanges = async () =>
	(await api<{ items: OnecExchange[] }>('GET', '/api/integrations/1c/exchanges')).items;

/** Previews (`dryRun`) or imports a CommerceML file or zip; failures throw `ApiError`. */
export async function uploadOnec(
	file: File,
	dryRun: boolean
): Promise<
	| { dryRun: true; files: OnecPreview[] }
	| { dryRun: false; exchange: { id: string; counts: Counts; problems: Problem[] } }
> {
	const q = new URLSearchParams({ filename: file.name, dryRun: dryRun ? '1' : '0' });
	let res: Response;
	try {
		res = await fetch(`/api/integrations/1c/upload?${q}`, {
			method: 'POST',
			credentials: 'same-origin',
			headers: { 'content-type': 'application/octet-stream' },
			body: file
		});
	} catch {
		throw new ApiError(0, 'network', 'No connection to the server.');
	}
	const data = await res.json().catch(() => null);
	if (res.ok && data) return data;
	throw new ApiError(
		res.status,
		data?.error?.code ?? (res.status >= 500 ? 'internal' : 'validation'),
		data?.error?.message ?? res.statusText,
		data?.error?.fields
	);
}
