// Vitest: every language's catalog loaded before a test runs, as the root layout does in the app.
import { i18n, LOCALES } from './i18n.svelte';

await Promise.all(LOCALES.map((locale) => i18n.load(locale)));
