/**
 * `receipt.fiscalize`: the till keeps the cash register's answer on the receipt. The register
 * is reached from the device (its driver runs on the till's computer), so the device sends
 * what the register answered; the server checks it is well formed, that the caller may see
 * the receipt, and that a signed receipt is never stamped again with another signature.
 */
import { AppError, fieldError } from '../errors';
import { mayMoveStock } from '../inventory/access';
import type { Role } from '../roles';
import type { Need, PlanContext, Planned, View } from '../sync/plan';
import { putOver } from '../sync/plan-steps';
import type { ArgsOf } from '../sync/registry';
import { mayStamp } from './stamp';

export const fiscalPlans = {
	'receipt.fiscalize': {
		reads: (a: ArgsOf<'receipt.fiscalize'>): Need[] => [
			{ table: 'receipts', by: 'id', value: a.receiptId }
		],
		plan(view: View, a: ArgsOf<'receipt.fiscalize'>, ctx: PlanContext): Planned {
			const receipt = view.get('receipts', a.receiptId);
			const from = receipt ? view.get('warehouses', receipt.warehouseId) : undefined;
			// Someone else's receipt in a warehouse the caller does not work answers as missing.
			const mine =
				receipt &&
				(receipt.authorId === ctx.userId ||
					(from &&
						mayMoveStock(
							{ role: ctx.role as Role, userId: ctx.userId, branchId: ctx.branchId },
							from
						)));
			if (!receipt || (!mine && !(ctx.device && !from))) {
				throw new AppError('not_found', 'No such receipt.', {
					receiptId: fieldError('not_found', 'Not found')
				});
			}
			if (!mayStamp(receipt.fiscal, a.stamp)) {
				throw new AppError('conflict', 'This receipt is already fiscalized.', {
					receiptId: fieldError('wrong_state', 'Already fiscalized')
				});
			}
			return {
				writes: [putOver(ctx, 'receipts', receipt, { fiscal: a.stamp })],
				result: { id: receipt.id },
				versioned: true
			};
		}
	}
};
