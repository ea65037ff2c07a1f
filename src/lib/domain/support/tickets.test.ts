import { describe, expect, it } from 'vitest';
import { canMove, ticketCreateSchema } from './tickets';

describe('tickets', () => {
	it('move open → in progress → waiting → resolved → closed, each side its own steps', () => {
		expect(canMove('support', 'open', 'in_progress')).toBe(true);
		expect(canMove('support', 'in_progress', 'waiting')).toBe(true);
		expect(canMove('customer', 'waiting', 'in_progress')).toBe(true);
		expect(canMove('support', 'waiting', 'resolved')).toBe(true);
		expect(canMove('customer', 'resolved', 'closed')).toBe(true);
		expect(canMove('customer', 'closed', 'open')).toBe(true);
		// Support does not close for the customer, nor skip back to open.
		expect(canMove('support', 'resolved', 'open')).toBe(false);
		expect(canMove('support', 'closed', 'in_progress')).toBe(false);
		expect(canMove('customer', 'open', 'resolved')).toBe(false);
	});

	it('take a report with any part of the diagnostics left out', () => {
		expect(
			ticketCreateSchema.safeParse({ subject: 'Sync stuck', description: 'Since noon' }).success
		).toBe(true);
		const full = ticketCreateSchema.safeParse({
			subject: 'x',
			description: 'y',
			diagnostics: { online: false, outbox: { pending: 3, rejected: 1 }, browser: 'Chrome' }
		});
		expect(full.success).toBe(true);
		expect(
			ticketCreateSchema.safeParse({ subject: 'x', description: 'y', diagnostics: { secret: 1 } })
				.success
		).toBe(false);
	});
});
