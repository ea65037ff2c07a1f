import { hasMessage, t } from '../i18n/i18n.svelte';
import { AppError } from '../domain/errors';
import { ApiError } from './api';
import { isStorageFull } from './sync/storage.svelte';

/** A translated sentence for any error the UI may meet. */
export function errorMessage(error: unknown): string {
	// A write the full disk refused was not made at all (one transaction): say so, and what helps.
	if (isStorageFull(error)) return t('sync.storageFull');
	if (error instanceof AppError) {
		const key = `error.${error.code}`;
		if (hasMessage(key)) return t(key);
	}
	if (error instanceof ApiError) {
		if (error.code === 'too_many_attempts') {
			return t('error.too_many_attempts', { minutes: Math.ceil((error.retryAfter ?? 60) / 60) });
		}
		const key = `error.${error.code}`;
		if (hasMessage(key)) return t(key);
	}
	console.error(error);
	return t('error.internal');
}

/**
 * The server names each bad field with a short English reason (src/lib/domain/validation.ts);
 * this turns the known reasons into the user's language.
 */
export function translateFieldError(message: string): string {
	if (message === 'Required') return t('error.field.required');
	if (message === 'Already taken') return t('error.field.taken');
	if (message.startsWith('Letters, digits')) return t('error.field.format');
	const min = /^At least (\d+) characters$/.exec(message);
	if (min) return t('error.field.min', { n: min[1]! });
	const max = /^At most (\d+) characters$/.exec(message);
	if (max) return t('error.field.max', { n: max[1]! });
	return t('error.field.invalid');
}

/** Field errors of a validation answer, for `aria-invalid` and the message under each field. */
export function fieldErrorsOf(error: unknown): Record<string, string> {
	if (!(error instanceof ApiError || error instanceof AppError) || !error.fields) return {};
	return Object.fromEntries(
		Object.entries(error.fields).map(([name, message]) => [name, translateFieldError(message)])
	);
}
