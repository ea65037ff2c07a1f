/**
 * Every machine-readable error code the API can answer, with its HTTP status.
 * The UI translates codes (src/lib/i18n), so codes never change meaning once shipped.
 */
export const ERROR_CODES = {
	validation: 400,
	bad_json: 400,
	invalid_credentials: 401,
	unauthenticated: 401,
	forbidden: 403,
	cross_site: 403,
	signup_disabled: 403,
	not_found: 404,
	login_taken: 409,
	conflict: 409,
	insufficient_stock: 409,
	credit_limit: 409,
	idempotency_conflict: 409,
	unknown_mutation: 400,
	update_required: 400,
	payload_too_large: 413,
	/** A photo upload whose bytes are not a JPEG, WebP or PNG (or not the type its header says). */
	unsupported_media_type: 415,
	too_many_attempts: 429,
	rate_limited: 429,
	internal: 500,
	unavailable: 503,
	/** An outside operator (the e-invoice operator) refused what was sent; its words in `message`. */
	operator_refused: 422
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/**
 * What can be wrong with one field, as a stable machine code. The device translates the code
 * with its params (`error.field.<code>` in src/lib/i18n), never the English `message`.
 * Append only: a code never changes meaning once shipped.
 */
export const FIELD_ERROR_CODES = [
	/** Missing or empty. */
	'required',
	/** Text shorter than `{min}` characters. */
	'too_short',
	/** Text longer than `{max}` characters. */
	'too_long',
	/** Not in the expected form (a login's letters, an email, a URL, a date, a barcode). */
	'format',
	/** Not one of the accepted values, or not the right kind of value. */
	'invalid',
	/** Names a record that does not exist (or belongs to another organization). */
	'not_found',
	/** Already used by another record (a login, a SKU). */
	'taken',
	/** A number or list below `{min}`. */
	'too_small',
	/** A number or list above `{max}`. */
	'too_big',
	/** A number that must be whole. */
	'not_integer',
	/** Text with control characters or unpaired UTF-16 surrogates (stored text would differ). */
	'control_chars',
	/** A typed quantity that is not a number. */
	'not_a_number',
	/** A quantity that must be more than zero. */
	'not_positive',
	/** A quantity with more than three decimals. */
	'too_many_decimals',
	/** A fractional quantity of a counted unit (pcs, pack, box). */
	'whole_only',
	/** More than is in stock: `{available}` is on hand, in the product's unit. */
	'insufficient_stock',
	/** A value named twice in one list. */
	'duplicate',
	/** A value the caller may not use (another branch's, someone else's, one's own account). */
	'not_allowed',
	/** Not possible in the record's current state (already posted, confirm it first). */
	'wrong_state',
	/** A value that is fixed once set (a document's type, a warehouse's kind). */
	'cannot_change',
	/** Names an archived record. */
	'archived',
	/** Names a person whose role does not fit (a route for a non-rep). */
	'wrong_role',
	/** A time or date before the start it must follow. */
	'before_start',
	/** Does not match what it must repeat (typing the organization's name to confirm). */
	'mismatch',
	/** A change that changes nothing. */
	'nothing_to_change',
	/** A field this request does not accept: `{keys}` lists them. */
	'unknown_field',
	/** Over the customer's credit limit. */
	'credit_limit',
	/** A product with no price for this customer. */
	'no_price',
	/** Not all digits, or not as many as the code takes: `{lengths}` (17, or 8/12/13/14). */
	'digits',
	/** A GTIN or SSCC whose last digit is not the check digit of the rest. */
	'check_digit',
	/** A marking code already sold (and not returned since): `{mark}` is its label. */
	'mark_already_sold',
	/** A marking code of another product (its GTIN is not the line's product's). */
	'mark_wrong_product',
	/** A marking code past its expiry date (AI 17) on the day of the sale. */
	'mark_expired',
	/** Not a GS1 marking code (no (01) GTIN and (21) serial, or a field cut short). */
	'mark_malformed',
	/** A marked product's line without one code per unit: `{count}` given, `{qty}` needed. */
	'marks_missing',
	/** Under strict control, a code the organization never received into stock. */
	'mark_not_received',
	/** A code registered as packed in another group or transport code: `{mark}`, `{pack}`. */
	'mark_in_other_pack'
] as const;

export type FieldErrorCode = (typeof FIELD_ERROR_CODES)[number];

/** The numbers and names a field error's translation fills in (`{max}` in "At most {max}"). */
export type FieldErrorParams = Record<string, string | number>;

/**
 * One field's refusal: `code` for machines and translation, `params` for its blanks, `message`
 * in English for people reading raw answers.
 * @example { code: 'too_long', message: 'At most 120 characters', params: { max: 120 } }
 */
export interface FieldError {
	code: FieldErrorCode;
	message: string;
	params?: FieldErrorParams;
}

/** Field path (`lines.2.qty`) → what is wrong with it. */
export type FieldErrors = Record<string, FieldError>;

export function isFieldErrorCode(value: unknown): value is FieldErrorCode {
	return typeof value === 'string' && (FIELD_ERROR_CODES as readonly string[]).includes(value);
}

/**
 * A field error, leaving `params` out when there are none.
 * @example fieldError('not_found', 'Not found')
 */
export function fieldError(
	code: FieldErrorCode,
	message: string,
	params?: FieldErrorParams
): FieldError {
	return params && Object.keys(params).length ? { code, message, params } : { code, message };
}

export interface ErrorBody {
	error: { code: ErrorCode; message: string; fields?: FieldErrors };
}

/**
 * The one error class carrying a code. Thrown anywhere on the server; turned into the
 * `{error: {code, message, fields?}}` answer in one place (src/lib/server/api/errors.ts).
 */
export class AppError extends Error {
	readonly code: ErrorCode;
	readonly fields?: FieldErrors;
	readonly headers?: Record<string, string>;

	constructor(
		code: ErrorCode,
		message: string,
		fields?: FieldErrors,
		headers?: Record<string, string>
	) {
		super(message);
		this.code = code;
		this.fields = fields;
		this.headers = headers;
	}

	get status(): number {
		return ERROR_CODES[this.code];
	}

	toBody(): ErrorBody {
		return {
			error: {
				code: this.code,
				message: this.message,
				...(this.fields ? { fields: this.fields } : {})
			}
		};
	}
}

export function isErrorCode(value: unknown): value is ErrorCode {
	// Own properties only: `'constructor' in ERROR_CODES` is true.
	return typeof value === 'string' && Object.hasOwn(ERROR_CODES, value);
}

/** A posting refused under the `forbid` policy: the lines it lacks stock for. */
export class InsufficientStock extends AppError {
	constructor(
		readonly short: {
			line: number;
			warehouseId: string;
			productId: string;
			available: number;
			needed: number;
		}[]
	) {
		super(
			'insufficient_stock',
			`Not enough stock for ${short.length} line${short.length === 1 ? '' : 's'}.`,
			Object.fromEntries(
				short.map((s) => [
					`lines.${s.line}.qty`,
					fieldError('insufficient_stock', `Only ${s.available} available`, {
						available: s.available
					})
				])
			)
		);
	}
}
