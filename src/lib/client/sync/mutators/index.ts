/**
 * The device side of every mutation: the optimistic local effect, applied at once when the
 * user acts and re-applied on top of each pull until the server has the mutation. Keyed by the
 * registry's names, so a mutation without its device function does not compile.
 */
import type { ArgsOf, MutationName } from '../../../domain/sync/registry';
import type { PlanName } from '../../../domain/sync/plans';
import type { LocalWriter } from './writer';

export type DeviceMutator<N extends MutationName> = (
	w: LocalWriter,
	args: ArgsOf<N>
) => Promise<void>;

/** Every mutation not written as a plan (src/lib/domain/sync/plans.ts). */
export const deviceMutators: { [N in Exclude<MutationName, PlanName>]: DeviceMutator<N> } = {};
