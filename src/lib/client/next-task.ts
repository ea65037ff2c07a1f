/**
 * Resolves in a task after the current one: work awaited behind it runs once the browser has had
 * a chance to paint and to answer input, so a screen drawn in parts never blocks a tap for the
 * whole of its drawing (issue 15: total blocking time on the first screen).
 */
export function nextTask(): Promise<void> {
	const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
	if (scheduler?.yield) return scheduler.yield();
	return new Promise((resolve) => setTimeout(resolve, 0));
}
