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
	too_many_attempts: 429,
	rate_limited: 429,
	internal: 500,
	unavailable: 503
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Field name → what is wrong with it, in English; the UI shows its own translation. */
export type FieldErrors = Record<string, string>;

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
			Object.fromEntries(short.map((s) => [`lines.${s.line}.qty`, `Only ${s.available} available`]))
		);
	}
}
