/**
 * Organization admin actions (online: they change who may do what, so they go straight to the
 * server rather than through the offline outbox). Each returns data or throws an ApiError.
 */
import type { EmployeeRole, Role } from '../domain/roles';
import { api } from './api';
import type { OrganizationSettings } from '../domain/schemas/organization';
import type { ApiTokenInfo } from '../domain/integrations/tokens';

export interface Branch {
	id: string;
	name: string;
	address: string | null;
	active: boolean;
}

export interface Employee {
	id: string;
	name: string;
	login: string;
	role: Role;
	branchId: string | null;
	active: boolean;
	createdAt: number;
}

export interface Organization {
	id: string;
	name: string;
	currency: string;
	timezone: string;
	settings: OrganizationSettings;
}

export const listBranches = async () =>
	(await api<{ items: Branch[] }>('GET', '/api/branches')).items;
export const createBranch = (input: { name: string; address?: string }) =>
	api<{ branch: Branch }>('POST', '/api/branches', input);
export const updateBranch = (id: string, patch: Partial<Omit<Branch, 'id'>>) =>
	api<{ branch: Branch }>('PATCH', `/api/branches/${id}`, patch);

export const listEmployees = async () =>
	(await api<{ items: Employee[] }>('GET', '/api/employees')).items;
export const createEmployee = (input: {
	name: string;
	login: string;
	password: string;
	role: EmployeeRole;
	branchId: string;
}) => api<{ employee: Employee }>('POST', '/api/employees', input);
export const updateEmployee = (
	id: string,
	patch: { name?: string; role?: EmployeeRole; branchId?: string }
) => api<{ employee: Employee }>('PATCH', `/api/employees/${id}`, patch);
export const resetPassword = (id: string, password: string) =>
	api('POST', `/api/employees/${id}/password`, { password });
export const setEmployeeActive = (id: string, active: boolean) =>
	api<{ employee: Employee }>('POST', `/api/employees/${id}/${active ? 'activate' : 'deactivate'}`);

export const getOrganization = async () =>
	(await api<{ organization: Organization }>('GET', '/api/organization')).organization;
export const updateOrganization = (patch: Partial<Omit<Organization, 'id'>>) =>
	api<{ organization: Organization }>('PATCH', '/api/organization', patch);

export interface AuditEvent {
	id: string;
	actorName: string | null;
	action: string;
	entity: string | null;
	entityId: string | null;
	ip: string | null;
	userAgent: string | null;
	requestId: string | null;
	before: unknown;
	after: unknown;
	at: number;
}

export interface AuditFilters {
	action: string;
	actorId: string;
	from: string;
	to: string;
}

/** One page of the audit log, newest first; pass the previous page's `nextCursor` for more. */
export function listAudit(filters: AuditFilters, cursor?: string | null) {
	const params = new URLSearchParams();
	for (const [k, v] of Object.entries(filters)) if (v) params.set(k, v);
	if (cursor) params.set('cursor', cursor);
	return api<{ items: AuditEvent[]; nextCursor: string | null }>('GET', `/api/audit?${params}`);
}

export type ApiToken = ApiTokenInfo;
export const listTokens = async () =>
	(await api<{ items: ApiToken[] }>('GET', '/api/integrations/tokens')).items;
export const createToken = (input: { name: string; scopes: string[] }) =>
	api<{ token: string; item: ApiToken }>('POST', '/api/integrations/tokens', input);
export const revokeToken = (id: string) => api('DELETE', `/api/integrations/tokens/${id}`);

export interface WebhookSubscription {
	id: string;
	url: string;
	events: string[];
	paused: boolean;
	failureStreak: number;
	lastSuccessAt: number | null;
	lastErrorAt: number | null;
	lastError: string | null;
	createdAt: number;
	health: 'healthy' | 'degraded' | 'failing' | 'paused';
}
export interface WebhookDelivery {
	id: string;
	event: string;
	status: 'pending' | 'delivered' | 'failed';
	attempts: number;
	nextAttemptAt: number;
	lastStatus: number | null;
	lastError: string | null;
	createdAt: number;
	deliveredAt: number | null;
}
export const listWebhooks = async () =>
	(await api<{ items: WebhookSubscription[] }>('GET', '/api/integrations/webhooks')).items;
export const createWebhook = (input: { url: string; events: string[] }) =>
	api<{ item: { id: string }; secret: string }>('POST', '/api/integrations/webhooks', input);
export const setWebhookPaused = (id: string, paused: boolean) =>
	api('PATCH', `/api/integrations/webhooks/${id}`, { paused });
export const deleteWebhook = (id: string) => api('DELETE', `/api/integrations/webhooks/${id}`);
export const listWebhookDeliveries = async (id: string) =>
	(await api<{ items: WebhookDelivery[] }>('GET', `/api/integrations/webhooks/${id}/deliveries`))
		.items;
export const redeliverWebhook = (id: string, deliveryId: string) =>
	api('POST', `/api/integrations/webhooks/${id}/deliveries/${deliveryId}/redeliver`);
