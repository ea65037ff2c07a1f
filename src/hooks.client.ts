import type { ClientInit } from '@sveltejs/kit';
import { isPublicPath } from '$lib/client/public-paths';

/**
 * Before the first screen is drawn: a signed-in screen will read the device database, so its
 * module (Dexie, ~100 KB) is asked for now, not awaited. It arrives before the screen's own code
 * and is evaluated in a task of its own instead of inside the first draw's (issue 15: total
 * blocking time on the first screen). The sign-in screens never load it.
 */
export const init: ClientInit = () => {
	if (!isPublicPath(location.pathname)) void import('$lib/client/sync/db');
};
