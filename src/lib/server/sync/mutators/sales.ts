/**
 * What the hand-written return mutation shares with selling: the organization's rules and a
 * customer's debt. Selling itself is written once, as plans (src/lib/domain/sales/plans.ts).
 */
import { eq, sql } from 'drizzle-orm';
import { negativeStockPolicyOf, type NegativeStockPolicy } from '../../../domain/inventory/ledger';
import type { CreditPolicy } from '../../../domain/sales/credit';
import { counterpartyDebts, organizations } from '../../db/schema';
import type { MutationContext } from '../context';

interface OrgRules {
	policy: NegativeStockPolicy;
	creditLimit: number | null | undefined;
	creditPolicy: CreditPolicy | undefined;
}

export async function rulesOf(m: MutationContext): Promise<OrgRules> {
	const [org] = await m.tx
		.select({ settings: organizations.settings })
		.from(organizations)
		.where(eq(organizations.id, m.organizationId));
	const settings = (org?.settings ?? {}) as {
		negativeStockPolicy?: NegativeStockPolicy;
		creditLimit?: number | null;
		creditPolicy?: CreditPolicy;
	};
	return {
		policy: negativeStockPolicyOf(settings),
		creditLimit: settings.creditLimit,
		creditPolicy: settings.creditPolicy
	};
}

export async function addDebt(m: MutationContext, counterpartyId: string, amount: number) {
	if (!amount) return;
	const version = await m.version();
	await m.tx
		.insert(counterpartyDebts)
		.values({ organizationId: m.organizationId, counterpartyId, amount, version, updatedAt: m.now })
		.onConflictDoUpdate({
			target: [counterpartyDebts.organizationId, counterpartyDebts.counterpartyId],
			set: {
				amount: sql`${counterpartyDebts.amount} + excluded.amount`,
				version: sql`excluded.version`,
				updatedAt: sql`excluded.updated_at`
			}
		});
}
