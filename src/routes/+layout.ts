import { i18n } from '$lib/i18n/i18n.svelte';

// The app renders on the device: its screens read local data and must open offline, and the
// service worker serves one shell page for every route.
export const ssr = false;
export const prerender = false;

// Every screen speaks from the first frame: the current language's catalog arrives first.
export async function load() {
	await i18n.load();
}
