/**
 * Who is signed in on this device. Kept in localStorage so the shell knows the user and their
 * sections with no network; refreshed from /api/me whenever the server can be reached.
 */
import type { NegativeStockPolicy } from '../domain/inventory/ledger';
import type { MoneyFractions } from '../domain/money';
import { permissionsOf, type Permission, type Role } from '../domain/roles';
import { api, ApiError } from './api';

export interface SessionUser {
	id: string;
	name: string;
	login: string;
	role: Role;
	organizationId: string | null;
	branchId: string | null;
	/** The user's own choices (`useLocation: false`: never ask for their location). */
	settings?: { useLocation?: boolean };
}

export interface SessionOrganization {
	id: string;
	name: string;
	currency: string;
	timezone: string;
	settings?: {
		defaultLocale?: string | null;
		negativeStockPolicy?: NegativeStockPolicy;
		/** The organization's own map style; unset: the built-in offline world map. */
		mapStyleUrl?: string | null;
		/** How sums are written; unset: the currency's custom. */
		moneyFractions?: MoneyFractions | null;
		/** Refuse selling a marking code never received (domain/marking/state.ts). */
		strictMarking?: boolean;
		/** Sales to a company go to the cash register too; unset: yes. */
		fiscalizeCompanySales?: boolean;
	};
}

interface Stored {
	user: SessionUser;
	organization: SessionOrganization | null;
	branch: { id: string; name: string } | null;
}

const STORAGE_KEY = 'optio.session';

function load(): Stored | null {
	if (typeof localStorage === 'undefined') return null;
	try {
		return JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as Stored | null;
	} catch {
		return null;
	}
}

class Session {
	#stored = $state<Stored | null>(load());
	user = $derived(this.#stored?.user ?? null);
	organization = $derived(this.#stored?.organization ?? null);
	branch = $derived(this.#stored?.branch ?? null);
	permissions = $derived<Permission[]>(this.user ? permissionsOf(this.user.role) : []);

	can(permission: Permission): boolean {
		return this.permissions.includes(permission);
	}

	#save(stored: Stored | null) {
		this.#stored = stored;
		if (stored) localStorage.setItem(STORAGE_KEY, JSON.stringify(stored));
		else localStorage.removeItem(STORAGE_KEY);
	}

	/** Re-reads the user from the server; offline, the stored user stays. */
	async refresh(): Promise<void> {
		try {
			const me = await api<Stored>('GET', '/api/me');
			this.#save({ user: me.user, organization: me.organization, branch: me.branch });
		} catch (error) {
			if (error instanceof ApiError && error.status === 401) this.#save(null);
		}
	}

	/** Whether the app may ask this user for their location (they may say no, once, for good). */
	get mayUseLocation(): boolean {
		return this.user?.settings?.useLocation !== false;
	}

	/** Saves the user's own settings on the server (so they follow them to any device). */
	async saveSettings(patch: { useLocation?: boolean }): Promise<void> {
		const { settings } = await api<{ settings: SessionUser['settings'] }>(
			'PATCH',
			'/api/me/settings',
			patch
		);
		if (this.#stored) this.#save({ ...this.#stored, user: { ...this.#stored.user, settings } });
	}

	async login(login: string, password: string): Promise<void> {
		await api('POST', '/api/auth/login', { login, password });
		await this.refresh();
	}

	async signup(input: { organizationName: string; name: string; login: string; password: string }) {
		await api('POST', '/api/auth/signup', input);
		await this.refresh();
	}

	async logout(): Promise<void> {
		try {
			await api('POST', '/api/auth/logout');
		} catch (error) {
			// Already ended on the server (401) is fine; offline, the cookie dies with its session.
			if (!(error instanceof ApiError) || (error.status !== 401 && error.code !== 'network'))
				throw error;
		}
		this.#save(null);
	}
}

export const session = new Session();
