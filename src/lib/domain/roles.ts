/**
 * Roles and the one permission policy. The server guards every endpoint with `assertCan`;
 * the UI uses `can` and `sectionsFor` to show each role only what it may do.
 */
import { AppError } from './errors';

export const ROLES = ['admin', 'manager', 'rep', 'storekeeper', 'cashier', 'support'] as const;
export type Role = (typeof ROLES)[number];

/** Roles an organization's admin may give to its employees (support staff work for the vendor). */
export const EMPLOYEE_ROLES = ['admin', 'manager', 'rep', 'storekeeper', 'cashier'] as const;
export type EmployeeRole = (typeof EMPLOYEE_ROLES)[number];

export const PERMISSIONS = [
	'organization.manage',
	'branches.read',
	'branches.manage',
	'employees.read',
	'employees.manage',
	'audit.read',
	'catalog.read',
	'catalog.write',
	'tradepoints.read',
	'tradepoints.write',
	'stock.read',
	'stock.write',
	/** Saves and posts documents in warehouses `mayMoveStock` allows (a rep: their van). */
	'stock.move',
	'warehouses.manage',
	'sales.create',
	'sales.read',
	/** Sees orders: a rep their own, the office and the warehouse their branch's. */
	'orders.read',
	/** Confirms, ships and cancels orders (the office and the warehouse). */
	'orders.manage',
	'routes.plan',
	'visits.own',
	'reports.read',
	'sync.use',
	'support.queue'
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const POLICY: Record<Role, readonly Permission[]> = {
	admin: PERMISSIONS.filter((p) => p !== 'support.queue'),
	manager: [
		'branches.read',
		'employees.read',
		'catalog.read',
		'catalog.write',
		'tradepoints.read',
		'tradepoints.write',
		'stock.read',
		'stock.write',
		'stock.move',
		'warehouses.manage',
		'sales.read',
		'orders.read',
		'orders.manage',
		'routes.plan',
		'reports.read',
		'sync.use'
	],
	rep: [
		'catalog.read',
		'tradepoints.read',
		'stock.read',
		'stock.move',
		'sales.create',
		'orders.read',
		'visits.own',
		'sync.use'
	],
	storekeeper: [
		'catalog.read',
		'stock.read',
		'stock.write',
		'stock.move',
		'orders.read',
		'orders.manage',
		'sync.use'
	],
	cashier: ['catalog.read', 'stock.read', 'stock.move', 'sales.create', 'sync.use'],
	support: ['support.queue']
};

export function permissionsOf(role: Role): Permission[] {
	return [...POLICY[role]];
}

export function can(role: Role, permission: Permission): boolean {
	return POLICY[role].includes(permission);
}

/** Throws `forbidden` unless the role has the permission. Run before any existence check. */
export function assertCan(role: Role, permission: Permission): void {
	if (!can(role, permission)) {
		throw new AppError('forbidden', `Your role may not do this (needs ${permission}).`);
	}
}

/** The groups the navigation shows its sections in, in order; `start` has no heading. */
export const SECTION_GROUPS = ['start', 'trade', 'field', 'goods', 'organization', 'help'] as const;
export type SectionGroup = (typeof SECTION_GROUPS)[number];

/**
 * The app's navigation sections, each shown when the role has its permission, listed group by
 * group (the phone's bottom bar takes the first ones).
 */
export const SECTIONS = [
	{ id: 'home', href: '/', permission: null, group: 'start' },
	{ id: 'sell', href: '/sell', permission: 'sales.create', group: 'trade' },
	{ id: 'sales', href: '/sales', permission: 'sales.read', group: 'trade' },
	{ id: 'orders', href: '/orders', permission: 'orders.read', group: 'trade' },
	{ id: 'reports', href: '/reports', permission: 'reports.read', group: 'trade' },
	{ id: 'visits', href: '/visits', permission: 'visits.own', group: 'field' },
	{ id: 'routes', href: '/routes', permission: 'routes.plan', group: 'field' },
	/** Store work: task templates, the photo gallery and the audit reports (issue 17). */
	{ id: 'tasks', href: '/tasks', permission: 'routes.plan', group: 'field' },
	{ id: 'tradePoints', href: '/trade-points', permission: 'tradepoints.read', group: 'field' },
	{ id: 'map', href: '/map', permission: 'tradepoints.read', group: 'field' },
	{
		id: 'counterparties',
		href: '/counterparties',
		permission: 'tradepoints.write',
		group: 'field'
	},
	{ id: 'catalog', href: '/catalog', permission: 'catalog.read', group: 'goods' },
	{ id: 'promotions', href: '/promotions', permission: 'catalog.write', group: 'goods' },
	{ id: 'stock', href: '/stock', permission: 'stock.read', group: 'goods' },
	{ id: 'warehouses', href: '/warehouses', permission: 'warehouses.manage', group: 'goods' },
	{
		id: 'employees',
		href: '/admin/employees',
		permission: 'employees.read',
		group: 'organization'
	},
	{ id: 'branches', href: '/admin/branches', permission: 'branches.manage', group: 'organization' },
	{
		id: 'settings',
		href: '/admin/settings',
		permission: 'organization.manage',
		group: 'organization'
	},
	{
		id: 'integrations',
		href: '/admin/integrations',
		permission: 'organization.manage',
		group: 'organization'
	},
	{ id: 'audit', href: '/admin/audit', permission: 'audit.read', group: 'organization' },
	{ id: 'health', href: '/admin/health', permission: 'organization.manage', group: 'organization' },
	{ id: 'sync', href: '/sync', permission: 'sync.use', group: 'help' },
	{ id: 'support', href: '/support', permission: null, group: 'help' },
	{ id: 'account', href: '/account', permission: null, group: 'help' }
] as const satisfies readonly {
	id: string;
	href: string;
	permission: Permission | null;
	group: SectionGroup;
}[];

export type SectionId = (typeof SECTIONS)[number]['id'];

export function sectionsFor(role: Role) {
	return SECTIONS.filter((s) => s.permission === null || can(role, s.permission));
}

/** The role's sections group by group; a group the role has nothing in is left out. */
export function groupedSections(role: Role) {
	const mine = sectionsFor(role);
	return SECTION_GROUPS.map((group) => ({
		group,
		sections: mine.filter((s) => s.group === group)
	})).filter((g) => g.sections.length > 0);
}
