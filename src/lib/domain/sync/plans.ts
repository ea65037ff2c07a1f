/**
 * Every mutation's plan (src/lib/domain/sync/plan.ts), keyed by the registry's names: a
 * mutation without one does not compile. A plan runs on the device for the optimistic effect
 * (src/lib/client/sync/plan-runner.ts) and on the server to decide (src/lib/server/sync/planner.ts).
 */
import { visitPlans } from '../field/plans';
import { dayClosePlans } from '../inventory/day-close-plans';
import { inventoryPlans } from '../inventory/plans';
import { catalogPlans } from '../catalog/plans';
import { routePlans } from '../field/route-plans';
import { warehousePlans } from '../inventory/warehouse-plans';
import { salePlans } from '../sales/plans';
import { assortmentPlans } from '../sales/assortment-plans';
import { targetPlans } from '../sales/target-plans';
import { fiscalPlans } from '../fiscal/plans';
import { taskPlans } from '../field/task-plans';
import { markPlans } from '../marking/plans';
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
	...visitPlans,
	...assortmentPlans,
	...dayClosePlans,
	...targetPlans,
	...fiscalPlans,
	...taskPlans,
	...markPlans
} satisfies { [N in MutationName]: MutationPlan<N> };

export type PlanName = keyof typeof PLANS;
