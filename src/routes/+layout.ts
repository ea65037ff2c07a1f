import { FIRST_SCREEN_PATHS } from '$lib/i18n/first-screen';
import { i18n } from '$lib/i18n/i18n.svelte';
import type { LayoutLoad } from './$types';

// The app renders on the device: its screens read local data and must open offline, and the
// service worker serves one shell page for every route.
export const ssr = false;
export const prerender = false;

// Every screen speaks from the first frame: the current language's catalog arrives first. The
// first screens need only its first-screen cut; any other screen waits for the whole (fetched
// once: the root layout asks for it as soon as a first screen has drawn).
export const load: LayoutLoad = async ({ url }) => {
	if (FIRST_SCREEN_PATHS.includes(url.pathname)) await i18n.loadFirstScreen();
	else await i18n.load();
};
