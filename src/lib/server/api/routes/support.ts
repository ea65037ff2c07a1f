/**
 * Support: tickets with the diagnostics the user chose to send, worked by vendor support across
 * organizations; and access grants, without which support sees none of an organization's data.
 * Every read under a grant is audited in that organization's log.
 */
import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import { uuidv7 } from 'uuidv7';
import { AppError, fieldError } from '../../../domain/errors';
import { isReadResource } from '../../../domain/integrations/tokens';
import { assertCan, can } from '../../../domain/roles';
import {
	canMove,
	commentSchema,
	grantSchema,
	ticketCreateSchema,
	ticketPatchSchema,
	type TicketStatus
} from '../../../domain/support/tickets';
import { parse } from '../../../domain/validation';
import { audit } from '../../audit';
import {
	roleAssignments,
	supportGrants,
	supportTickets,
	ticketComments,
	users
} from '../../db/schema';
import { orgOf } from '../../scope';
import { readJson } from '../errors';
import { pageQuery, resourcePage } from '../resource-page';
import { requireAuth } from '../middleware/auth';
import type { ApiEnv } from '../types';

const HOUR = 3_600_000;
const isSupport = (c: Context<ApiEnv>) => can(c.var.auth.role, 'support.queue');
const notFound = () => new AppError('not_found', 'No such ticket.');

/** The ticket if the caller may see it: support any; an admin their organization's; others their own. */
async function ticketFor(c: Context<ApiEnv>) {
	const [ticket] = await c.var.deps.db
		.select()
		.from(supportTickets)
		.where(eq(supportTickets.id, c.req.param('id') ?? ''));
	if (!ticket) throw notFound();
	if (isSupport(c)) return ticket;
	const auth = c.var.auth;
	if (ticket.organizationId !== auth.organizationId) throw notFound();
	if (auth.role !== 'admin' && ticket.authorId !== auth.userId) throw notFound();
	return ticket;
}

/** The organization's grant in force now, if any. */
async function activeGrant(c: Context<ApiEnv>, organizationId: string) {
	const [grant] = await c.var.deps.db
		.select()
		.from(supportGrants)
		.where(
			and(
				eq(supportGrants.organizationId, organizationId),
				isNull(supportGrants.revokedAt),
				gt(supportGrants.expiresAt, Date.now())
			)
		)
		.limit(1);
	return grant;
}

export const supportRoutes = new Hono<ApiEnv>()
	.use(requireAuth)
	.post('/tickets', async (c) => {
		if (isSupport(c)) throw new AppError('forbidden', 'Support staff answer tickets.');
		const input = parse(ticketCreateSchema, await readJson(c));
		const now = Date.now();
		const ticket = {
			id: uuidv7(),
			organizationId: orgOf(c.var.auth),
			authorId: c.var.auth.userId,
			subject: input.subject,
			description: input.description,
			status: 'open',
			assigneeId: null,
			diagnostics: input.diagnostics,
			createdAt: now,
			updatedAt: now
		};
		await c.var.deps.db.insert(supportTickets).values(ticket);
		return c.json({ ticket }, 201);
	})
	.get('/tickets', async (c) => {
		const status = c.req.query('status');
		const auth = c.var.auth;
		const where = isSupport(c)
			? status
				? eq(supportTickets.status, status)
				: undefined
			: and(
					eq(supportTickets.organizationId, orgOf(auth)),
					auth.role === 'admin' ? undefined : eq(supportTickets.authorId, auth.userId),
					status ? eq(supportTickets.status, status) : undefined
				);
		const items = await c.var.deps.db
			.select({
				id: supportTickets.id,
				organizationId: supportTickets.organizationId,
				subject: supportTickets.subject,
				status: supportTickets.status,
				assigneeId: supportTickets.assigneeId,
				createdAt: supportTickets.createdAt,
				updatedAt: supportTickets.updatedAt,
				author: users.name
			})
			.from(supportTickets)
			.innerJoin(users, eq(users.id, supportTickets.authorId))
			.where(where)
			.orderBy(desc(supportTickets.updatedAt))
			.limit(200);
		return c.json({ items });
	})
	.get('/tickets/:id', async (c) => {
		const ticket = await ticketFor(c);
		const comments = await c.var.deps.db
			.select({
				id: ticketComments.id,
				side: ticketComments.side,
				body: ticketComments.body,
				createdAt: ticketComments.createdAt,
				author: users.name
			})
			.from(ticketComments)
			.innerJoin(users, eq(users.id, ticketComments.authorId))
			.where(eq(ticketComments.ticketId, ticket.id))
			.orderBy(ticketComments.createdAt);
		return c.json({ ticket, comments });
	})
	.patch('/tickets/:id', async (c) => {
		const ticket = await ticketFor(c);
		const patch = parse(ticketPatchSchema, await readJson(c));
		const side = isSupport(c) ? 'support' : 'customer';
		if (patch.status && patch.status !== ticket.status) {
			if (!canMove(side, ticket.status as TicketStatus, patch.status)) {
				throw new AppError('conflict', `A ${ticket.status} ticket cannot become ${patch.status}.`, {
					status: fieldError('wrong_state', 'Not allowed now')
				});
			}
		}
		if (patch.assigneeId !== undefined) {
			if (side !== 'support') throw new AppError('forbidden', 'Support assigns tickets.');
			if (patch.assigneeId) {
				const [who] = await c.var.deps.db
					.select({ role: roleAssignments.role })
					.from(roleAssignments)
					.where(eq(roleAssignments.userId, patch.assigneeId));
				if (who?.role !== 'support') {
					throw new AppError('validation', 'Assign a support user.', {
						assigneeId: fieldError('wrong_role', 'Not a support user')
					});
				}
			}
		}
		const updated = { ...ticket, ...patch, updatedAt: Date.now() };
		await c.var.deps.db
			.update(supportTickets)
			.set({ status: updated.status, assigneeId: updated.assigneeId, updatedAt: updated.updatedAt })
			.where(eq(supportTickets.id, ticket.id));
		return c.json({ ticket: updated });
	})
	.post('/tickets/:id/comments', async (c) => {
		const ticket = await ticketFor(c);
		const input = parse(commentSchema, await readJson(c));
		const side = isSupport(c) ? 'support' : 'customer';
		const now = Date.now();
		const comment = {
			id: uuidv7(),
			ticketId: ticket.id,
			authorId: c.var.auth.userId,
			side,
			body: input.body,
			createdAt: now
		};
		await c.var.deps.db.insert(ticketComments).values(comment);
		// A customer's answer to a ticket waiting for them brings it back to support.
		const status =
			side === 'customer' && ticket.status === 'waiting' ? 'in_progress' : ticket.status;
		await c.var.deps.db
			.update(supportTickets)
			.set({ status, updatedAt: now })
			.where(eq(supportTickets.id, ticket.id));
		return c.json({ comment, status }, 201);
	})
	.get('/grants', async (c) => {
		assertCan(c.var.auth.role, 'organization.manage');
		const items = await c.var.deps.db
			.select()
			.from(supportGrants)
			.where(eq(supportGrants.organizationId, orgOf(c.var.auth)))
			.orderBy(desc(supportGrants.createdAt))
			.limit(50);
		return c.json({ items });
	})
	.post('/grants', async (c) => {
		assertCan(c.var.auth.role, 'organization.manage');
		const { hours } = parse(grantSchema, await readJson(c));
		const org = orgOf(c.var.auth);
		const now = Date.now();
		const grant = {
			id: uuidv7(),
			organizationId: org,
			grantedBy: c.var.auth.userId,
			createdAt: now,
			expiresAt: now + hours * HOUR,
			revokedAt: null
		};
		await c.var.deps.db.insert(supportGrants).values(grant);
		await audit(c.var.deps.db, c, {
			action: 'support.granted',
			organizationId: org,
			entity: 'support_grant',
			entityId: grant.id,
			after: { hours, expiresAt: grant.expiresAt }
		});
		return c.json({ grant }, 201);
	})
	.delete('/grants/:id', async (c) => {
		assertCan(c.var.auth.role, 'organization.manage');
		const org = orgOf(c.var.auth);
		const done = await c.var.deps.db
			.update(supportGrants)
			.set({ revokedAt: Date.now() })
			.where(
				and(
					eq(supportGrants.id, c.req.param('id')),
					eq(supportGrants.organizationId, org),
					isNull(supportGrants.revokedAt)
				)
			)
			.returning({ id: supportGrants.id });
		if (!done.length) throw new AppError('not_found', 'No such grant.');
		await audit(c.var.deps.db, c, {
			action: 'support.grant_revoked',
			organizationId: org,
			entity: 'support_grant',
			entityId: c.req.param('id')
		});
		return c.body(null, 204);
	})
	.get('/organizations/:orgId/:resource', async (c) => {
		assertCan(c.var.auth.role, 'support.queue');
		const orgId = c.req.param('orgId');
		const resource = c.req.param('resource');
		// No grant in force: the organization's data does not exist for support.
		if (!isReadResource(resource) || !(await activeGrant(c, orgId))) {
			throw new AppError('not_found', 'Not found.');
		}
		const q = parse(pageQuery.omit({ updatedSince: true }), c.req.query());
		const page = await resourcePage(c.var.deps.db, orgId, resource, q);
		await audit(c.var.deps.db, c, {
			action: 'support.read',
			organizationId: orgId,
			entity: resource,
			after: { rows: page.items.length, cursor: q.cursor ?? 0 }
		});
		return c.json(page);
	});
