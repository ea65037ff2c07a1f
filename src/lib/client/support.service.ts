/** Calls of the support screens and the problem report (online only: tickets are not synced). */
import type { Diagnostics, TicketStatus } from '../domain/support/tickets';
import { api } from './api';

export interface TicketSummary {
	id: string;
	organizationId: string;
	subject: string;
	status: TicketStatus;
	assigneeId: string | null;
	createdAt: number;
	updatedAt: number;
	author: string;
}
export interface Ticket extends Omit<TicketSummary, 'author'> {
	authorId: string;
	description: string;
	diagnostics: Diagnostics;
}
export interface TicketComment {
	id: string;
	side: 'customer' | 'support';
	body: string;
	createdAt: number;
	author: string;
}
export interface Grant {
	id: string;
	createdAt: number;
	expiresAt: number;
	revokedAt: number | null;
}

export const reportProblem = (input: {
	subject: string;
	description: string;
	diagnostics: Diagnostics;
}) => api<{ ticket: Ticket }>('POST', '/api/support/tickets', input);
export const listTickets = async (status = '') =>
	(
		await api<{ items: TicketSummary[] }>(
			'GET',
			`/api/support/tickets${status ? `?status=${status}` : ''}`
		)
	).items;
export const getTicket = (id: string) =>
	api<{ ticket: Ticket; comments: TicketComment[] }>('GET', `/api/support/tickets/${id}`);
export const updateTicket = (
	id: string,
	patch: { status?: TicketStatus; assigneeId?: string | null }
) => api<{ ticket: Ticket }>('PATCH', `/api/support/tickets/${id}`, patch);
export const addComment = (id: string, body: string) =>
	api('POST', `/api/support/tickets/${id}/comments`, { body });

export const listGrants = async () =>
	(await api<{ items: Grant[] }>('GET', '/api/support/grants')).items;
export const grantAccess = (hours: number) =>
	api<{ grant: Grant }>('POST', '/api/support/grants', { hours });
export const revokeGrant = (id: string) => api('DELETE', `/api/support/grants/${id}`);

export interface Deletion {
	requestedAt: number;
	purgeAt: number;
}
export const getDeletion = async () =>
	(await api<{ deletion: Deletion | null }>('GET', '/api/organization/deletion')).deletion;
export const requestDeletion = (confirmName: string) =>
	api<{ deletion: Deletion }>('POST', '/api/organization/deletion', { confirmName });
export const cancelDeletion = () => api('DELETE', '/api/organization/deletion');
export const eraseEmployee = (id: string) => api('POST', `/api/employees/${id}/erase`);

export interface HealthReport {
	days: { day: string; syncFailures: number; clientErrors: number }[];
	rejectedByReason: { code: string; n: number }[];
	integrations: {
		kind: 'webhook' | 'token' | 'import';
		id: string;
		name: string;
		health: 'healthy' | 'degraded' | 'failing' | 'paused';
		lastSuccessAt: number | null;
		lastError: string | null;
	}[];
}
export const getHealth = () => api<HealthReport>('GET', '/api/diagnostics/health');
