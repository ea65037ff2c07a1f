/**
 * The van's day close, written once. The rep sends the count of the van and the cash
 * (`dayClose.submit`, offline: the device shows it sent at once); a storekeeper or manager of the
 * van's branch confirms the handover (`dayClose.confirm`): the stock differences go through the
 * ledger as a stocktake of the van would, and the van unloads into a warehouse by a transfer —
 * both posted documents, numbered like any other. The figures are in day-close.ts.
 */
import type { Unit } from '../catalog/schemas';
import { AppError, fieldError, type FieldErrors } from '../errors';
import type { Role } from '../roles';
import type { Need, PlanContext, Planned, View, Write } from '../sync/plan';
import { moveStock, orgWide, referenced, takeNumber } from '../sync/plan-steps';
import type { ArgsOf } from '../sync/registry';
import { balanceRowId, type DayCloseRow, type StockDocumentRow } from '../sync/rows';
import { mayMoveStock, ownsWarehouse } from './access';
import { differing, expectedCash, expectedStock, stockDifferences, unloadLines } from './day-close';
import { balanceKey, documentPrefix, negativeStockPolicyOf, postingMovements } from './ledger';
import { fromMilli, milliOf, qtyFieldError, toMilli } from './quantity';

const byId = (table: Need['table'], value: string): Need => ({ table, by: 'id', value });

const actorOf = (ctx: PlanContext) => ({
	role: ctx.role as Role,
	userId: ctx.userId,
	branchId: ctx.branchId
});

const noSuchClose = () =>
	new AppError('not_found', 'No such day close.', { id: fieldError('not_found', 'Not found') });

/** Each counted line in thousandths, refusing unknown products, duplicates and bad fractions. */
function countedLines(view: View, ctx: PlanContext, a: ArgsOf<'dayClose.submit'>) {
	view.prefetch(a.lines.map((l) => byId('products', l.productId)));
	const fields: FieldErrors = {};
	const seen = new Set<string>();
	const out = a.lines.map((l, i) => {
		if (seen.has(l.productId)) {
			fields[`lines.${i}.productId`] = fieldError('duplicate', 'Counted twice');
		}
		seen.add(l.productId);
		const product = view.get('products', l.productId);
		if (!product) {
			// The device judges what it has synced; the server knows every product.
			if (!ctx.device) fields[`lines.${i}.productId`] = fieldError('not_found', 'Not found');
			return { productId: l.productId, counted: milliOf(l.counted) };
		}
		if (l.counted === 0) return { productId: l.productId, counted: 0 };
		const q = toMilli(l.counted, product.unit as Unit);
		if ('problem' in q) fields[`lines.${i}.counted`] = qtyFieldError(q.problem);
		return { productId: l.productId, counted: 'milli' in q ? q.milli : 0 };
	});
	if (Object.keys(fields).length) {
		const missing = Object.values(fields).some((f) => f.code === 'not_found');
		throw new AppError(
			missing ? 'not_found' : 'validation',
			missing ? 'No such product.' : 'Some counts are not valid.',
			fields
		);
	}
	return out;
}

/** A close the caller may confirm: of their branch (any, for an administrator). */
function closeOf(view: View, ctx: PlanContext, id: string): DayCloseRow {
	const close = view.get('dayCloses', id);
	if (!close || (!orgWide(ctx) && close.branchId !== ctx.branchId)) throw noSuchClose();
	return close;
}

export const dayClosePlans = {
	'dayClose.submit': {
		reads: (a: ArgsOf<'dayClose.submit'>, ctx: { userId: string }): Need[] => [
			byId('dayCloses', a.id),
			byId('warehouses', a.warehouseId),
			{ table: 'balances', by: 'warehouseId', value: a.warehouseId },
			{ table: 'dayCloses', by: 'warehouseId', value: a.warehouseId },
			{ table: 'payments', by: 'authorId', value: ctx.userId },
			...a.lines.map((l) => byId('products', l.productId))
		],
		plan(view: View, a: ArgsOf<'dayClose.submit'>, ctx: PlanContext): Planned {
			const existing = view.get('dayCloses', a.id);
			// Another rep's close answers as a missing one; the rep may send theirs again until
			// it is confirmed (a recount).
			if (existing && existing.repId !== ctx.userId) throw noSuchClose();
			if (existing?.status === 'confirmed') {
				throw new AppError('conflict', 'This day close is already confirmed.', {
					id: fieldError('wrong_state', 'Already confirmed')
				});
			}
			const van = referenced(view, ctx, 'warehouses', a.warehouseId, 'warehouseId');
			if (van && (van.kind !== 'van' || !ownsWarehouse(actorOf(ctx), van))) {
				throw new AppError('forbidden', 'Only the rep whose van it is closes its day.', {
					warehouseId: fieldError('not_allowed', 'Not your van')
				});
			}
			if (existing && existing.warehouseId !== a.warehouseId) {
				throw new AppError('validation', "A day close's van does not change.", {
					warehouseId: fieldError('cannot_change', 'Cannot change')
				});
			}
			const twin = view
				.where('dayCloses', 'warehouseId', a.warehouseId)
				.find((c) => c.id !== a.id && c.date === a.date);
			if (twin) {
				throw new AppError('conflict', 'This van’s day is already closed.', {
					date: fieldError('taken', 'Already closed')
				});
			}
			const counted = countedLines(view, ctx, a);
			const balances = view.where('balances', 'warehouseId', a.warehouseId).map((b) => ({
				warehouseId: b.warehouseId,
				productId: b.productId,
				milli: milliOf(b.qty)
			}));
			const lines = stockDifferences(expectedStock(balances, a.warehouseId), counted);
			const reasons = new Map(a.lines.map((l) => [l.productId, l.reason ?? null]));
			const fields: FieldErrors = {};
			const uncounted: string[] = [];
			for (const l of differing(lines)) {
				const i = a.lines.findIndex((x) => x.productId === l.productId);
				if (i < 0) uncounted.push(l.productId);
				else if (!reasons.get(l.productId)) {
					fields[`lines.${i}.reason`] = fieldError('required', 'Say why the count differs');
				}
			}
			if (uncounted.length) {
				// The van holds a product the rep's list left out (stock that reached it after the
				// rep's device last synced): the rep counts again with it.
				fields.lines = fieldError('required', 'Count every product in the van', {
					missing: uncounted.length
				});
			}
			const cashExpected = expectedCash(
				view.where('payments', 'authorId', ctx.userId),
				ctx.userId,
				a.date,
				ctx.timezone
			);
			if (a.cashCounted !== cashExpected && !a.cashReason) {
				fields.cashReason = fieldError('required', 'Say why the cash differs');
			}
			if (Object.keys(fields).length) {
				throw new AppError('validation', 'Some differences have no reason.', fields);
			}
			const row: DayCloseRow = {
				id: a.id,
				version: existing?.version ?? 0,
				updatedAt: ctx.now,
				branchId: van?.branchId ?? ctx.branchId ?? '',
				warehouseId: a.warehouseId,
				repId: ctx.userId,
				date: a.date,
				status: 'submitted',
				lines: lines.map((l) => ({
					productId: l.productId,
					expected: fromMilli(l.expected),
					counted: fromMilli(l.counted),
					reason: l.diff !== 0 ? (reasons.get(l.productId) ?? null) : null
				})),
				cashExpected,
				cashCounted: a.cashCounted,
				cashReason: a.cashCounted !== cashExpected ? (a.cashReason ?? null) : null,
				comment: a.comment || null,
				submittedAt: ctx.now,
				toWarehouseId: null,
				transferId: null,
				adjustmentId: null,
				confirmedBy: null,
				confirmedAt: null,
				confirmComment: null
			};
			const writes: Write[] = [
				{ put: 'dayCloses', row },
				{
					audit: {
						action: 'stock.day_close_submitted',
						entity: 'day_close',
						entityId: a.id,
						after: {
							warehouseId: a.warehouseId,
							date: a.date,
							differing: differing(lines).length,
							cashExpected,
							cashCounted: a.cashCounted
						}
					}
				}
			];
			return {
				writes,
				result: { id: a.id, cashExpected, differing: differing(lines).length },
				versioned: true
			};
		}
	},

	'dayClose.confirm': {
		reads: (a: ArgsOf<'dayClose.confirm'>): Need[] => [
			byId('dayCloses', a.id),
			byId('warehouses', a.toWarehouseId),
			byId('stockDocuments', a.transferId),
			byId('stockDocuments', a.adjustmentId)
		],
		plan(view: View, a: ArgsOf<'dayClose.confirm'>, ctx: PlanContext): Planned {
			const close = closeOf(view, ctx, a.id);
			view.prefetch([
				byId('warehouses', close.warehouseId),
				...close.lines.map((l) => byId('products', l.productId)),
				...close.lines.map((l) => byId('balances', balanceRowId(close.warehouseId, l.productId)))
			]);
			if (close.status !== 'submitted') {
				throw new AppError('conflict', 'This day close is already confirmed.', {
					id: fieldError('wrong_state', 'Already confirmed')
				});
			}
			const van = referenced(view, ctx, 'warehouses', close.warehouseId, 'id');
			const to = referenced(view, ctx, 'warehouses', a.toWarehouseId, 'toWarehouseId');
			if (to && (to.kind === 'van' || to.id === close.warehouseId || to.archived)) {
				throw new AppError('validation', 'A van unloads into a warehouse.', {
					toWarehouseId: fieldError(to.archived ? 'archived' : 'invalid', 'Not a warehouse')
				});
			}
			if (van && to && !mayMoveStock(actorOf(ctx), van, to)) {
				// Another branch's warehouse, for a storekeeper or manager: as if it did not exist.
				throw new AppError('not_found', 'No such warehouse.', {
					toWarehouseId: fieldError('not_found', 'Not found')
				});
			}
			for (const field of ['transferId', 'adjustmentId'] as const) {
				if (view.get('stockDocuments', a[field])) {
					throw new AppError('conflict', 'A document with this id exists.', {
						[field]: fieldError('taken', 'Already used')
					});
				}
			}
			const lines = close.lines.map((l) => ({
				productId: l.productId,
				expected: milliOf(l.expected),
				counted: milliOf(l.counted),
				diff: milliOf(l.counted) - milliOf(l.expected)
			}));
			const chosen = a.unload?.map((u, i) => {
				const product = view.get('products', u.productId);
				const q = product && u.qty !== 0 ? toMilli(u.qty, product.unit as Unit) : null;
				if (q && 'problem' in q) {
					throw new AppError('validation', 'A quantity is not valid for its unit.', {
						[`unload.${i}.qty`]: qtyFieldError(q.problem)
					});
				}
				return { productId: u.productId, milli: q ? q.milli : milliOf(u.qty) };
			});
			const unload = unloadLines(lines, chosen);
			if ('problems' in unload) {
				const fields: FieldErrors = {};
				for (const p of unload.problems) {
					fields[`unload.${p.index}.${p.problem === 'too_big' ? 'qty' : 'productId'}`] =
						p.problem === 'not_found'
							? fieldError('not_found', 'Not in this close')
							: p.problem === 'duplicate'
								? fieldError('duplicate', 'Named twice')
								: fieldError('too_big', 'More than was counted');
				}
				const missing = unload.problems.some((p) => p.problem === 'not_found');
				throw new AppError(
					missing ? 'not_found' : 'validation',
					'The unload does not match the count.',
					fields
				);
			}

			const writes: Write[] = [];
			const branchId = close.branchId;
			const base = {
				version: 0,
				updatedAt: ctx.now,
				branchId,
				status: 'posted' as const,
				counterpartyId: null,
				authorId: ctx.userId,
				createdAt: ctx.now,
				postedAt: ctx.now,
				cancelledAt: null
			};
			const diffs = differing(lines);
			// The differences, as a stocktake of the van counted at the rep's count: its posting
			// moves counted − expected, whatever the van held meanwhile.
			const adjustment: StockDocumentRow | null = diffs.length
				? {
						...base,
						id: a.adjustmentId,
						type: 'stocktake',
						number: null,
						warehouseId: close.warehouseId,
						toWarehouseId: null,
						reason: `Day close ${close.date}`,
						// The reasons are the close's (its lines), one record for both.
						comment: null,
						lines: diffs.map((d) => ({
							productId: d.productId,
							qty: fromMilli(d.counted),
							cost: null,
							expected: fromMilli(d.expected)
						}))
					}
				: null;
			const transfer: StockDocumentRow | null = unload.lines.length
				? {
						...base,
						id: a.transferId,
						type: 'transfer',
						number: null,
						warehouseId: close.warehouseId,
						toWarehouseId: a.toWarehouseId,
						reason: null,
						comment: `Day close ${close.date}`,
						lines: unload.lines.map((l) => ({
							productId: l.productId,
							qty: fromMilli(l.milli),
							cost: null
						}))
					}
				: null;
			const movements = [
				...(adjustment
					? postingMovements(
							{
								id: adjustment.id,
								type: 'stocktake',
								warehouseId: adjustment.warehouseId,
								lines: diffs.map((d) => ({ productId: d.productId, milli: d.counted }))
							},
							new Map(diffs.map((d) => [balanceKey(close.warehouseId, d.productId), d.expected]))
						)
					: []),
				...(transfer
					? postingMovements(
							{
								id: transfer.id,
								type: 'transfer',
								warehouseId: close.warehouseId,
								toWarehouseId: a.toWarehouseId,
								lines: unload.lines
							},
							new Map()
						)
					: [])
			];
			// One posting for both: the van's shortfall is judged on the net (the adjustment first
			// brings the van to the count the transfer then takes out).
			const flagged = moveStock(view, writes, movements, {
				policy: negativeStockPolicyOf(ctx.settings),
				branchOf: new Map([
					[close.warehouseId, branchId],
					[a.toWarehouseId, to?.branchId ?? branchId]
				])
			});
			const numbers: Record<string, string | null> = {};
			for (const doc of [adjustment, transfer]) {
				if (!doc) continue;
				const number = takeNumber(view, writes, branchId, documentPrefix(doc.type));
				numbers[doc.type] = number;
				writes.push(
					{ put: 'stockDocuments', row: { ...doc, number }, server: { postedBy: ctx.userId } },
					{
						audit: {
							action: 'stock.document_posted',
							entity: 'stock_document',
							entityId: doc.id,
							after: { number, type: doc.type, lines: doc.lines.length, dayClose: close.id }
						}
					}
				);
			}
			const confirmed: DayCloseRow = {
				...close,
				updatedAt: ctx.now,
				status: 'confirmed',
				toWarehouseId: a.toWarehouseId,
				transferId: transfer ? transfer.id : null,
				adjustmentId: adjustment ? adjustment.id : null,
				confirmedBy: ctx.userId,
				confirmedAt: ctx.now,
				confirmComment: a.comment || null
			};
			writes.push(
				{ put: 'dayCloses', row: confirmed },
				{
					audit: {
						action: 'stock.day_close_confirmed',
						entity: 'day_close',
						entityId: close.id,
						before: { status: close.status },
						after: {
							status: 'confirmed',
							differences: diffs.map((d) => ({
								productId: d.productId,
								diff: fromMilli(d.diff),
								reason: close.lines.find((l) => l.productId === d.productId)?.reason ?? null
							})),
							cashDiff: close.cashCounted - close.cashExpected,
							cashReason: close.cashReason,
							transferId: confirmed.transferId,
							adjustmentId: confirmed.adjustmentId,
							flagged
						}
					}
				}
			);
			return {
				writes,
				result: {
					id: close.id,
					transferId: confirmed.transferId,
					transferNumber: numbers.transfer ?? null,
					adjustmentId: confirmed.adjustmentId,
					adjustmentNumber: numbers.stocktake ?? null,
					flagged
				},
				versioned: true
			};
		}
	}
};
