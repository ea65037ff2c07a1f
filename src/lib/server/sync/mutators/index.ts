/**
 * The server side of every mutation, keyed by the registry's names: a mutation without its
 * server function does not compile.
 */
import type { ArgsOf, MutationName } from '../../../domain/sync/registry';
import type { PlanName } from '../../../domain/sync/plans';
import type { MutationContext } from '../context';

export type ServerMutator<N extends MutationName> = (
	m: MutationContext,
	args: ArgsOf<N>
) => Promise<unknown>;

/** Mutations still written twice, by hand: a device side and this server side. */
export type HandWritten = Exclude<MutationName, PlanName>;

/** Every mutation not written as a plan (src/lib/domain/sync/plans.ts). */
export const serverMutators: { [N in HandWritten]: ServerMutator<N> } = {};
