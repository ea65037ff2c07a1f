import { describe, expect, it } from 'vitest';
import { AppError } from '../domain/errors';
import { i18n } from '../i18n/i18n.svelte';
import { ApiError } from './api';
import { fieldErrorsOf, translateFieldError } from './errors';

describe('translateFieldError', () => {
	it('translates by code and params, whatever the English says', () => {
		i18n.locale = 'ru';
		// The English is for people reading raw answers; the device never reads it.
		expect(
			translateFieldError({ code: 'too_long', message: 'Zu lang', params: { max: 120 } })
		).toBe('Не больше 120 символов');
		expect(translateFieldError({ code: 'required', message: 'anything' })).toBe(
			'Обязательное поле'
		);
		expect(translateFieldError({ code: 'control_chars', message: '' })).toBe(
			'Уберите невидимые или повреждённые символы'
		);
		i18n.locale = 'uz';
		expect(
			translateFieldError({ code: 'insufficient_stock', message: '', params: { available: 4 } })
		).toBe('Faqat 4 mavjud');
		i18n.locale = 'en';
		expect(
			translateFieldError({ code: 'too_big', message: '', params: { max: 1_000_000_000 } })
		).toBe('At most 1,000,000,000');
		expect(translateFieldError({ code: 'too_big', message: 'More than was sold' })).toBe(
			'Too large'
		);
	});

	it('reads an unknown code, or a sentence stored by an older version, as "check this field"', () => {
		i18n.locale = 'en';
		expect(translateFieldError('At most 120 characters')).toBe('Check this field');
		expect(translateFieldError({ code: 'from_the_future' as 'invalid', message: 'New rule' })).toBe(
			'Check this field'
		);
	});

	it('gives each field of a refusal its sentence, from the server or from the device', () => {
		i18n.locale = 'en';
		const fields = {
			name: { code: 'taken' as const, message: 'Already taken' },
			'lines.0.qty': { code: 'whole_only' as const, message: 'Whole numbers only for this unit' }
		};
		const expected = { name: 'Already taken', 'lines.0.qty': 'Whole numbers only for this unit' };
		expect(fieldErrorsOf(new ApiError(400, 'validation', 'Invalid', fields))).toEqual(expected);
		expect(fieldErrorsOf(new AppError('validation', 'Invalid', fields))).toEqual(expected);
	});
});
