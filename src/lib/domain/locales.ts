/** The languages Optio speaks; Uzbek in Latin script. Kept apart from the schemas so the
 * sign-in screen can name them without loading the validation library. */
export const LOCALES = ['en', 'ru', 'uz'] as const;
export type Locale = (typeof LOCALES)[number];
