/**
 * The i18n layer: typed catalogs (messages/*.ts; a missing key is a type error), the chosen
 * language as app-wide rune state, and Intl formatting for that language.
 *
 * Why not Paraglide: its compiler loads inlang plugins from a CDN, and our build machines have
 * no internet. Three typed catalogs and `Intl` cover what Paraglide would give us here.
 *
 * Only the language in use is loaded (each catalog is ~22 KiB gzipped); the root layout waits
 * for it before anything renders, and the service worker keeps all three for offline switching.
 * The first screens (sign-in, sign-up, home) wait only for its first-screen cut (first-screen.ts,
 * ~6 KiB); the whole catalog follows once they have drawn.
 */
import {
	fractionDigits,
	minorPerUnit,
	moneyFractionsOf,
	type MoneyFractions
} from '../domain/money';
import { LOCALES, type Locale } from '../domain/locales';
import { dayOf } from '../domain/time';
import type { MessageKey, Messages } from './messages/en';

export type { Locale };
export { LOCALES };

const LOADERS: Record<Locale, () => Promise<Messages>> = {
	en: () => import('./messages/en').then((m) => m.en),
	ru: () => import('./messages/ru').then((m) => m.ru),
	uz: () => import('./messages/uz').then((m) => m.uz)
};
/** Each language's first-screen keys only (made at build time: first-screen-plugin.ts). */
const FIRST_SCREEN_LOADERS: Record<Locale, () => Promise<Partial<Messages>>> = {
	en: () => import('virtual:first-screen-messages/en').then((m) => m.default),
	ru: () => import('virtual:first-screen-messages/ru').then((m) => m.default),
	uz: () => import('virtual:first-screen-messages/uz').then((m) => m.default)
};
/** BCP 47 tags for Intl; Uzbek is written in Latin script. */
const INTL_TAGS: Record<Locale, string> = { en: 'en-GB', ru: 'ru-RU', uz: 'uz-Latn-UZ' };
/** Each language's name in itself, for the switcher. */
export const LOCALE_NAMES: Record<Locale, string> = {
	en: 'English',
	ru: 'Русский',
	uz: 'O‘zbekcha'
};

const STORAGE_KEY = 'optio.locale';

function isLocale(value: unknown): value is Locale {
	return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

function storedLocale(): Locale | null {
	if (typeof localStorage === 'undefined') return null;
	const saved = localStorage.getItem(STORAGE_KEY);
	return isLocale(saved) ? saved : null;
}

function browserLocale(): Locale | null {
	const languages = typeof navigator !== 'undefined' ? navigator.languages : [];
	for (const tag of languages ?? []) {
		const base = tag.toLowerCase().split('-')[0];
		if (isLocale(base)) return base;
	}
	return null;
}

/** The stored choice, else the first browser language we have, else English. */
export function detectLocale(): Locale {
	return storedLocale() ?? browserLocale() ?? 'en';
}

class I18n {
	locale = $state<Locale>(detectLocale());
	intlTag = $derived(INTL_TAGS[this.locale]);
	#catalogs = $state.raw<Partial<Record<Locale, Messages>>>({});
	#firstScreen = $state.raw<Partial<Record<Locale, Partial<Messages>>>>({});
	/**
	 * The current language's messages; undefined only until `load` (or `loadFirstScreen`) has
	 * fetched them. Only the first-screen keys until the whole catalog has come.
	 */
	messages: Partial<Messages> | undefined = $derived(
		this.#catalogs[this.locale] ?? this.#firstScreen[this.locale]
	);
	/** The organization's way of writing sums; null: the currency's custom. */
	moneyFractions = $state<MoneyFractions | null>(null);

	/** Fetches a language's catalog once (the current one by default). */
	async load(locale: Locale = this.locale): Promise<void> {
		if (this.#catalogs[locale]) return;
		const messages = await LOADERS[locale]();
		this.#catalogs = { ...this.#catalogs, [locale]: messages };
	}

	/** Fetches a language's first-screen keys, unless its whole catalog is already here. */
	async loadFirstScreen(locale: Locale = this.locale): Promise<void> {
		if (this.#catalogs[locale] || this.#firstScreen[locale]) return;
		const messages = await FIRST_SCREEN_LOADERS[locale]();
		this.#firstScreen = { ...this.#firstScreen, [locale]: messages };
	}

	/**
	 * The organization's default language, used on a device whose user has not chosen one and
	 * whose browser speaks none of ours.
	 */
	async useOrganizationDefault(locale: string | null | undefined) {
		if (!isLocale(locale) || storedLocale() || browserLocale()) return;
		await this.load(locale);
		this.locale = locale;
	}

	/** Chooses a language and keeps the choice on this device. */
	async set(locale: Locale) {
		await this.load(locale);
		this.locale = locale;
		localStorage.setItem(STORAGE_KEY, locale);
		document.documentElement.lang = locale;
	}
}

export const i18n = new I18n();

/**
 * The message for `key` in the current language, with `{param}`s filled in.
 * @example t('home.greeting', { name: 'Aziz' })
 */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
	const messages = i18n.messages;
	// The root layout loads the catalog before anything renders: a miss here is a bug.
	if (!messages) throw new Error(`i18n: the ${i18n.locale} catalog is not loaded`);
	const template = messages[key];
	if (template === undefined) {
		// A key outside the first-screen cut, named before the whole catalog came (first-screen.test.ts
		// keeps the first screens from it): drawn once the catalog is here, which this asks for.
		void i18n.load();
		return '';
	}
	if (!params) return template;
	return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

/** A message key that exists, for keys built at run time (error codes, audit actions). */
export function hasMessage(key: string): key is MessageKey {
	return !!i18n.messages && key in i18n.messages;
}

/**
 * Intl formatters, made once per language and options: making one costs tens of microseconds,
 * and a list formats hundreds of cells per keystroke (measured on the catalog's search).
 */
// A plain cache, not state: the language it is keyed by is the reactive part.
// eslint-disable-next-line svelte/prefer-svelte-reactivity
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.Collator>();

/**
 * How the user's language orders names, numbers by their value ("Shop 2" before "Shop 10"): one
 * collator per language, made once. Reads the language, so a list sorted in a `$derived` re-sorts
 * when it changes.
 * @example const collator = $derived(nameCollator()); rows.sort((a, b) => collator.compare(a.name, b.name))
 */
export function nameCollator(): Intl.Collator {
	const key = `c|${i18n.intlTag}`;
	let collator = formatters.get(key) as Intl.Collator | undefined;
	if (!collator)
		formatters.set(key, (collator = new Intl.Collator(i18n.intlTag, { numeric: true })));
	return collator;
}

function numberFormat(options?: Intl.NumberFormatOptions): Intl.NumberFormat {
	const key = `n|${i18n.intlTag}|${JSON.stringify(options ?? {})}`;
	let format = formatters.get(key) as Intl.NumberFormat | undefined;
	if (!format) formatters.set(key, (format = new Intl.NumberFormat(i18n.intlTag, options)));
	return format;
}

function dateFormat(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
	const key = `d|${i18n.intlTag}|${JSON.stringify(options)}`;
	let format = formatters.get(key) as Intl.DateTimeFormat | undefined;
	if (!format) formatters.set(key, (format = new Intl.DateTimeFormat(i18n.intlTag, options)));
	return format;
}

export function formatNumber(value: number, options?: Intl.NumberFormatOptions): string {
	return numberFormat(options).format(value);
}

/**
 * Money is integer minor units; the currency's own decimals come from Intl, written out only
 * when the organization's way of writing sums asks for them (never hiding a fraction that is there).
 */
export function formatMoney(
	minor: number,
	currency: string,
	fractions: MoneyFractions | null = i18n.moneyFractions
): string {
	const digits = fractionDigits(minor, currency, moneyFractionsOf(currency, fractions));
	return numberFormat({
		style: 'currency',
		currency,
		minimumFractionDigits: digits,
		maximumFractionDigits: digits
	}).format(minor / minorPerUnit(currency));
}

export function formatDateTime(epochMs: number, timeZone?: string): string {
	return dateFormat({ dateStyle: 'medium', timeStyle: 'short', timeZone }).format(epochMs);
}

export function formatDate(epochMs: number, timeZone?: string): string {
	return dateFormat({ dateStyle: 'medium', timeZone }).format(epochMs);
}

/** A time of day, e.g. "14:05". */
export function formatTime(epochMs: number, timeZone?: string): string {
	return dateFormat({ timeStyle: 'short', timeZone }).format(epochMs);
}

/** An ISO weekday's short name (1 Monday … 7 Sunday), e.g. "Mon". */
export function weekdayName(isoWeekday: number): string {
	// 2024-01-01 was a Monday.
	return dateFormat({ weekday: 'short', timeZone: 'UTC' }).format(Date.UTC(2024, 0, isoWeekday));
}

/** A calendar date (YYYY-MM-DD) as the user reads dates. */
export function formatIsoDate(date: string): string {
	return dateFormat({ dateStyle: 'medium', timeZone: 'UTC' }).format(
		Date.parse(`${date}T00:00:00Z`)
	);
}

/**
 * Makes the formatters a signed-in first screen draws with (the organization's day, a date, a sum,
 * a count). Intl's first use in a page is slow: the browser loads ICU's data, ~50 ms of one
 * thread measured in Chromium (once per process: a worker thread that pays it first leaves the
 * page's first formatter ~1 ms, but on a 2-core machine under Lighthouse that worker's CPU made
 * the page's own tasks longer, measured worse in alternated pairs). Called while the screen's
 * own code is still downloading, that cost is paid while the CPU would wait anyway, not in the
 * task that draws the screen (issue 15: a fast first screen).
 */
export function warmFormatters(timeZone: string, currency: string): void {
	try {
		formatIsoDate(dayOf(Date.now(), timeZone).date);
		formatMoney(0, currency);
		formatNumber(0);
	} catch {
		// A zone or currency Intl does not know fails where a screen uses it, not here.
	}
}
