/**
 * `mark.registerPack` (issue 18 item 3): what a group (package) or transport (SSCC) code holds,
 * as the supplier's ESF or delivery note lists it. Once registered, receiving or selling by the
 * pack's code stands for its units (`unpack` in state.ts); until then an unknown SSCC is refused.
 *
 * Each unit is checked when registered, so a wrong list is refused at the receipt, not at a sale
 * weeks later: a well-formed code, a GTIN of a marked product of the organization, not sold, and
 * not already packed in another pack. A content that is itself a registered pack (a pallet's
 * boxes) is recorded as packed in this one, and its units are checked the same way.
 */
import { z } from 'zod';
import { AppError, fieldError, type FieldError, type FieldErrors } from '../errors';
import type { Need, PlanContext, Planned, View, Write } from '../sync/plan';
import type { MarkRow, ProductRow } from '../sync/rows';
import type { ArgsOf } from '../sync/registry';
import { expiryDate } from './gs1';
import { childrenOf, codeKey, isMarked, loadPacks, rawMark, unpack } from './state';

export const markRegisterPackArgs = z.strictObject({
	/** The pack's code: a group code (a DataMatrix of the package) or a transport code (`00` + SSCC). */
	code: rawMark,
	/** What is packed in it: unit codes, or codes of packs already registered (a pallet's boxes). */
	contents: z.array(rawMark).min(1, 'Required').max(10_000, 'At most 10,000 codes')
});

/** The forms a product's GTIN may be stored in (8, 12, 13 or 14 digits) for a code's GTIN-14. */
export function gtinForms(gtin14: string): string[] {
	const forms = [gtin14];
	for (const drop of [1, 2, 6]) {
		if (/^0+$/.test(gtin14.slice(0, drop))) forms.push(gtin14.slice(drop));
	}
	return forms;
}

/** The marked product of the organization whose GTIN is `gtin14`, if one. */
function productOfGtin(view: View, gtin14: string): ProductRow | undefined {
	for (const form of gtinForms(gtin14)) {
		const found = view.where('products', 'gtin', form).find(isMarked);
		if (found) return found;
	}
	return undefined;
}

export const markPlans = {
	'mark.registerPack': {
		reads: (a: ArgsOf<'mark.registerPack'>): Need[] =>
			[a.code, ...a.contents].flatMap((raw) => {
				const read = codeKey(raw);
				return read
					? [
							{ table: 'marks', by: 'id', value: read.key } as Need,
							{ table: 'marks', by: 'parentId', value: read.key } as Need
						]
					: [];
			}),
		plan(view: View, a: ArgsOf<'mark.registerPack'>, ctx: PlanContext): Planned {
			const pack = codeKey(a.code);
			if (!pack) {
				throw new AppError('validation', 'Not a group or transport code.', {
					code: fieldError('mark_malformed', 'Not a marking code')
				});
			}
			const reads = a.contents.map(codeKey);
			loadPacks(view, [pack.key, ...reads.flatMap((r) => r?.key ?? [])]);
			// Every unit's product by its GTIN, in one read.
			view.prefetch(
				[...new Set(reads.flatMap((r) => (r?.code ? gtinForms(r.code.gtin) : [])))].map(
					(value): Need => ({ table: 'products', by: 'gtin', value })
				)
			);
			const fields: FieldErrors = {};
			const seen = new Set<string>();
			const rows: MarkRow[] = [];
			a.contents.forEach((_, j) => {
				const path = `contents.${j}`;
				const read = reads[j];
				if (!read || read.key === pack.key) {
					fields[path] = fieldError('mark_malformed', 'Not a marking code');
					return;
				}
				if (seen.has(read.key)) {
					fields[path] = fieldError('duplicate', `Code ${read.key} is twice in this list`, {
						mark: read.key
					});
					return;
				}
				seen.add(read.key);
				const row = view.get('marks', read.key);
				const units = unpack([read.key], (c) => childrenOf(view, c));
				const isPack = units[0] !== read.key;
				// A transport code inside this one must have been registered first.
				if (!read.code && !isPack) {
					fields[path] = fieldError('mark_malformed', `Pack ${read.key} has no known contents`, {
						mark: read.key
					});
					return;
				}
				const problem = packProblem(view, row, read.key, pack.key);
				if (problem) {
					fields[path] = problem;
					return;
				}
				let productId = row?.productId;
				if (isPack) {
					for (const unit of units) {
						const bad = packProblem(view, view.get('marks', unit), unit, pack.key, read.key);
						if (bad) {
							fields[path] = bad;
							return;
						}
					}
					productId ??= view.get('marks', units[0]!)?.productId;
				} else {
					const product = productOfGtin(view, read.code!.gtin);
					if (!product || (row && row.productId !== product.id)) {
						fields[path] = fieldError(
							'mark_wrong_product',
							`Code ${read.key} is of no marked product`,
							{ mark: read.key }
						);
						return;
					}
					productId = product.id;
				}
				rows.push({
					id: read.key,
					version: row?.version ?? 0,
					updatedAt: ctx.now,
					productId: productId ?? '',
					gtin: read.code?.gtin ?? row?.gtin ?? '',
					status: row?.status ?? 'received',
					// Known, not yet in a warehouse: a receipt by the pack's code puts it there.
					warehouseId: row?.warehouseId ?? null,
					documentId: row?.documentId ?? null,
					expiry: read.code?.expiry ? expiryDate(read.code.expiry) : (row?.expiry ?? null),
					parentId: pack.key
				});
			});
			if (Object.keys(fields).length) {
				throw new AppError('validation', "Some of the pack's codes cannot be registered.", fields);
			}
			const writes: Write[] = rows.map((row) => ({ put: 'marks', row }));
			return { writes, result: { code: pack.key, units: rows.length } };
		}
	}
};

/**
 * What stops `key` being registered as packed in `pack` (through `via`, a pack inside it): sold,
 * or already packed in another pack.
 */
function packProblem(
	view: View,
	row: MarkRow | undefined,
	key: string,
	pack: string,
	via?: string
): FieldError | null {
	if (row?.status === 'sold') {
		return fieldError('mark_already_sold', `Code ${key} is already sold`, { mark: key });
	}
	const parent = row?.parentId ?? null;
	if (parent !== null && parent !== pack && parent !== via && !isWithin(view, parent, via)) {
		return fieldError('mark_in_other_pack', `Code ${key} is packed in ${parent}`, {
			mark: key,
			pack: parent
		});
	}
	return null;
}

/** Whether `parent` is `via` or a pack inside it (a unit of a box on the pallet being registered). */
function isWithin(view: View, parent: string, via: string | undefined): boolean {
	for (let at: string | null = parent, hops = 0; at && via && hops < 8; hops++) {
		if (at === via) return true;
		at = view.get('marks', at)?.parentId ?? null;
	}
	return false;
}
