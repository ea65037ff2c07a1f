/**
 * Args of the inventory mutations, shared by the device (which validates before queueing) and
 * the server (which validates again and decides).
 */
import { z } from 'zod';
import { uuid } from '../catalog/schemas';
import { text } from '../validation';

/**
 * main: the organization's central store; branch: a branch's store; van: a rep's vehicle
 * (owned by that rep); store: the stock room of a trade point (sold from by its cashier).
 */
export const WAREHOUSE_KINDS = ['main', 'branch', 'van', 'store'] as const;
export type WarehouseKind = (typeof WAREHOUSE_KINDS)[number];

export const warehouseUpsertArgs = z
	.strictObject({
		id: uuid,
		name: text(120),
		kind: z.enum(WAREHOUSE_KINDS),
		/** Unset: the caller's branch (an administrator without one: the first branch). */
		branchId: uuid.optional(),
		/** The rep a van belongs to. */
		ownerId: uuid.nullish(),
		/** The trade point a store belongs to. */
		tradePointId: uuid.nullish(),
		archived: z.boolean().optional()
	})
	.refine((a) => a.kind !== 'van' || !!a.ownerId, {
		path: ['ownerId'],
		message: 'Required'
	})
	.refine((a) => a.kind === 'van' || !a.ownerId, {
		path: ['ownerId'],
		message: 'Only a van has an owner'
	})
	.refine((a) => a.kind === 'store' || !a.tradePointId, {
		path: ['tradePointId'],
		message: 'Only a store belongs to a trade point'
	});
