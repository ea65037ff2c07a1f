/**
 * Whether the browser may take this device's data away, and what to do when the disk is full.
 *
 * Browsers clear a site's storage under storage pressure unless it is "persistent", and Safari
 * deletes all script-written data of a site not used for 7 days (home-screen apps are exempt):
 * https://webkit.org/blog/10218/full-third-party-cookie-blocking-and-more/ . Field work that
 * has not reached the server exists nowhere else, so the app asks for persistence at sign-in
 * and says plainly on the Sync screen when it did not get it.
 */

/**
 * True for a write refused because the device's storage is full, however it arrives: the
 * DOMException itself, Dexie's wrapper of it, or a transaction aborted by it (Dexie's `inner`).
 * @example if (isStorageFull(err)) showMessage(t('sync.storageFull'));
 */
export function isStorageFull(error: unknown): boolean {
	for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
		const { name, code, inner, cause } = e as {
			name?: unknown;
			code?: unknown;
			inner?: unknown;
			cause?: unknown;
		};
		// Code 22 is the legacy QUOTA_EXCEEDED_ERR; Firefox once used its own name.
		if (name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED' || code === 22) {
			return true;
		}
		e = inner ?? cause;
	}
	return false;
}

/** An app opened from the home screen (or installed on a desktop) rather than in a browser tab. */
function isInstalled(): boolean {
	if (typeof window === 'undefined') return false;
	return (
		window.matchMedia?.('(display-mode: standalone)').matches ||
		window.matchMedia?.('(display-mode: window-controls-overlay)').matches ||
		(navigator as Navigator & { standalone?: boolean }).standalone === true
	);
}

/**
 * Safari, or any browser on iOS/iPadOS (all are WebKit there): the ones with the 7-day limit.
 * Chrome, Edge and Firefox on a desktop or Android name themselves besides "Safari" in the UA.
 */
function isWebKit(): boolean {
	if (typeof navigator === 'undefined') return false;
	const ua = navigator.userAgent;
	return /iPhone|iPad|iPod/.test(ua) || (/Safari\//.test(ua) && !/Chrom|Android|Firefox/.test(ua));
}

class DeviceStorage {
	/** Whether the browser promised to keep this site's data; null where it cannot tell. */
	persisted = $state<boolean | null>(null);
	/** Bytes used and (roughly) available to this site, where the browser says. */
	usage = $state<number | null>(null);
	quota = $state<number | null>(null);
	installed = $state(false);
	/** A browser that deletes script-written data of a site unused for 7 days. */
	webkit = isWebKit();

	/**
	 * Asks the browser to keep this site's data (once per sign-in: Chrome decides on its own,
	 * Firefox asks the user, Safari grants it to home-screen apps), then reads where it stands.
	 */
	async requestPersistence(): Promise<void> {
		this.installed = isInstalled();
		const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
		try {
			let persisted = (await storage?.persisted?.()) ?? null;
			if (persisted === false && storage?.persist) persisted = await storage.persist();
			this.persisted = persisted;
		} catch {
			this.persisted = null;
		}
		await this.refresh();
	}

	/** Reads how much this site stores (shown on the Sync screen). */
	async refresh(): Promise<void> {
		this.installed = isInstalled();
		try {
			const estimate = await navigator.storage?.estimate?.();
			this.usage = estimate?.usage ?? null;
			this.quota = estimate?.quota ?? null;
		} catch {
			this.usage = this.quota = null;
		}
	}
}

export const deviceStorage = new DeviceStorage();
