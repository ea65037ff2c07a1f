/** Every action the audit log records; the admin page filters by them. */
export const AUDIT_ACTIONS = [
	'auth.signin',
	'auth.signin_failed',
	'auth.signout',
	'auth.signup',
	'session.ended',
	'employee.created',
	'employee.updated',
	'employee.deactivated',
	'employee.activated',
	'employee.password_reset',
	'branch.created',
	'branch.updated',
	'organization.updated',
	'organization.settings_changed',
	'sync.discarded',
	'stock.document_posted',
	'stock.document_cancelled',
	'stock.shortage_resolved',
	'stock.imported',
	'token.created',
	'token.revoked',
	'organization.exported',
	'employee.erased'
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
