/**
 * The mutations written as plans (src/lib/domain/sync/plan.ts), keyed by the registry's names.
 * A plan runs on the device for the optimistic effect and on the server to decide; mutations not
 * here yet keep their two hand-written sides (src/lib/client/sync/mutators,
 * src/lib/server/sync/mutators).
 */
import { visitPlans } from '../field/plans';
import { inventoryPlans } from '../inventory/plans';
import { catalogPlans } from '../catalog/plans';
import { routePlans } from '../field/route-plans';
import { warehousePlans } from '../inventory/warehouse-plans';
import { salePlans } from '../sales/plans';
import type { Need, NeedVia, PlanContext, Planned, View } from './plan';
import type { ArgsOf, MutationName } from './registry';

/** What `reads` may know of the caller before anything is read. */
export type ReadContext = Pick<PlanContext, 'userId' | 'branchId' | 'role'>;

export interface MutationPlan<N extends MutationName> {
	/** The rows it will read, for the server to load in its first read batch (a hint: a row
	 * missed here is loaded in a second one). */
	reads?(args: ArgsOf<N>, ctx: ReadContext): (Need | NeedVia)[];
	plan(view: View, args: ArgsOf<N>, ctx: PlanContext): Planned;
}

export const PLANS = {
	...salePlans,
	...catalogPlans,
	...warehousePlans,
	...routePlans,
	...inventoryPlans,
	...visitPlans
} satisfies { [N in MutationName]?: MutationPlan<N> };

export type PlanName = keyof typeof PLANS;

export const isPlanned = (name: string): name is PlanName => Object.hasOwn(PLANS, name);
