/**
 * The messages the first screens speak (sign-in, sign-up, a signed-in home and the shell around
 * it): key families, and single keys. The build makes each language's first-screen catalog of
 * these keys only (vite.config.ts, `virtual:first-screen-messages/<locale>`), about a quarter of
 * the whole, so a first screen does not wait for every screen's text; the whole catalog comes
 * right after it has drawn, and before any other screen. `first-screen.test.ts` checks that the
 * first screens name no other key.
 */
export const FIRST_SCREEN: readonly string[] = [
	'app.',
	'common.',
	'error.',
	'home.',
	'language.',
	'login.',
	'nav.',
	// The button; its dialog loads with the whole catalog on the first tap (ReportProblem.svelte).
	'report.open',
	'role.',
	'signup.',
	'sync.',
	// A section id that is also a message key (src/lib/domain/roles.ts).
	'support.queue'
];

/** Whether `key` (or a key family such as `nav.`) is in the first-screen catalog. */
export const isFirstScreenKey = (key: string): boolean =>
	FIRST_SCREEN.some((p) => (p.endsWith('.') ? key.startsWith(p) : key === p));

/** The screens drawn from the first-screen catalog alone. */
export const FIRST_SCREEN_PATHS: readonly string[] = ['/', '/login', '/signup'];
