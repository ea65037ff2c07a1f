/**
 * Sends a saved receipt to the till's register and keeps its answer (`receipt.fiscalize`). The
 * sale is already saved when this runs: whatever the register does, the sale stands; the
 * answer says what the till tells the cashier.
 */
import { AppError } from '$lib/domain/errors';
import { fiscalSaleOf } from '$lib/domain/fiscal/sale';
import { isSigned, type FiscalStamp } from '$lib/domain/fiscal/stamp';
import { session } from '../session.svelte';
import { db } from '../sync/db';
import { sync } from '../sync/engine.svelte';
import { NonFiscalPrinter, RegisterUnavailable } from './register';
import { till } from './till.svelte';

export type FiscalizeOutcome =
	| { ok: true; stamp: FiscalStamp }
	/** The register did not answer: the sale is kept, unstamped, to send again. */
	| { ok: false; reason: 'unavailable' }
	/** The register answered with a refusal (its words in `message`). */
	| { ok: false; reason: 'refused'; message: string }
	/** Products without IKPU, package code or VAT rate: named in `products`. */
	| { ok: false; reason: 'missingCodes'; products: string[] }
	/** A return of a receipt no register signed: it cannot cite one. */
	| { ok: false; reason: 'originalNotFiscal' };

/** What the register answered per receipt on this page load, for the receipt screen to tell. */
export const outcomes = new Map<string, FiscalizeOutcome>();

/** Fiscalizes receipt `id` on this till's register (or prints it as non-fiscal). */
export async function fiscalizeReceipt(id: string): Promise<FiscalizeOutcome> {
	const outcome = await attempt(id);
	outcomes.set(id, outcome);
	return outcome;
}

async function attempt(id: string): Promise<FiscalizeOutcome> {
	const receipt = await db.receipts.get(id);
	if (!receipt) return { ok: false, reason: 'refused', message: 'No such receipt.' };
	if (isSigned(receipt.fiscal) && receipt.fiscal.state === 'fiscal') {
		return { ok: true, stamp: receipt.fiscal };
	}
	const register = till.register;
	if (register instanceof NonFiscalPrinter) {
		// A till without a register prints every receipt as non-fiscal: that is the till's
		// setting, not news about the sale, so nothing is queued for the server (a second
		// mutation for every sale would double what a rep has waiting to send).
		return { ok: true, stamp: await register.fiscalize() };
	}
	const [products, payments, original, marks] = await Promise.all([
		db.products.bulkGet(receipt.lines.map((l) => l.productId)),
		db.payments.where('receiptId').equals(id).toArray(),
		receipt.returnOf ? db.receipts.get(receipt.returnOf) : undefined,
		// The codes this sale (or return) moved: each row's id is the unit's label.
		db.marks.where('documentId').equals(id).toArray()
	]);
	const byId = new Map(products.filter((p) => !!p).map((p) => [p.id, p]));
	const built = fiscalSaleOf(
		receipt,
		byId,
		payments,
		session.organization?.timezone ?? 'Asia/Tashkent',
		original,
		(i) => marks.filter((m) => m.productId === receipt.lines[i]!.productId).map((m) => m.id)
	);
	if (!built.ok) {
		return 'missing' in built
			? { ok: false, reason: 'missingCodes', products: built.missing }
			: { ok: false, reason: 'originalNotFiscal' };
	}
	let stamp: FiscalStamp;
	try {
		stamp = await register.fiscalize(built.sale);
	} catch (e) {
		if (e instanceof RegisterUnavailable) return { ok: false, reason: 'unavailable' };
		if (e instanceof AppError) return { ok: false, reason: 'refused', message: e.message };
		throw e;
	}
	await sync.write('receipt.fiscalize', { receiptId: id, stamp });
	return { ok: true, stamp };
}

/**
 * Asks the register to send its queue, and when it is empty marks this device's queued
 * receipts as sent to the tax operator. Answers how many are still unsent (null: unknown).
 */
export async function resendQueued(): Promise<number | null> {
	const register = till.register;
	if (register.kind === 'none') return null;
	await register.resend();
	const left = await register.unsent();
	if (left === 0) {
		const queued = (await db.receipts.toArray()).filter((r) => r.fiscal?.state === 'queued');
		for (const r of queued) {
			if (isSigned(r.fiscal)) {
				await sync.write('receipt.fiscalize', {
					receiptId: r.id,
					stamp: { ...r.fiscal, state: 'fiscal' }
				});
			}
		}
	}
	return left;
}
