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
	'sync.discarded'
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
