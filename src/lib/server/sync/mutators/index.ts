/**
 * The server side of every mutation, keyed by the registry's names: a mutation without its
 * server function does not compile.
 */
import type { ArgsOf, MutationName } from '../../../domain/sync/registry';
import type { MutationContext } from '../context';
import { catalogMutators } from './catalog';
import { inventoryMutators } from './inventory';
import { returnMutators } from './returns';
import { salesMutators } from './sales';
import { routeMutators } from './routes';
import { visitMutators } from './visits';
import { stockDocumentMutators } from './stock-documents';
import { tradePointMutators } from './trade-points';

export type ServerMutator<N extends MutationName> = (
	m: MutationContext,
	args: ArgsOf<N>
) => Promise<unknown>;

export const serverMutators: { [N in MutationName]: ServerMutator<N> } = {
	...catalogMutators,
	...tradePointMutators,
	...inventoryMutators,
	...stockDocumentMutators,
	...salesMutators,
	...returnMutators,
	...visitMutators,
	...routeMutators
};
