import { recordAudit, type AuditInput } from '../audit';
import type { AuthContext } from '../auth/session';
import type { Db } from '../db/client';
import { nextVersion } from './versions';

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** What a server mutator works with: its transaction, the caller, one version for all its rows. */
export class MutationContext {
	#version: number | undefined;
	readonly now = Date.now();

	constructor(
		readonly tx: Tx,
		readonly auth: AuthContext,
		readonly organizationId: string,
		/**
		 * Shared by the mutations of one batch: only what was already committed before this
		 * mutation began (a row no mutator deletes), so a savepoint rolled back cannot leave a
		 * fact behind that is no longer true.
		 */
		readonly facts = new Map<string, string>()
	) {}

	/** The version every row this mutation writes carries (taken on first use). */
	async version(): Promise<number> {
		this.#version ??= await nextVersion(this.tx, this.organizationId);
		return this.#version;
	}

	get versionTaken(): number | undefined {
		return this.#version;
	}

	/** Records the event in this mutation's transaction: it commits with the change or not at all. */
	audit(event: Omit<AuditInput, 'organizationId'>): Promise<void> {
		return recordAudit(
			this.tx,
			{ ...event, organizationId: this.organizationId },
			{ actorId: this.auth.userId, actorName: this.auth.name }
		);
	}
}
