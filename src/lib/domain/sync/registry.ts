/**
 * The mutation registry: every business write a device can make. An entry names the
 * mutation, its args schema and version, and the permission it needs. What it does is its plan
 * (src/lib/domain/sync/plans.ts), written once and run by the device (it predicts) and the
 * server (it decides).
 *
 * To add a mutation: add an entry here, its plan, and a line in docs/api.md.
 */
import type { z } from 'zod';
import type { Permission } from '../roles';
import {
	categoryUpsertArgs,
	counterpartyUpsertArgs,
	priceListUpsertArgs,
	priceSetArgs,
	productUpsertArgs,
	tradePointArchiveArgs,
	tradePointUpsertArgs
} from '../catalog/schemas';
import {
	dayCloseConfirmArgs,
	dayCloseSubmitArgs,
	documentCancelArgs,
	documentPostArgs,
	documentSaveArgs,
	shortageResolveArgs,
	warehouseUpsertArgs
} from '../inventory/schemas';
import { routeArchiveArgs, routeUpsertArgs } from '../field/routes';
import { visitCheckInArgs, visitCheckOutArgs } from '../field/visits';
import { promotionArgs } from '../sales/promotions';
import { assortmentSetArgs } from '../sales/assortment';
import { targetSetArgs } from '../sales/targets';
import { receiptFiscalizeArgs } from '../fiscal/stamp';
import { markRegisterPackArgs } from '../marking/plans';
import { taskTemplateUpsertArgs, visitTaskSubmitArgs } from '../field/tasks';
import {
	orderCreateArgs,
	orderSetStatusArgs,
	paymentCollectArgs,
	returnCreateArgs,
	saleCreateArgs
} from '../sales/schemas';

export interface MutationDef<A extends z.ZodType = z.ZodType> {
	args: A;
	permission: Permission;
	/** The current shape's version. Devices send it as `v`. */
	version: number;
	/**
	 * Turns args of the previous version into the current shape, so devices that have not
	 * updated yet keep working. Anything older answers `update_required`.
	 */
	upgradePrevious?: (args: unknown) => unknown;
}

function define<A extends z.ZodType>(def: MutationDef<A>): MutationDef<A> {
	return def;
}

export const MUTATIONS = {
	'category.upsert': define({ args: categoryUpsertArgs, permission: 'catalog.write', version: 1 }),
	'product.upsert': define({ args: productUpsertArgs, permission: 'catalog.write', version: 1 }),
	'price.set': define({ args: priceSetArgs, permission: 'catalog.write', version: 1 }),
	'priceList.upsert': define({
		args: priceListUpsertArgs,
		permission: 'catalog.write',
		version: 1
	}),
	'counterparty.upsert': define({
		args: counterpartyUpsertArgs,
		permission: 'tradepoints.write',
		version: 1
	}),
	'tradePoint.upsert': define({
		args: tradePointUpsertArgs,
		permission: 'tradepoints.write',
		version: 1
	}),
	'tradePoint.archive': define({
		args: tradePointArchiveArgs,
		permission: 'tradepoints.write',
		version: 1
	}),
	'warehouse.upsert': define({
		args: warehouseUpsertArgs,
		permission: 'warehouses.manage',
		version: 1
	}),
	'document.save': define({ args: documentSaveArgs, permission: 'stock.move', version: 1 }),
	'document.post': define({ args: documentPostArgs, permission: 'stock.move', version: 1 }),
	'document.cancel': define({ args: documentCancelArgs, permission: 'stock.move', version: 1 }),
	'promotion.upsert': define({ args: promotionArgs, permission: 'catalog.write', version: 1 }),
	'sale.create': define({ args: saleCreateArgs, permission: 'sales.create', version: 1 }),
	'return.create': define({ args: returnCreateArgs, permission: 'sales.create', version: 1 }),
	'payment.collect': define({ args: paymentCollectArgs, permission: 'sales.create', version: 1 }),
	'order.create': define({ args: orderCreateArgs, permission: 'sales.create', version: 1 }),
	'order.setStatus': define({
		args: orderSetStatusArgs,
		permission: 'orders.manage',
		version: 1
	}),
	'route.upsert': define({ args: routeUpsertArgs, permission: 'routes.plan', version: 1 }),
	'route.archive': define({ args: routeArchiveArgs, permission: 'routes.plan', version: 1 }),
	'visit.checkIn': define({ args: visitCheckInArgs, permission: 'visits.own', version: 1 }),
	'visit.checkOut': define({ args: visitCheckOutArgs, permission: 'visits.own', version: 1 }),
	'shortage.resolve': define({
		args: shortageResolveArgs,
		permission: 'warehouses.manage',
		version: 1
	}),
	'assortment.set': define({ args: assortmentSetArgs, permission: 'catalog.write', version: 1 }),
	/** The rep's count of their van and cash (the plan allows only the van's rep). */
	'dayClose.submit': define({ args: dayCloseSubmitArgs, permission: 'stock.move', version: 1 }),
	/** The handover, by the van's branch's storekeeper or manager (or an administrator). */
	'dayClose.confirm': define({ args: dayCloseConfirmArgs, permission: 'stock.write', version: 1 }),
	'target.set': define({ args: targetSetArgs, permission: 'routes.plan', version: 1 }),
	/** The cash register's answer kept on the receipt (domain/fiscal/plans.ts). */
	'receipt.fiscalize': define({
		args: receiptFiscalizeArgs,
		permission: 'sales.create',
		version: 1
	}),
	/** A manager's task template (domain/field/task-plans.ts); archived, never deleted. */
	'taskTemplate.upsert': define({
		args: taskTemplateUpsertArgs,
		permission: 'routes.plan',
		version: 1
	}),
	/** A rep's answers to a task at their own visit. */
	'visitTask.submit': define({ args: visitTaskSubmitArgs, permission: 'visits.own', version: 1 }),
	/** What a group or transport code holds (domain/marking/plans.ts), from a stock receipt. */
	'mark.registerPack': define({
		args: markRegisterPackArgs,
		permission: 'stock.move',
		version: 1
	})
} as const;

export type MutationName = keyof typeof MUTATIONS;
export type ArgsOf<N extends MutationName> = z.output<(typeof MUTATIONS)[N]['args']>;

export function isMutationName(name: string): name is MutationName {
	return Object.hasOwn(MUTATIONS, name);
}
