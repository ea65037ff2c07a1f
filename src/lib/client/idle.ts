/**
 * Runs `work` once the page has drawn and the browser is idle (or after `timeoutMs` at the
 * latest): work a screen does not draw from (starting sync, the rest of the message catalog,
 * fetching thumbnails ahead) never delays its first paint. Returns a cancel.
 */
export function whenIdle(work: () => void, timeoutMs = 2000): () => void {
	let cancelled = false;
	let idle: number | undefined;
	let timer: ReturnType<typeof setTimeout> | undefined;
	const run = () => {
		if (!cancelled) work();
	};
	// After the next frame, so what is being drawn now is painted first.
	const frame = requestAnimationFrame(() => {
		if ('requestIdleCallback' in window) idle = requestIdleCallback(run, { timeout: timeoutMs });
		else timer = setTimeout(run, 0);
	});
	return () => {
		cancelled = true;
		cancelAnimationFrame(frame);
		if (idle !== undefined) cancelIdleCallback(idle);
		clearTimeout(timer);
	};
}
