/**
 * The till's cash register. A `FiscalRegister` signs a sale or a refund and answers with the
 * stamp the receipt keeps; the till's setting (till.svelte.ts) picks the adapter:
 * - `MultikassaRegister`: Multikassa's local driver over HTTP (domain/fiscal/multikassa.ts);
 * - `NonFiscalPrinter`: where the organization has no register, a receipt printed as
 *   "not a fiscal receipt" — never a stamp that looks fiscal.
 * Other registers plug in by implementing the interface.
 */
import { AppError } from '$lib/domain/errors';
import {
	multikassaOperation,
	stampFromAnswer,
	type FiscalSale
} from '$lib/domain/fiscal/multikassa';
import type { FiscalStamp, RegisterKind } from '$lib/domain/fiscal/stamp';

export interface FiscalRegister {
	readonly kind: RegisterKind;
	/**
	 * Signs `sale`. Throws `RegisterUnavailable` when the register does not answer (the sale
	 * stays unstamped, to send again) and `AppError` when it answers with a refusal.
	 */
	fiscalize(sale: FiscalSale): Promise<FiscalStamp>;
	/** Receipts signed but not yet sent to the tax operator; null where the register cannot say. */
	unsent(): Promise<number | null>;
	/** Asks the register to send its queue now. */
	resend(): Promise<void>;
}

/** The register did not answer (its driver is not running, or the address is wrong). */
export class RegisterUnavailable extends Error {
	constructor(readonly url: string) {
		super(`The cash register at ${url} does not answer.`);
	}
}

/** Multikassa's default local driver address. */
export const MULTIKASSA_DEFAULT_URL = 'http://localhost:8080';

/** How long a register has to answer before the till says it is not there. */
const TIMEOUT_MS = 15_000;

export class MultikassaRegister implements FiscalRegister {
	readonly kind = 'multikassa';
	readonly #base: string;
	constructor(url: string = MULTIKASSA_DEFAULT_URL) {
		this.#base = url.replace(/\/+$/, '');
	}

	async #call(path: string, init?: RequestInit): Promise<unknown> {
		let res: Response;
		try {
			res = await fetch(`${this.#base}/api/v1/${path}`, {
				...init,
				headers: { 'content-type': 'application/json', accept: 'application/json' },
				signal: AbortSignal.timeout(TIMEOUT_MS)
			});
		} catch {
			throw new RegisterUnavailable(this.#base);
		}
		const body: unknown = await res.json().catch(() => null);
		if (!res.ok) {
			const message =
				(body as { message?: unknown } | null)?.message ?? `The register answered ${res.status}.`;
			throw new AppError('validation', String(message));
		}
		return body;
	}

	async fiscalize(sale: FiscalSale): Promise<FiscalStamp> {
		const answer = await this.#call('operations', {
			method: 'POST',
			body: JSON.stringify(multikassaOperation(sale))
		});
		// Signed by the fiscal module; whether the tax operator has it yet is the queue's to say.
		const queued = ((await this.unsent().catch(() => null)) ?? 0) > 0;
		return stampFromAnswer(answer, queued);
	}

	async unsent(): Promise<number | null> {
		const body = (await this.#call('unsentCount')) as { data?: { count?: unknown } } | null;
		const count = Number(body?.data?.count);
		return Number.isInteger(count) && count >= 0 ? count : null;
	}

	async resend(): Promise<void> {
		await this.#call('resendUnsent', { method: 'POST', body: '{}' });
	}
}

/** For a till without a register: the receipt prints, marked as not fiscal. */
export class NonFiscalPrinter implements FiscalRegister {
	readonly kind = 'none';
	async fiscalize(): Promise<FiscalStamp> {
		return { state: 'nonfiscal', register: 'none' };
	}
	async unsent(): Promise<number | null> {
		return null;
	}
	async resend(): Promise<void> {}
}
