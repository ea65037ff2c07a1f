/**
 * The audit log: who did what, to what, from where. Append-only (the database refuses
 * updates and deletes, see drizzle/0001_audit_append_only.sql).
 */
import type { Context } from 'hono';
import { uuidv7 } from 'uuidv7';
import { clientAddress } from './auth/client-address';
import type { Db, Tx } from './db/client';
import { auditEvents } from './db/schema';
import type { ApiEnv } from './api/types';
import { AUDIT_ACTIONS, type AuditAction } from '../domain/audit-actions';

export { AUDIT_ACTIONS, type AuditAction };

export interface AuditInput {
	action: AuditAction;
	organizationId: string | null;
	actorId?: string | null;
	actorName?: string | null;
	entity?: string;
	entityId?: string;
	before?: unknown;
	after?: unknown;
}

/**
 * The request's address, user agent and id, as recorded beside every event and used to throttle
 * sign-ins and sign-ups. The address is the peer the SvelteKit glue passes as `CLIENT_ADDRESS`
 * (the socket on Node, Cloudflare's own `CF-Connecting-IP` on Workers); a client-sent header
 * counts only behind a proxy named in `TRUST_PROXY` (see auth/client-address.ts).
 */
export function requestMeta(c: Context<ApiEnv>) {
	const env = (c.env ?? {}) as { CLIENT_ADDRESS?: string };
	return {
		ip: clientAddress(
			env.CLIENT_ADDRESS,
			c.req.header('x-forwarded-for'),
			c.var.deps.config.trustProxy
		),
		userAgent: c.req.header('user-agent')?.slice(0, 300) ?? null,
		requestId: c.var.requestId
	};
}

export async function audit(db: Db, c: Context<ApiEnv>, event: AuditInput): Promise<void> {
	const auth = c.get('auth') as ApiEnv['Variables']['auth'] | undefined;
	await recordAudit(db, event, { ...requestMeta(c), actorId: auth?.userId, actorName: auth?.name });
}

/**
 * Writes an event with `db` as given: inside a mutation's transaction, so the event and the
 * change it records commit together. A pushed mutation has no request of its own to record
 * beyond the push, so `from` may leave the address out.
 */
export async function recordAudit(
	db: Db | Tx,
	event: AuditInput,
	from: {
		actorId?: string | null;
		actorName?: string | null;
		ip?: string | null;
		userAgent?: string | null;
		requestId?: string | null;
	} = {}
): Promise<void> {
	await db.insert(auditEvents).values({
		id: uuidv7(),
		organizationId: event.organizationId,
		actorId: event.actorId ?? from.actorId ?? null,
		actorName: event.actorName ?? from.actorName ?? null,
		action: event.action,
		entity: event.entity ?? null,
		entityId: event.entityId ?? null,
		before: event.before ?? null,
		after: event.after ?? null,
		ip: from.ip ?? null,
		userAgent: from.userAgent ?? null,
		requestId: from.requestId ?? null,
		at: Date.now()
	});
}
