/** The Background Sync tag the service worker flushes the outbox under when no page is open. */
export const BACKGROUND_SYNC_TAG = 'optio-outbox';

/** Asks the browser to wake the service worker once the network is back, where it can. */
export async function requestBackgroundSync(): Promise<void> {
	try {
		const registration = await navigator.serviceWorker?.ready;
		const syncManager = (
			registration as unknown as { sync?: { register(tag: string): Promise<void> } }
		)?.sync;
		await syncManager?.register(BACKGROUND_SYNC_TAG);
	} catch {
		// Background Sync is a bonus where the browser has it; the interval covers the rest.
	}
}
