/**
 * The till's register setting, kept on this device: a register is plugged into one computer,
 * so the setting belongs to the till, not to the organization or the user.
 */
import type { RegisterKind } from '$lib/domain/fiscal/stamp';
import {
	MULTIKASSA_DEFAULT_URL,
	MultikassaRegister,
	NonFiscalPrinter,
	type FiscalRegister
} from './register';

const KEY = 'optio.till.register';

export interface TillRegisterSetting {
	kind: RegisterKind;
	url: string;
}

function load(): TillRegisterSetting {
	try {
		const saved = JSON.parse(localStorage.getItem(KEY) ?? 'null') as TillRegisterSetting | null;
		if (saved && (saved.kind === 'multikassa' || saved.kind === 'none')) {
			return { kind: saved.kind, url: saved.url || MULTIKASSA_DEFAULT_URL };
		}
	} catch {
		// No storage (a private window) or a damaged value: the default.
	}
	return { kind: 'none', url: MULTIKASSA_DEFAULT_URL };
}

class TillRegister {
	setting = $state<TillRegisterSetting>(
		typeof localStorage === 'undefined' ? { kind: 'none', url: MULTIKASSA_DEFAULT_URL } : load()
	);

	save(next: TillRegisterSetting) {
		this.setting = { kind: next.kind, url: next.url.trim() || MULTIKASSA_DEFAULT_URL };
		localStorage.setItem(KEY, JSON.stringify(this.setting));
	}

	/** The adapter the setting names. */
	get register(): FiscalRegister {
		return this.setting.kind === 'multikassa'
			? new MultikassaRegister(this.setting.url)
			: new NonFiscalPrinter();
	}
}

export const till = new TillRegister();
