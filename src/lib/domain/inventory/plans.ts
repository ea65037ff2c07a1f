/**
 * Goods-movement documents, written once: a draft is saved (and re-saved) freely; posting numbers
 * it and writes its movements; cancelling writes their reversal. Who may touch which warehouse is
 * `mayMoveStock` (access.ts); what moves is `postingMovements` (ledger.ts). The device runs these
 * for the draft and the balances it shows at once, the server to decide.
 */
import type { Unit } from '../catalog/schemas';
import { receiveMarks, receiveNeeds } from '../marking/state';
import { AppError, fieldError, type FieldErrors } from '../errors';
import type { Role } from '../roles';
import type { Need, PlanContext, Planned, View, Write } from '../sync/plan';
import { moveStock, orgWide, referenced, takeNumber, putOver } from '../sync/plan-steps';
import type { ArgsOf } from '../sync/registry';
import {
	balanceRowId,
	type StockDocumentRow,
	type StockLineRow,
	type WarehouseRow
} from '../sync/rows';
import { mayMoveStock, type StockActor } from './access';
import {
	balanceKey,
	documentPrefix,
	negativeStockPolicyOf,
	postingMovements,
	reversingMovements,
	transition
} from './ledger';
import { fromMilli, milliOf, qtyFieldError, toMilli } from './quantity';

const actorOf = (ctx: PlanContext): StockActor => ({
	role: ctx.role as Role,
	userId: ctx.userId,
	branchId: ctx.branchId
});

const byId = (table: Need['table'], value: string): Need => ({ table, by: 'id', value });

/** The document's warehouses, refusing a caller who may not move stock between them. */
function documentWarehouses(
	view: View,
	ctx: PlanContext,
	warehouseId: string,
	toWarehouseId: string | null | undefined
) {
	const from = referenced(view, ctx, 'warehouses', warehouseId, 'warehouseId');
	const to = toWarehouseId
		? referenced(view, ctx, 'warehouses', toWarehouseId, 'toWarehouseId')
		: undefined;
	const actor = actorOf(ctx);
	// A device that has not synced a warehouse cannot judge: the server will.
	if (from && (to || !toWarehouseId) && !mayMoveStock(actor, from, to)) {
		throw new AppError('forbidden', 'You may not move stock in these warehouses.', {
			[to && mayMoveStock(actor, from) ? 'toWarehouseId' : 'warehouseId']: fieldError(
				'not_allowed',
				'Not yours'
			)
		});
	}
	return { from, to };
}

const noSuchDocument = () =>
	new AppError('not_found', 'No such document.', { id: fieldError('not_found', 'Not found') });

/**
 * A document the caller may work with, with its warehouses; one they may not answers exactly
 * like one that does not exist.
 */
function documentOf(
	view: View,
	ctx: PlanContext,
	id: string,
	/** What else the plan will read once it has the document, asked for in the same read. */
	also: (doc: StockDocumentRow) => Need[] = () => []
) {
	const doc = view.get('stockDocuments', id);
	if (!doc) throw noSuchDocument();
	view.prefetch([
		byId('warehouses', doc.warehouseId),
		...(doc.toWarehouseId ? [byId('warehouses', doc.toWarehouseId)] : []),
		...also(doc)
	]);
	const from = referenced(view, ctx, 'warehouses', doc.warehouseId, 'warehouseId');
	const to = doc.toWarehouseId
		? referenced(view, ctx, 'warehouses', doc.toWarehouseId, 'toWarehouseId')
		: undefined;
	if (from && (to || !doc.toWarehouseId) && !mayMoveStock(actorOf(ctx), from, to)) {
		throw noSuchDocument();
	}
	return { doc, from, to };
}

/** Each line's quantity in thousandths, refusing unknown products and fractions of counted units. */
function linesOf(view: View, ctx: PlanContext, a: ArgsOf<'document.save'>) {
	view.prefetch(a.lines.map((l) => byId('products', l.productId)));
	const fields: FieldErrors = {};
	const lines = a.lines.map((l, i) => {
		const product = view.get('products', l.productId);
		// A product the device has not synced: its quantity as typed, for the server to judge.
		const marks = l.marks?.length ? { marks: l.marks } : {};
		if (!product && ctx.device)
			return { productId: l.productId, milli: milliOf(l.qty), cost: l.cost ?? null, ...marks };
		if (!product) {
			fields[`lines.${i}.productId`] = fieldError('not_found', 'Not found');
			return null;
		}
		if (a.type === 'stocktake' && l.qty === 0)
			return { productId: l.productId, milli: 0, cost: null };
		const q = toMilli(l.qty, product.unit as Unit);
		if ('problem' in q) {
			fields[`lines.${i}.qty`] = qtyFieldError(q.problem);
			return null;
		}
		return { productId: l.productId, milli: q.milli, cost: l.cost ?? null, ...marks };
	});
	if (Object.keys(fields).length) {
		const missing = Object.values(fields).some((f) => f.code === 'not_found');
		throw new AppError(
			missing ? 'not_found' : 'validation',
			missing ? 'No such product.' : 'Some quantities are not valid for their unit.',
			fields
		);
	}
	return lines as { productId: string; milli: number; cost: number | null; marks?: string[] }[];
}

/** What posting the document moves, by its lines (a stocktake's against what it expected). */
const movementsOf = (doc: StockDocumentRow) =>
	postingMovements(
		{
			id: doc.id,
			type: doc.type,
			warehouseId: doc.warehouseId,
			toWarehouseId: doc.toWarehouseId,
			lines: doc.lines.map((l) => ({ productId: l.productId, milli: milliOf(l.qty) }))
		},
		new Map(
			doc.lines.map((l) => [balanceKey(doc.warehouseId, l.productId), milliOf(l.expected ?? 0)])
		)
	);

/** The balances posting (or cancelling) the document moves. */
const balancesMoved = (doc: StockDocumentRow): Need[] =>
	movementsOf(doc).map((m) => byId('balances', balanceRowId(m.warehouseId, m.productId)));

const branchesOf = (...ws: (WarehouseRow | undefined)[]) =>
	new Map(ws.filter((w): w is WarehouseRow => !!w).map((w) => [w.id, w.branchId]));

const refusedStep = (step: { refused: string }) =>
	new AppError('conflict', `${step.refused}.`, { id: fieldError('wrong_state', step.refused) });

export const inventoryPlans = {
	'document.save': {
		reads: (a: ArgsOf<'document.save'>): Need[] => [
			byId('stockDocuments', a.id),
			byId('warehouses', a.warehouseId),
			...(a.toWarehouseId ? [byId('warehouses', a.toWarehouseId)] : []),
			...(a.counterpartyId ? [byId('counterparties', a.counterpartyId)] : []),
			...a.lines.map((l) => byId('products', l.productId)),
			...(a.type === 'stocktake'
				? a.lines.map((l) => byId('balances', balanceRowId(a.warehouseId, l.productId)))
				: [])
		],
		plan(view: View, a: ArgsOf<'document.save'>, ctx: PlanContext): Planned {
			const existing = view.get('stockDocuments', a.id);
			if (existing) {
				documentOf(view, ctx, a.id);
				if (existing.status !== 'draft') {
					throw new AppError('conflict', 'A posted or cancelled document is never edited.', {
						id: fieldError(
							'wrong_state',
							existing.status === 'posted' ? 'Already posted' : 'Already cancelled'
						)
					});
				}
				if (existing.type !== a.type) {
					throw new AppError('validation', "A document's type does not change.", {
						type: fieldError('cannot_change', 'Cannot change')
					});
				}
			}
			const { from, to } = documentWarehouses(view, ctx, a.warehouseId, a.toWarehouseId);
			for (const [w, field] of [
				[from, 'warehouseId'],
				[to, 'toWarehouseId']
			] as const) {
				if (w?.archived) {
					throw new AppError('validation', `${w.name} is archived.`, {
						[field]: fieldError('archived', 'Archived')
					});
				}
			}
			if (a.counterpartyId) {
				referenced(view, ctx, 'counterparties', a.counterpartyId, 'counterpartyId');
			}
			const stored = linesOf(view, ctx, a);
			let expected: Map<string, number> | undefined;
			if (a.type === 'stocktake') {
				// What the ledger said when each product was first counted: the posting moves the
				// difference, so sales between counting and posting are not counted twice.
				const kept = new Map(
					(existing?.warehouseId === a.warehouseId ? existing.lines : []).map((l) => [
						l.productId,
						milliOf(l.expected ?? 0)
					])
				);
				view.prefetch(
					stored
						.filter((l) => !kept.has(l.productId))
						.map((l) => byId('balances', balanceRowId(a.warehouseId, l.productId)))
				);
				expected = new Map(
					stored.map((l) => [
						l.productId,
						kept.get(l.productId) ??
							milliOf(view.get('balances', balanceRowId(a.warehouseId, l.productId))?.qty ?? 0)
					])
				);
			}
			const lines: StockLineRow[] = stored.map((l) => ({
				productId: l.productId,
				qty: fromMilli(l.milli),
				cost: l.cost,
				...(expected ? { expected: fromMilli(expected.get(l.productId) ?? 0) } : {}),
				...(l.marks ? { marks: l.marks } : {})
			}));
			const row: StockDocumentRow = {
				id: a.id,
				version: existing?.version ?? 0,
				updatedAt: ctx.now,
				branchId: from?.branchId ?? ctx.branchId ?? '',
				type: a.type,
				status: 'draft',
				number: null,
				warehouseId: a.warehouseId,
				toWarehouseId: a.toWarehouseId ?? null,
				counterpartyId: a.counterpartyId ?? null,
				reason: a.reason ?? null,
				comment: a.comment ?? null,
				lines,
				authorId: existing?.authorId ?? ctx.userId,
				createdAt: existing?.createdAt ?? ctx.now,
				postedAt: null,
				cancelledAt: null
			};
			return { writes: [{ put: 'stockDocuments', row }], result: { id: a.id }, versioned: true };
		}
	},

	'document.post': {
		reads: (a: ArgsOf<'document.post'>): Need[] => [byId('stockDocuments', a.id)],
		plan(view: View, a: ArgsOf<'document.post'>, ctx: PlanContext): Planned {
			const { doc, from, to } = documentOf(view, ctx, a.id, (d) =>
				d.status === 'draft' ? balancesMoved(d) : []
			);
			const next = transition(doc.status, 'post');
			if ('refused' in next) throw refusedStep(next);
			if (!doc.lines.length) {
				throw new AppError('validation', 'A document needs at least one line to post.', {
					lines: fieldError('required', 'Required')
				});
			}
			const writes: Write[] = [];
			const flagged = moveStock(view, writes, movementsOf(doc), {
				policy: negativeStockPolicyOf(ctx.settings),
				branchOf: branchesOf(from, to)
			});
			// Marked goods by their codes: received where a receipt brings them, moved by a transfer.
			const into =
				doc.type === 'receipt'
					? doc.warehouseId
					: doc.type === 'transfer'
						? doc.toWarehouseId
						: null;
			if (into && doc.lines.some((l) => l.marks?.length)) {
				view.prefetch([
					...doc.lines.map((l) => byId('products', l.productId)),
					...doc.lines.flatMap((l) => receiveNeeds(l.marks))
				]);
				receiveMarks(view, writes, doc.lines, { id: doc.id, warehouseId: into, now: ctx.now });
			}
			const number = takeNumber(view, writes, doc.branchId, documentPrefix(doc.type));
			writes.push(
				putOver(
					ctx,
					'stockDocuments',
					doc,
					{ status: 'posted', number, postedAt: ctx.now },
					{ postedBy: ctx.userId }
				),
				{
					audit: {
						action: 'stock.document_posted',
						entity: 'stock_document',
						entityId: doc.id,
						after: { number, type: doc.type, lines: doc.lines.length, flagged }
					}
				}
			);
			return { writes, result: { id: doc.id, number, flagged }, versioned: true };
		}
	},

	'document.cancel': {
		reads: (a: ArgsOf<'document.cancel'>): Need[] => [byId('stockDocuments', a.id)],
		plan(view: View, a: ArgsOf<'document.cancel'>, ctx: PlanContext): Planned {
			const { doc, from, to } = documentOf(view, ctx, a.id, (d) =>
				d.status === 'posted' ? balancesMoved(d) : []
			);
			const next = transition(doc.status, 'cancel');
			if ('refused' in next) throw refusedStep(next);
			const writes: Write[] = [];
			// The posting's movements follow from the posted lines alone (a stocktake's from what
			// it expected), which never change once posted: reversing them needs no ledger read.
			const flagged =
				doc.status === 'posted'
					? moveStock(view, writes, reversingMovements(movementsOf(doc)), {
							policy: negativeStockPolicyOf(ctx.settings),
							branchOf: branchesOf(from, to),
							reversal: true
						})
					: 0;
			writes.push(
				putOver(
					ctx,
					'stockDocuments',
					doc,
					{ status: 'cancelled', cancelledAt: ctx.now },
					{ cancelledBy: ctx.userId }
				),
				{
					audit: {
						action: 'stock.document_cancelled',
						entity: 'stock_document',
						entityId: doc.id,
						before: { status: doc.status, number: doc.number },
						after: { status: 'cancelled', flagged }
					}
				}
			);
			return { writes, result: { id: doc.id, flagged }, versioned: true };
		}
	},

	'shortage.resolve': {
		reads: (a: ArgsOf<'shortage.resolve'>): Need[] => [byId('shortages', a.id)],
		plan(view: View, a: ArgsOf<'shortage.resolve'>, ctx: PlanContext): Planned {
			const flag = view.get('shortages', a.id);
			if (!flag || (!orgWide(ctx) && flag.branchId !== ctx.branchId)) {
				throw new AppError('not_found', 'No such shortage.', {
					id: fieldError('not_found', 'Not found')
				});
			}
			if (flag.status !== 'open') {
				throw new AppError('conflict', 'This shortage is already resolved.', {
					id: fieldError('wrong_state', 'Already resolved')
				});
			}
			const note = a.note || null;
			return {
				writes: [
					{
						put: 'shortages',
						row: {
							...flag,
							status: 'resolved',
							resolution: 'manager',
							note,
							resolvedAt: ctx.now,
							updatedAt: ctx.now
						},
						server: { resolvedBy: ctx.userId }
					},
					{
						audit: {
							action: 'stock.shortage_resolved',
							entity: 'stock_shortage',
							entityId: a.id,
							after: { note }
						}
					}
				],
				result: { id: a.id },
				versioned: true
			};
		}
	}
};
