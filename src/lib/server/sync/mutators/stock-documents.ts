/**
 * Server side of the goods-movement documents: a draft is saved (and re-saved) freely; posting
 * numbers it and writes its movements; cancelling writes their reversal. Who may touch which
 * warehouse is `mayMoveStock` (src/lib/domain/inventory/access.ts); what moves is
 * `postingMovements` (src/lib/domain/inventory/ledger.ts).
 */
import { and, eq, inArray } from 'drizzle-orm';
import { AppError, fieldError, type FieldErrors } from '../../../domain/errors';
import { mayMoveStock, type StockActor } from '../../../domain/inventory/access';
import {
	balanceKey,
	documentPrefix,
	negativeStockPolicyOf,
	postingMovements,
	reversingMovements,
	transition,
	type Movement,
	type NegativeStockPolicy
} from '../../../domain/inventory/ledger';
import { qtyFieldError, toMilli } from '../../../domain/inventory/quantity';
import type { Unit } from '../../../domain/catalog/schemas';
import type { ArgsOf } from '../../../domain/sync/registry';
import {
	counterparties,
	organizations,
	products,
	stockDocuments,
	stockMovements,
	stockShortages,
	warehouses,
	type StoredLine
} from '../../db/schema';
import { nextNumber } from '../../numbering';
import { balancesOf, writeLedger } from '../../stock/ledger-store';
import type { MutationContext } from '../context';
import { assertInOrg } from './ownership';

type WarehouseRow = typeof warehouses.$inferSelect;
type DocumentRow = typeof stockDocuments.$inferSelect;

const actorOf = (m: MutationContext): StockActor => ({
	role: m.auth.role,
	userId: m.auth.userId,
	branchId: m.auth.branchId
});

async function warehouseIn(m: MutationContext, id: string, field: string): Promise<WarehouseRow> {
	return assertInOrg(m, warehouses, id, field);
}

/** The document's warehouses, refusing a caller who may not move stock between them. */
async function documentWarehouses(
	m: MutationContext,
	warehouseId: string,
	toWarehouseId: string | null | undefined
) {
	const from = await warehouseIn(m, warehouseId, 'warehouseId');
	const to = toWarehouseId ? await warehouseIn(m, toWarehouseId, 'toWarehouseId') : undefined;
	if (!mayMoveStock(actorOf(m), from, to)) {
		throw new AppError('forbidden', 'You may not move stock in these warehouses.', {
			[to && mayMoveStock(actorOf(m), from) ? 'toWarehouseId' : 'warehouseId']: fieldError(
				'not_allowed',
				'Not yours'
			)
		});
	}
	return { from, to };
}

/**
 * A document of the caller's organization that they may work with; any other id answers
 * exactly like one that does not exist.
 */
async function documentOf(m: MutationContext, id: string): Promise<DocumentRow> {
	const [doc] = await m.tx.select().from(stockDocuments).where(eq(stockDocuments.id, id));
	if (!doc || doc.organizationId !== m.organizationId) {
		throw new AppError('not_found', 'No such document.', {
			id: fieldError('not_found', 'Not found')
		});
	}
	const from = await warehouseIn(m, doc.warehouseId, 'warehouseId');
	const to = doc.toWarehouseId
		? await warehouseIn(m, doc.toWarehouseId, 'toWarehouseId')
		: undefined;
	if (!mayMoveStock(actorOf(m), from, to)) {
		throw new AppError('not_found', 'No such document.', {
			id: fieldError('not_found', 'Not found')
		});
	}
	return doc;
}

/** Each line's quantity in thousandths, refusing unknown products and fractions of counted units. */
async function storedLines(
	m: MutationContext,
	a: ArgsOf<'document.save'>
): Promise<Omit<StoredLine, 'expectedMilli'>[]> {
	const ids = [...new Set(a.lines.map((l) => l.productId))];
	const units = new Map<string, Unit>();
	for (let i = 0; i < ids.length; i += 1000) {
		const rows = await m.tx
			.select({ id: products.id, unit: products.unit })
			.from(products)
			.where(
				and(
					eq(products.organizationId, m.organizationId),
					inArray(products.id, ids.slice(i, i + 1000))
				)
			);
		for (const r of rows) units.set(r.id, r.unit as Unit);
	}
	const fields: FieldErrors = {};
	const lines = a.lines.map((l, i) => {
		const unit = units.get(l.productId);
		if (!unit) {
			fields[`lines.${i}.productId`] = fieldError('not_found', 'Not found');
			return null;
		}
		if (a.type === 'stocktake' && l.qty === 0)
			return { productId: l.productId, milli: 0, cost: null };
		const q = toMilli(l.qty, unit);
		if ('problem' in q) {
			fields[`lines.${i}.qty`] = qtyFieldError(q.problem);
			return null;
		}
		return { productId: l.productId, milli: q.milli, cost: l.cost ?? null };
	});
	const missing = Object.values(fields).some((f) => f.code === 'not_found');
	if (Object.keys(fields).length) {
		throw new AppError(
			missing ? 'not_found' : 'validation',
			missing ? 'No such product.' : 'Some quantities are not valid for their unit.',
			fields
		);
	}
	return lines as Omit<StoredLine, 'expectedMilli'>[];
}

async function policyOf(m: MutationContext): Promise<NegativeStockPolicy> {
	const [org] = await m.tx
		.select({ settings: organizations.settings })
		.from(organizations)
		.where(eq(organizations.id, m.organizationId));
	return negativeStockPolicyOf(
		(org?.settings ?? {}) as { negativeStockPolicy?: NegativeStockPolicy }
	);
}

const branchesOf = (...ws: (WarehouseRow | undefined)[]) =>
	new Map(ws.filter((w): w is WarehouseRow => !!w).map((w) => [w.id, w.branchId]));

export const stockDocumentMutators = {
	async 'document.save'(m: MutationContext, a: ArgsOf<'document.save'>) {
		const [existing] = await m.tx.select().from(stockDocuments).where(eq(stockDocuments.id, a.id));
		if (existing) {
			await documentOf(m, a.id);
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
		const { from, to } = await documentWarehouses(m, a.warehouseId, a.toWarehouseId);
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
		if (a.counterpartyId) await assertInOrg(m, counterparties, a.counterpartyId, 'counterpartyId');
		let lines: StoredLine[] = await storedLines(m, a);
		if (a.type === 'stocktake') {
			// What the ledger said when each product was first counted: the posting moves the
			// difference, so sales between counting and posting are not counted twice.
			const kept = new Map(
				(existing?.warehouseId === a.warehouseId ? existing.lines : []).map((l) => [
					l.productId,
					l.expectedMilli ?? 0
				])
			);
			const now = await balancesOf(
				m.tx,
				lines.map((l) => ({ warehouseId: a.warehouseId, productId: l.productId }))
			);
			lines = lines.map((l) => ({
				...l,
				expectedMilli: kept.get(l.productId) ?? now.get(balanceKey(a.warehouseId, l.productId)) ?? 0
			}));
		}
		const version = await m.version();
		const row = {
			branchId: from.branchId,
			type: a.type,
			warehouseId: a.warehouseId,
			toWarehouseId: a.toWarehouseId ?? null,
			counterpartyId: a.counterpartyId ?? null,
			reason: a.reason ?? null,
			comment: a.comment ?? null,
			lines,
			version,
			updatedAt: m.now
		};
		await m.tx
			.insert(stockDocuments)
			.values({
				id: a.id,
				organizationId: m.organizationId,
				status: 'draft',
				authorId: m.auth.userId,
				createdAt: m.now,
				...row
			})
			.onConflictDoUpdate({ target: stockDocuments.id, set: row });
		return { id: a.id, version };
	},

	async 'document.post'(m: MutationContext, a: ArgsOf<'document.post'>) {
		const doc = await documentOf(m, a.id);
		const next = transition(doc.status, 'post');
		if ('refused' in next)
			throw new AppError('conflict', `${next.refused}.`, {
				id: fieldError('wrong_state', next.refused)
			});
		if (!doc.lines.length) {
			throw new AppError('validation', 'A document needs at least one line to post.', {
				lines: fieldError('required', 'Required')
			});
		}
		const from = await warehouseIn(m, doc.warehouseId, 'warehouseId');
		const to = doc.toWarehouseId
			? await warehouseIn(m, doc.toWarehouseId, 'toWarehouseId')
			: undefined;
		const movements = postingMovements(
			{
				id: doc.id,
				type: doc.type,
				warehouseId: doc.warehouseId,
				toWarehouseId: doc.toWarehouseId,
				lines: doc.lines
			},
			new Map(
				doc.lines.map((l) => [balanceKey(doc.warehouseId, l.productId), l.expectedMilli ?? 0])
			)
		);
		const flagged = await writeLedger(m, {
			movements,
			policy: await policyOf(m),
			branchOf: branchesOf(from, to),
			reversal: false
		});
		const number = await nextNumber(m, doc.branchId, documentPrefix(doc.type));
		const version = await m.version();
		await m.tx
			.update(stockDocuments)
			.set({
				status: 'posted',
				number,
				postedAt: m.now,
				postedBy: m.auth.userId,
				version,
				updatedAt: m.now
			})
			.where(eq(stockDocuments.id, doc.id));
		await m.audit({
			action: 'stock.document_posted',
			entity: 'stock_document',
			entityId: doc.id,
			after: { number, type: doc.type, lines: doc.lines.length, flagged }
		});
		return { id: doc.id, number, version, flagged };
	},

	async 'document.cancel'(m: MutationContext, a: ArgsOf<'document.cancel'>) {
		const doc = await documentOf(m, a.id);
		const next = transition(doc.status, 'cancel');
		if ('refused' in next)
			throw new AppError('conflict', `${next.refused}.`, {
				id: fieldError('wrong_state', next.refused)
			});
		let flagged = 0;
		if (doc.status === 'posted') {
			const posted: Movement[] = await m.tx
				.select({
					warehouseId: stockMovements.warehouseId,
					productId: stockMovements.productId,
					milli: stockMovements.milli,
					documentId: stockMovements.documentId,
					line: stockMovements.line
				})
				.from(stockMovements)
				.where(and(eq(stockMovements.documentId, doc.id), eq(stockMovements.reversal, false)));
			const from = await warehouseIn(m, doc.warehouseId, 'warehouseId');
			const to = doc.toWarehouseId
				? await warehouseIn(m, doc.toWarehouseId, 'toWarehouseId')
				: undefined;
			flagged = await writeLedger(m, {
				movements: reversingMovements(posted),
				policy: await policyOf(m),
				branchOf: branchesOf(from, to),
				reversal: true
			});
		}
		const version = await m.version();
		await m.tx
			.update(stockDocuments)
			.set({
				status: 'cancelled',
				cancelledAt: m.now,
				cancelledBy: m.auth.userId,
				version,
				updatedAt: m.now
			})
			.where(eq(stockDocuments.id, doc.id));
		await m.audit({
			action: 'stock.document_cancelled',
			entity: 'stock_document',
			entityId: doc.id,
			before: { status: doc.status, number: doc.number },
			after: { status: 'cancelled', flagged }
		});
		return { id: doc.id, version, flagged };
	},

	async 'shortage.resolve'(m: MutationContext, a: ArgsOf<'shortage.resolve'>) {
		const [flag] = await m.tx.select().from(stockShortages).where(eq(stockShortages.id, a.id));
		if (
			!flag ||
			flag.organizationId !== m.organizationId ||
			(m.auth.role !== 'admin' && flag.branchId !== m.auth.branchId)
		) {
			throw new AppError('not_found', 'No such shortage.', {
				id: fieldError('not_found', 'Not found')
			});
		}
		if (flag.status !== 'open') {
			throw new AppError('conflict', 'This shortage is already resolved.', {
				id: fieldError('wrong_state', 'Already resolved')
			});
		}
		const version = await m.version();
		await m.tx
			.update(stockShortages)
			.set({
				status: 'resolved',
				resolution: 'manager',
				resolvedBy: m.auth.userId,
				resolvedAt: m.now,
				note: a.note || null,
				version,
				updatedAt: m.now
			})
			.where(eq(stockShortages.id, a.id));
		await m.audit({
			action: 'stock.shortage_resolved',
			entity: 'stock_shortage',
			entityId: a.id,
			after: { note: a.note || null }
		});
		return { id: a.id, version };
	}
};
