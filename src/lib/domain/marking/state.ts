/**
 * Each marking code's state in an organization (issue 18 item 3): received into a warehouse, sold,
 * returned (back in stock, sellable again). The rules are pure and written once: the sale, return
 * and stock plans call them on the server and the device, and the sale screen calls `markProblem`
 * at each scan so the rep hears of a problem at the scan, not at the sync.
 *
 * A code's row is keyed by its label (GTIN + serial, gs1.ts), so every printing of one unit —
 * with or without its check or crypto-tail, bracketed or not — is the same unit.
 */
import { z } from 'zod';
import type { MarkingGroup } from '../catalog/schemas';
import { AppError, fieldError, type FieldError, type FieldErrors } from '../errors';
import type { Need, View, Write } from '../sync/plan';
import type { MarkRow, ProductRow } from '../sync/rows';
import { toGtin14 } from './check-digit';
import { expiryDate, markLabel, parseGs1, type MarkCode } from './gs1';
import { because } from '../validation';

export const MARK_STATUSES = ['received', 'sold', 'returned'] as const;

/**
 * Days a sold code stays in devices' downloads: long enough that a code sold on another device
 * this month is refused at the scan, offline; older double sales the server refuses at the sync.
 */
export const MARKS_SOLD_WINDOW_DAYS = 30;
export type MarkStatus = (typeof MARK_STATUSES)[number];

/**
 * A raw code as a scanner types it: GS1's printable characters and GS (ASCII 29), which the
 * shared text rule would refuse as a control character. 150 covers the longest Uzbek layout
 * (appliances: 2+14+2+20+1+2+4+1+2+44 = 92) with room for (17) and (10).
 */
export const rawMark = z
	.string()
	.min(1, 'Required')
	.max(150, 'At most 150 characters')
	.refine(
		// eslint-disable-next-line no-control-regex -- GS is the separator this text must keep.
		(s) => /^[\x1d\x20-\x7e\u241d]+$/.test(s),
		because('mark_malformed', 'Not a marking code')
	);

/** One raw code per unit, as many as the line's quantity (checked against it in the plan). */
export const lineMarks = z.array(rawMark).max(10_000, 'At most 10,000 codes').optional();

/** A code as a plan reads it: its label and parsed parts, or why it is not one. */
export type ReadMark = { label: string; code: MarkCode } | { problem: 'malformed' };

/** Parses a raw code to its label; an SSCC or a broken code is not a unit's code. */
export function readMark(raw: string): ReadMark {
	const r = parseGs1(raw);
	return r.ok && r.kind === 'mark'
		? { label: markLabel(r.code), code: r.code }
		: { problem: 'malformed' };
}

/** The labels of raw codes that parse, for a plan's reads (the others are refused anyway). */
export function markNeeds(raws: readonly string[] | undefined): Need[] {
	return (raws ?? []).flatMap((raw) => {
		const m = readMark(raw);
		return 'label' in m ? [{ table: 'marks', by: 'id', value: m.label } as Need] : [];
	});
}

export interface MarkContext {
	/** The day of the sale (`YYYY-MM-DD` in the organization's zone): an expiry before it refuses. */
	day: string;
	/** Refuse a code the organization never received (the `strictMarking` setting). */
	strict: boolean;
}

/**
 * What is wrong with selling this code as a unit of `product`, or null. `row` is the code's
 * state (undefined: never seen).
 * @example markProblem(read, undefined, water, { day: '2026-11-30', strict: true }) // { code: 'mark_not_received', … }
 */
export function markProblem(
	read: ReadMark,
	row: MarkRow | undefined,
	product: Pick<ProductRow, 'id' | 'gtin'>,
	ctx: MarkContext
): FieldError | null {
	if (!('label' in read)) return fieldError('mark_malformed', 'Not a marking code');
	const mark = { mark: read.label };
	// A product without a GTIN in the catalog cannot be matched: its own code table decides.
	const ofOther = product.gtin
		? toGtin14(product.gtin) !== read.code.gtin
		: !!row && row.productId !== product.id;
	if (ofOther || (row && row.productId !== product.id)) {
		return fieldError('mark_wrong_product', `Code ${read.label} is another product's`, mark);
	}
	const expires = read.code.expiry ? expiryDate(read.code.expiry) : null;
	if (expires && expires < ctx.day) {
		return fieldError('mark_expired', `Code ${read.label} expired on ${expires}`, mark);
	}
	if (row?.status === 'sold') {
		return fieldError('mark_already_sold', `Code ${read.label} is already sold`, mark);
	}
	// A unit registered in a pack (`mark.registerPack`) is known but has not come into a warehouse.
	if ((!row || !row.warehouseId) && ctx.strict) {
		return fieldError('mark_not_received', `Code ${read.label} was never received`, mark);
	}
	return null;
}

/** Whether a line of `product` needs one code per unit. */
export const isMarked = (product: { marking?: MarkingGroup | null } | undefined): boolean =>
	!!product?.marking;

interface MarkedLine {
	productId: string;
	qty: number;
	marks?: readonly string[];
}

/**
 * Checks a sale's codes and writes each one sold. Throws one `validation` refusal naming every
 * bad line and code (`lines.N.marks` for a count, `lines.N.marks.M` for a code).
 */
export function sellMarks(
	view: View,
	writes: Write[],
	lines: readonly MarkedLine[],
	sale: { id: string; warehouseId: string | null; now: number },
	ctx: MarkContext
): void {
	const fields: FieldErrors = {};
	const seen = new Set<string>();
	const sold: MarkRow[] = [];
	lines.forEach((line, i) => {
		const due = codesDue(view, line, i, fields, true);
		if (!due) return;
		const { product, marks } = due;
		marks.forEach(({ raw, at: j }) => {
			const read = readMark(raw);
			const row = 'label' in read ? view.get('marks', read.label) : undefined;
			let problem = markProblem(read, row, product, ctx);
			if (!problem && 'label' in read && seen.has(read.label)) {
				problem = fieldError('mark_already_sold', `Code ${read.label} is twice in this sale`, {
					mark: read.label
				});
			}
			if (problem) {
				fields[`lines.${i}.marks.${j}`] = problem;
				return;
			}
			if (!('label' in read)) return;
			seen.add(read.label);
			sold.push({
				id: read.label,
				version: row?.version ?? 0,
				updatedAt: sale.now,
				productId: product.id,
				gtin: read.code.gtin,
				status: 'sold',
				warehouseId: sale.warehouseId,
				documentId: sale.id,
				expiry: read.code.expiry ? expiryDate(read.code.expiry) : (row?.expiry ?? null),
				parentId: row?.parentId ?? null
			});
		});
	});
	if (Object.keys(fields).length) {
		throw new AppError('validation', 'Some marking codes cannot be sold.', fields);
	}
	for (const row of sold) writes.push({ put: 'marks', row });
}

/**
 * A line's codes when its product is marked (or codes were sent anyway), exactly one per unit;
 * null when none are due, or when the count is wrong (then `marks_missing` is in `fields`).
 * With `packs`, a group or transport code whose contents are registered (`mark.registerPack`)
 * stands for its units: each comes back as its own label, `at` the index of the code sent.
 */
function codesDue(
	view: View,
	line: MarkedLine,
	i: number,
	fields: FieldErrors,
	packs = false
): { product: ProductRow; marks: { raw: string; at: number }[] } | null {
	const product = view.get('products', line.productId);
	const sent = line.marks ?? [];
	if (!product || (!isMarked(product) && !sent.length)) return null;
	if (packs)
		loadPacks(
			view,
			sent.flatMap((raw) => codeKey(raw)?.key ?? [])
		);
	const marks = sent.flatMap((raw, at) => {
		const key = packs ? codeKey(raw) : null;
		const units = key ? unpack([key.key], (c) => childrenOf(view, c)) : [];
		return units.length && units[0] !== key!.key
			? units.map((unit) => ({ raw: unit, at }))
			: [{ raw, at }];
	});
	if (marks.length !== line.qty) {
		fields[`lines.${i}.marks`] = fieldError(
			'marks_missing',
			`${line.qty} codes needed, ${marks.length} given`,
			{ count: marks.length, qty: line.qty }
		);
		return null;
	}
	return { product, marks };
}

/** The codes registered as packed in `key` (their `parentId`). */
export const childrenOf = (view: View, key: string) =>
	view.where('marks', 'parentId', key).map((r) => r.id);

/**
 * Asks for `keys`' rows and what is packed in them a level at a time (a pallet: its boxes, then
 * their units), so a runner reads each level in one batch rather than a code per pass.
 */
export function loadPacks(view: View, keys: readonly string[]): void {
	const seen = new Set<string>();
	for (let level = [...new Set(keys)]; level.length;) {
		view.prefetch(
			level.flatMap((value): Need[] => [
				{ table: 'marks', by: 'id', value },
				{ table: 'marks', by: 'parentId', value }
			])
		);
		for (const key of level) seen.add(key);
		level = [...new Set(level.flatMap((key) => childrenOf(view, key)))].filter((c) => !seen.has(c));
	}
}

/**
 * Brings a return's codes back: each must have been sold on `receiptId` (else `mark_wrong_product`
 * naming it); it is then `returned`, in stock at `warehouseId`, and may be sold again.
 */
export function returnMarks(
	view: View,
	writes: Write[],
	lines: readonly MarkedLine[],
	ret: { id: string; receiptId: string; warehouseId: string; now: number }
): void {
	const fields: FieldErrors = {};
	const back: MarkRow[] = [];
	lines.forEach((line, i) => {
		const due = codesDue(view, line, i, fields);
		if (!due) return;
		const { product, marks } = due;
		marks.forEach(({ raw, at: j }) => {
			const read = readMark(raw);
			if (!('label' in read)) {
				fields[`lines.${i}.marks.${j}`] = fieldError('mark_malformed', 'Not a marking code');
				return;
			}
			const row = view.get('marks', read.label);
			if (
				!row ||
				row.status !== 'sold' ||
				row.documentId !== ret.receiptId ||
				row.productId !== product.id
			) {
				fields[`lines.${i}.marks.${j}`] = fieldError(
					'mark_wrong_product',
					`Code ${read.label} was not sold on this receipt`,
					{ mark: read.label }
				);
				return;
			}
			back.push({
				...row,
				status: 'returned',
				warehouseId: ret.warehouseId,
				documentId: ret.id,
				updatedAt: ret.now
			});
		});
	});
	if (Object.keys(fields).length) {
		throw new AppError('validation', 'Some marking codes cannot be returned.', fields);
	}
	for (const row of back) writes.push({ put: 'marks', row });
}

/**
 * A group or transport code stands for the codes packed in it: the units, found through the
 * known aggregation (`childrenOf`: the codes whose `parentId` is that code), recursively (a
 * pallet's SSCC → its boxes → their units). A code with no known children is a unit itself.
 * @example unpack(['BOX'], (c) => (c === 'BOX' ? ['U1', 'U2'] : [])) // ['U1', 'U2']
 */
export function unpack(codes: readonly string[], childrenOf: (code: string) => string[]): string[] {
	const out: string[] = [];
	const stack = [...codes].reverse();
	const seen = new Set<string>();
	while (stack.length) {
		const code = stack.pop()!;
		if (seen.has(code)) continue;
		seen.add(code);
		const children = childrenOf(code);
		if (children.length) stack.push(...[...children].reverse());
		else out.push(code);
	}
	return out;
}

/**
 * A raw code's key in the code table: a unit's or group's label, or `00` + SSCC for a transport
 * package; null when it is neither.
 */
export function codeKey(raw: string): { key: string; code: MarkCode | null } | null {
	const r = parseGs1(raw);
	if (!r.ok) return null;
	return r.kind === 'mark'
		? { key: markLabel(r.code), code: r.code }
		: { key: `00${r.code.sscc}`, code: null };
}

/** What receiving codes reads: each code's row and the rows packed in it, asked for together. */
export function receiveNeeds(raws: readonly string[] | undefined): Need[] {
	return (raws ?? []).flatMap((raw) => {
		const read = codeKey(raw);
		return read
			? [
					{ table: 'marks', by: 'id', value: read.key } as Need,
					{ table: 'marks', by: 'parentId', value: read.key } as Need
				]
			: [];
	});
}

/**
 * Records codes coming into `warehouseId` (a posted receipt, or a transfer's destination):
 * group and transport codes are unpacked into their known units (rows whose `parentId` is the
 * code); a code already sold refuses (`mark_already_sold`), one of another product
 * `mark_wrong_product`, an SSCC whose contents are unknown `mark_malformed`.
 */
export function receiveMarks(
	view: View,
	writes: Write[],
	lines: readonly MarkedLine[],
	doc: { id: string; warehouseId: string; now: number }
): void {
	const fields: FieldErrors = {};
	const rows: MarkRow[] = [];
	loadPacks(
		view,
		lines.flatMap((l) => (l.marks ?? []).flatMap((raw) => codeKey(raw)?.key ?? []))
	);
	lines.forEach((line, i) => {
		const product = view.get('products', line.productId);
		(line.marks ?? []).forEach((raw, j) => {
			const path = `lines.${i}.marks.${j}`;
			const read = codeKey(raw);
			const units = read ? unpack([read.key], (c) => childrenOf(view, c)) : [];
			// Not a code, or a transport package whose units nobody told us.
			if (!read || (!read.code && units[0] === read.key)) {
				fields[path] = fieldError('mark_malformed', 'Not a marking code');
				return;
			}
			for (const unit of units) {
				const row = view.get('marks', unit);
				const gtin = unit === read.key ? read.code!.gtin : (row?.gtin ?? '');
				const wrong =
					(product?.gtin && toGtin14(product.gtin) !== gtin) ||
					(row && row.productId !== line.productId);
				const problem: FieldError | null = wrong
					? fieldError('mark_wrong_product', `Code ${unit} is another product's`, { mark: unit })
					: row?.status === 'sold'
						? fieldError('mark_already_sold', `Code ${unit} is already sold`, { mark: unit })
						: null;
				if (problem) {
					fields[path] = problem;
					return;
				}
				const expiry = unit === read.key ? read.code!.expiry : undefined;
				rows.push({
					id: unit,
					version: row?.version ?? 0,
					updatedAt: doc.now,
					productId: line.productId,
					gtin,
					status: row?.status ?? 'received',
					warehouseId: doc.warehouseId,
					documentId: doc.id,
					expiry: expiry ? expiryDate(expiry) : (row?.expiry ?? null),
					parentId: row?.parentId ?? null
				});
			}
		});
	});
	if (Object.keys(fields).length) {
		throw new AppError('validation', 'Some marking codes cannot be received.', fields);
	}
	for (const row of rows) writes.push({ put: 'marks', row });
}
