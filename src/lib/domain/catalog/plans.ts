/**
 * The catalog and the customers, written once: categories, products, price lists and prices,
 * counterparties and trade points. The device runs these plans for what the user sees at once,
 * the server to decide. Ids are each organization's own: one another organization holds is not
 * in the server's view, and a put of it makes the caller's own row, as a fresh id would.
 */
import { AppError, fieldError } from '../errors';
import { COUNTED_UNITS } from './schemas';
import type { Need, PlanContext, Planned, View, Write } from '../sync/plan';
import { mustAllExist, mustExist, ownBranchRow, targetBranch, putOver } from '../sync/plan-steps';
import type { ArgsOf } from '../sync/registry';
import { priceRowId } from '../sync/rows';

const byId = (table: Need['table'], value: string): Need => ({ table, by: 'id', value });

/**
 * The organization's default price list, where a price without a list goes. Every organization
 * gets one at sign-up; one made before that (the demo's) is created by its first price, with
 * the organization's id as its own, so every runner that creates it creates the same row.
 */
function defaultList(view: View, ctx: PlanContext, writes: Write[]): string {
	const found = view.all('priceLists').find((l) => l.isDefault);
	if (found) return found.id;
	// The device leaves the price to the server, which has the list or makes it.
	if (ctx.device) throw new AppError('not_found', 'No default price list yet.');
	writes.push({
		put: 'priceLists',
		row: {
			id: ctx.organizationId,
			version: 0,
			updatedAt: ctx.now,
			name: 'Base',
			isDefault: true,
			channels: [],
			counterpartyIds: []
		}
	});
	return ctx.organizationId;
}

export const catalogPlans = {
	'category.upsert': {
		reads: (a: ArgsOf<'category.upsert'>): Need[] => [
			byId('categories', a.id),
			...(a.parentId ? [byId('categories', a.parentId)] : [])
		],
		plan(view: View, a: ArgsOf<'category.upsert'>, ctx: PlanContext): Planned {
			const old = view.get('categories', a.id);
			if (a.parentId) {
				if (a.parentId === a.id) {
					throw new AppError('validation', 'A category cannot be its own parent.', {
						parentId: fieldError('invalid', 'Cannot be itself')
					});
				}
				mustExist(view, 'categories', a.parentId, 'parentId');
			}
			const writes: Write[] = [
				{
					put: 'categories',
					row: {
						id: a.id,
						version: old?.version ?? 0,
						updatedAt: ctx.now,
						name: a.name,
						parentId: a.parentId ?? null
					}
				}
			];
			return { writes, result: { id: a.id }, versioned: true };
		}
	},

	'product.upsert': {
		reads: (a: ArgsOf<'product.upsert'>): Need[] => [
			byId('products', a.id),
			{ table: 'products', by: 'sku', value: a.sku },
			...(a.categoryId ? [byId('categories', a.categoryId)] : [])
		],
		plan(view: View, a: ArgsOf<'product.upsert'>, ctx: PlanContext): Planned {
			const old = view.get('products', a.id);
			if (a.categoryId) mustExist(view, 'categories', a.categoryId, 'categoryId');
			if (view.where('products', 'sku', a.sku).some((p) => p.id !== a.id)) {
				throw new AppError('conflict', `Another product has SKU ${a.sku}.`, {
					sku: fieldError('taken', 'Already in use')
				});
			}
			const packSize = a.packSize === undefined ? (old?.packSize ?? null) : a.packSize;
			// A pack of a counted unit holds whole units (12 bottles, never 12.5).
			if (packSize !== null && COUNTED_UNITS.includes(a.unit) && !Number.isInteger(packSize)) {
				throw new AppError('validation', 'A pack of a counted unit holds whole units.', {
					packSize: fieldError('whole_only', 'Whole numbers only for this unit')
				});
			}
			// What the args leave out stays as it was.
			const writes: Write[] = [
				{
					put: 'products',
					row: {
						id: a.id,
						version: old?.version ?? 0,
						updatedAt: ctx.now,
						sku: a.sku,
						name: a.name,
						unit: a.unit,
						barcodes: a.barcodes ?? old?.barcodes ?? [],
						categoryId: a.categoryId === undefined ? (old?.categoryId ?? null) : a.categoryId,
						active: a.active ?? old?.active ?? true,
						// A row cached before these fields existed has them undefined: read as unset.
						ikpu: a.ikpu === undefined ? (old?.ikpu ?? null) : a.ikpu,
						packageCode: a.packageCode === undefined ? (old?.packageCode ?? null) : a.packageCode,
						vatRate: a.vatRate === undefined ? (old?.vatRate ?? null) : a.vatRate,
						gtin: a.gtin === undefined ? (old?.gtin ?? null) : a.gtin,
						marking: a.marking === undefined ? (old?.marking ?? null) : a.marking,
						photoId: a.photoId === undefined ? (old?.photoId ?? null) : a.photoId,
						packSize,
						attributes: a.attributes ?? old?.attributes ?? {}
					}
				}
			];
			return { writes, result: { id: a.id }, versioned: true };
		}
	},

	'priceList.upsert': {
		reads: (a: ArgsOf<'priceList.upsert'>): Need[] => [
			byId('priceLists', a.id),
			...(a.counterpartyIds ?? []).map((id) => byId('counterparties', id))
		],
		plan(view: View, a: ArgsOf<'priceList.upsert'>, ctx: PlanContext): Planned {
			const old = view.get('priceLists', a.id);
			const channels = a.channels ?? old?.channels ?? [];
			const counterpartyIds = a.counterpartyIds ?? old?.counterpartyIds ?? [];
			if (old?.isDefault && (channels.length || counterpartyIds.length)) {
				throw new AppError(
					'validation',
					'The default list prices for everyone; give channels and customers to another list.',
					{
						[a.channels?.length ? 'channels' : 'counterpartyIds']: fieldError(
							'not_allowed',
							'Not on the default list'
						)
					}
				);
			}
			mustAllExist(view, 'counterparties', counterpartyIds, 'counterpartyIds');
			const writes: Write[] = [
				{
					put: 'priceLists',
					row: {
						id: a.id,
						version: old?.version ?? 0,
						updatedAt: ctx.now,
						name: a.name,
						isDefault: old?.isDefault ?? false,
						channels,
						counterpartyIds
					}
				}
			];
			return { writes, result: { id: a.id }, versioned: true };
		}
	},

	'price.set': {
		reads: (a: ArgsOf<'price.set'>): Need[] => [
			byId('products', a.productId),
			// The product's prices on every list: the one set here is among them, whichever list.
			{ table: 'prices', by: 'productId', value: a.productId },
			a.priceListId ? byId('priceLists', a.priceListId) : { table: 'priceLists', all: true }
		],
		plan(view: View, a: ArgsOf<'price.set'>, ctx: PlanContext): Planned {
			mustExist(view, 'products', a.productId, 'productId');
			const writes: Write[] = [];
			const priceListId = a.priceListId
				? mustExist(view, 'priceLists', a.priceListId, 'priceListId').id
				: defaultList(view, ctx, writes);
			const id = priceRowId(priceListId, a.productId);
			if (a.price === null) {
				writes.push({ delete: 'prices', id });
				return { writes, result: { id, price: null }, versioned: true };
			}
			const old = view
				.where('prices', 'productId', a.productId)
				.find((p) => p.priceListId === priceListId);
			writes.push({
				put: 'prices',
				row: {
					id,
					version: old?.version ?? 0,
					updatedAt: ctx.now,
					priceListId,
					productId: a.productId,
					price: a.price
				}
			});
			return { writes, result: { id, price: a.price }, versioned: true };
		}
	},

	'counterparty.upsert': {
		reads: (a: ArgsOf<'counterparty.upsert'>): Need[] => [byId('counterparties', a.id)],
		plan(view: View, a: ArgsOf<'counterparty.upsert'>, ctx: PlanContext): Planned {
			const old = view.get('counterparties', a.id);
			const writes: Write[] = [
				{
					put: 'counterparties',
					row: {
						id: a.id,
						version: old?.version ?? 0,
						updatedAt: ctx.now,
						name: a.name,
						kind: a.kind ?? old?.kind ?? 'customer',
						taxId: a.taxId || null,
						phone: a.phone || null,
						email: a.email || null,
						address: a.address || null,
						contactName: a.contactName || null
					}
				}
			];
			return { writes, result: { id: a.id }, versioned: true };
		}
	},

	'tradePoint.upsert': {
		reads: (a: ArgsOf<'tradePoint.upsert'>): Need[] => [
			byId('tradePoints', a.id),
			...(a.counterpartyId ? [byId('counterparties', a.counterpartyId)] : [])
		],
		plan(view: View, a: ArgsOf<'tradePoint.upsert'>, ctx: PlanContext): Planned {
			const old = ownBranchRow(view, ctx, 'tradePoints', a.id, 'trade point');
			if (a.counterpartyId) mustExist(view, 'counterparties', a.counterpartyId, 'counterpartyId');
			const branchId = targetBranch(
				ctx,
				a.branchId,
				old?.branchId,
				'Only an administrator moves trade points between branches.'
			);
			const location =
				a.location === undefined
					? {
							lat: old?.lat ?? null,
							lng: old?.lng ?? null,
							locationSource: old?.locationSource ?? null
						}
					: a.location === null
						? { lat: null, lng: null, locationSource: null }
						: { lat: a.location.lat, lng: a.location.lng, locationSource: a.location.source };
			const writes: Write[] = [
				{
					put: 'tradePoints',
					row: {
						id: a.id,
						version: old?.version ?? 0,
						updatedAt: ctx.now,
						branchId,
						name: a.name,
						address: a.address || null,
						counterpartyId: a.counterpartyId ?? null,
						channel: a.channel ?? null,
						...location,
						archived: old?.archived ?? false
					}
				}
			];
			// Reps and managers of the old branch must drop it from their devices.
			if (old && old.branchId !== branchId) {
				writes.push({ tombstone: 'tradePoints', id: a.id, branchId: old.branchId });
			}
			return { writes, result: { id: a.id }, versioned: true };
		}
	},

	'tradePoint.archive': {
		reads: (a: ArgsOf<'tradePoint.archive'>): Need[] => [byId('tradePoints', a.id)],
		plan(view: View, a: ArgsOf<'tradePoint.archive'>, ctx: PlanContext): Planned {
			const old = ownBranchRow(view, ctx, 'tradePoints', a.id, 'trade point');
			if (!old) throw new AppError('not_found', 'No such trade point.');
			const writes: Write[] = [putOver(ctx, 'tradePoints', old, { archived: true })];
			return { writes, result: { id: a.id }, versioned: true };
		}
	}
};
