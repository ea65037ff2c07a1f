import { formatNumber, hasMessage, t } from '../i18n/i18n.svelte';
import { AppError, isFieldErrorCode, type FieldError } from '../domain/errors';
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
 * A field error in the user's language, by its code and params (the English `message` is for
 * people reading raw answers). A refusal stored on this device by an older version is still a
 * plain sentence, and a newer server may answer a code this app does not know: both read as
 * "check this field".
 * @example translateFieldError({ code: 'too_long', message: 'At most 120 characters', params: { max: 120 } })
 */
export function translateFieldError(error: FieldError | string): string {
	if (typeof error !== 'object' || error === null || !isFieldErrorCode(error.code)) {
		return t('error.field.invalid');
	}
	const { code, params } = error;
	const bare = `error.field.${code}.bare`;
	if (!params && hasMessage(bare)) return t(bare);
	const shown = Object.fromEntries(
		Object.entries(params ?? {}).map(([k, v]) => [k, typeof v === 'number' ? formatNumber(v) : v])
	);
	return t(`error.field.${code}`, shown);
}

/** Field errors of a validation answer, for `aria-invalid` and the message under each field. */
export function fieldErrorsOf(error: unknown): Record<string, string> {
	if (!(error instanceof ApiError || error instanceof AppError) || !error.fields) return {};
	return Object.fromEntries(
		Object.entries(error.fields).map(([name, fieldError]) => [
			name,
			translateFieldError(fieldError)
		])
	);
}
