/// <reference lib="webworker" />
import type { IntlWarmth } from './intl-warm';

/**
 * Makes the kinds of Intl formatter the first screen draws with, on a thread of its own. What is
 * slow in Intl's first use (~50 ms measured in Chromium, on every page load) is ICU loading its
 * data, which the browser keeps for the whole process: once this thread has paid it, the page's
 * own first formatter takes ~1 ms instead.
 */
self.onmessage = ({ data }: MessageEvent<IntlWarmth>) => {
	try {
		const at = Date.now();
		new Intl.NumberFormat(data.tag).format(1);
		if (data.currency)
			new Intl.NumberFormat(data.tag, { style: 'currency', currency: data.currency }).format(1);
		new Intl.DateTimeFormat(data.tag, { dateStyle: 'medium', timeZone: 'UTC' }).format(at);
		new Intl.DateTimeFormat('en-US', {
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			weekday: 'short',
			hour: '2-digit',
			minute: '2-digit',
			timeZone: data.timeZone
		}).formatToParts(at);
	} catch {
		// A zone or currency Intl does not know fails where a screen uses it, not here.
	}
	postMessage('warm');
	close();
};
