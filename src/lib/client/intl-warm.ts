/** What the first screen formats: the user's language (an Intl tag), the money, the day's zone. */
export interface IntlWarmth {
	tag: string;
	currency?: string;
	timeZone?: string;
}

/**
 * Loads Intl's data on a worker thread (intl-warm.worker.ts) and resolves once it is loaded, or
 * at once where a worker cannot start. Intl's first use on the page's own thread would otherwise
 * block it for ~50 ms inside the task that draws the first screen (issue 15: total blocking time).
 */
export function warmIntlOffThread(warmth: IntlWarmth): Promise<void> {
	return new Promise((resolve) => {
		try {
			const worker = new Worker(new URL('./intl-warm.worker.ts', import.meta.url), {
				type: 'module'
			});
			const done = () => {
				worker.terminate();
				resolve();
			};
			worker.onmessage = done;
			worker.onerror = done;
			worker.postMessage(warmth);
		} catch {
			resolve();
		}
	});
}
