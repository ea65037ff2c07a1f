/**
 * Support tickets and access grants: the statuses a ticket moves through, who may move it where,
 * and the shape of a report with its diagnostics (which the user may trim before sending).
 */
import { z } from 'zod';
import { because, multilineText, plainMultilineText, plainText, text } from '../validation';

export const TICKET_STATUSES = ['open', 'in_progress', 'waiting', 'resolved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/**
 * Where a ticket may go next, by side: support works it; the customer answers (which brings a
 * waiting ticket back to support), confirms it resolved, closes, or reopens.
 */
const NEXT: Record<'support' | 'customer', Partial<Record<TicketStatus, TicketStatus[]>>> = {
	support: {
		open: ['in_progress', 'waiting', 'resolved'],
		in_progress: ['waiting', 'resolved'],
		waiting: ['in_progress', 'resolved'],
		resolved: ['in_progress', 'closed']
	},
	customer: {
		open: ['closed'],
		in_progress: ['closed'],
		waiting: ['in_progress', 'closed'],
		resolved: ['open', 'closed'],
		closed: ['open']
	}
};

export function canMove(side: 'support' | 'customer', from: TicketStatus, to: TicketStatus) {
	return NEXT[side][from]?.includes(to) ?? false;
}

/** What the app gathers for a report; every part optional, since the user may leave any out. */
export const diagnosticsSchema = z
	.strictObject({
		appVersion: plainText().max(100).optional(),
		serviceWorker: plainText().max(100).optional(),
		browser: plainText().max(500).optional(),
		online: z.boolean().optional(),
		outbox: z
			.strictObject({ pending: z.number().int().min(0), rejected: z.number().int().min(0) })
			.optional(),
		rejected: z
			.array(
				z.strictObject({
					name: plainText().max(64),
					code: plainText().max(64),
					message: plainMultilineText().max(500)
				})
			)
			.max(20)
			.optional(),
		lastSync: z.number().int().min(0).nullable().optional(),
		recentErrors: z
			.array(
				z.strictObject({ at: z.number().int().min(0), message: plainMultilineText().max(500) })
			)
			.max(20)
			.optional(),
		screen: plainText().max(200).optional()
	})
	.default({});
export type Diagnostics = z.infer<typeof diagnosticsSchema>;

export const ticketCreateSchema = z.strictObject({
	subject: text(200),
	description: multilineText(5000),
	diagnostics: diagnosticsSchema
});

export const ticketPatchSchema = z
	.strictObject({
		status: z.enum(TICKET_STATUSES).optional(),
		/** Support only: the support user who works it, or null. */
		assigneeId: plainText().max(64).nullable().optional()
	})
	.refine((v) => Object.keys(v).length > 0, because('nothing_to_change', 'Nothing to change'));

export const commentSchema = z.strictObject({ body: multilineText(5000) });

/** An admin's grant of support access, for 1 to 72 hours. */
export const grantSchema = z.strictObject({
	hours: z.number().int().min(1, 'At least 1 hour').max(72, 'At most 72 hours')
});
