// The app renders on the device: its screens read local data and must open offline, and the
// service worker serves one shell page for every route.
export const ssr = false;
export const prerender = false;
