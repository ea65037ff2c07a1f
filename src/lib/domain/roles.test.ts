import { describe, expect, it } from 'vitest';
import { AppError } from './errors';
import {
	assertCan,
	can,
	EMPLOYEE_ROLES,
	PERMISSIONS,
	permissionsOf,
	ROLES,
	groupedSections,
	SECTION_GROUPS,
	SECTIONS,
	sectionsFor,
	type Permission
} from './roles';

describe('the permission policy', () => {
	it('gives admin every permission but the vendor support queue', () => {
		expect(permissionsOf('admin').sort()).toEqual(
			PERMISSIONS.filter((p) => p !== 'support.queue').sort()
		);
		expect(can('admin', 'support.queue')).toBe(false);
	});

	it('gives support staff the support queue and nothing of a customer', () => {
		expect(permissionsOf('support')).toEqual(['support.queue']);
		for (const p of PERMISSIONS) expect(can('support', p)).toBe(p === 'support.queue');
	});

	it('keeps administration to admins alone', () => {
		const adminOnly: Permission[] = [
			'organization.manage',
			'branches.manage',
			'employees.manage',
			'audit.read'
		];
		for (const p of adminOnly) expect(ROLES.filter((r) => can(r, p))).toEqual(['admin']);
	});

	it('lets every employee role sync and read the catalog; no employee role has the support queue', () => {
		for (const r of EMPLOYEE_ROLES) {
			expect(can(r, 'sync.use')).toBe(true);
			expect(can(r, 'catalog.read')).toBe(true);
			expect(can(r, 'support.queue')).toBe(false);
		}
	});

	it('never lets an admin hand out the support role', () => {
		expect(EMPLOYEE_ROLES).not.toContain('support');
		expect([...EMPLOYEE_ROLES, 'support'].sort()).toEqual([...ROLES].sort());
	});

	it('names only known permissions, each once', () => {
		for (const r of ROLES) {
			const list = permissionsOf(r);
			expect(new Set(list).size).toBe(list.length);
			for (const p of list) expect(PERMISSIONS).toContain(p);
		}
	});

	it('hands out copies: changing the list changes nobody’s rights', () => {
		const list = permissionsOf('rep');
		list.push('employees.manage');
		expect(can('rep', 'employees.manage')).toBe(false);
		expect(permissionsOf('rep')).not.toContain('employees.manage');
	});

	it('assertCan throws a 403 forbidden naming the permission, and passes when allowed', () => {
		expect(() => assertCan('admin', 'employees.manage')).not.toThrow();
		let thrown: unknown;
		try {
			assertCan('cashier', 'employees.manage');
		} catch (err) {
			thrown = err;
		}
		expect(thrown).toBeInstanceOf(AppError);
		expect((thrown as AppError).code).toBe('forbidden');
		expect((thrown as AppError).status).toBe(403);
		expect((thrown as AppError).message).toContain('employees.manage');
	});
});

describe('sectionsFor', () => {
	const ids = (role: Parameters<typeof sectionsFor>[0]) => sectionsFor(role).map((s) => s.id);

	it('shows admin every section, in order', () => {
		expect(ids('admin')).toEqual(SECTIONS.map((s) => s.id));
	});

	it('shows support staff only home, their queue and their account', () => {
		expect(ids('support')).toEqual(['home', 'support', 'account']);
	});

	it('shows a manager the branch work but no administration', () => {
		expect(ids('manager')).toEqual([
			'home',
			'sales',
			'orders',
			'reports',
			'routes',
			'tasks',
			'tradePoints',
			'map',
			'counterparties',
			'catalog',
			'promotions',
			'stock',
			'warehouses',
			'employees',
			'sync',
			'support',
			'account'
		]);
	});

	it('shows a rep, a storekeeper and a cashier only their daily work', () => {
		expect(ids('rep')).toEqual([
			'home',
			'sell',
			'orders',
			'visits',
			'tradePoints',
			'map',
			'catalog',
			'stock',
			'sync',
			'support',
			'account'
		]);
		expect(ids('storekeeper')).toEqual([
			'home',
			'orders',
			'catalog',
			'stock',
			'sync',
			'support',
			'account'
		]);
		expect(ids('cashier')).toEqual([
			'home',
			'sell',
			'catalog',
			'stock',
			'sync',
			'support',
			'account'
		]);
	});

	it('always keeps home and account, and never shows a section the role may not use', () => {
		for (const r of ROLES) {
			const shown = sectionsFor(r);
			expect(shown.map((s) => s.id)).toEqual(expect.arrayContaining(['home', 'account']));
			for (const s of shown) if (s.permission) expect(can(r, s.permission)).toBe(true);
		}
	});
});

describe('groupedSections', () => {
	it('gives each role its sections in groups, in the navigation order, none empty', () => {
		for (const r of ROLES) {
			const groups = groupedSections(r);
			expect(groups.flatMap((g) => g.sections.map((s) => s.id))).toEqual(
				sectionsFor(r).map((s) => s.id)
			);
			expect(groups.map((g) => g.group)).toEqual(
				SECTION_GROUPS.filter((g) => groups.some((x) => x.group === g))
			);
			for (const g of groups) expect(g.sections.length).toBeGreaterThan(0);
		}
	});

	it('puts administration in its own group, which only an admin and a manager see', () => {
		const admin = groupedSections('admin').find((g) => g.group === 'organization');
		expect(admin?.sections.map((s) => s.id)).toEqual([
			'employees',
			'branches',
			'settings',
			'integrations',
			'audit',
			'health'
		]);
		expect(
			groupedSections('manager').find((g) => g.group === 'organization')?.sections
		).toHaveLength(1);
		for (const r of ['rep', 'storekeeper', 'cashier', 'support'] as const) {
			expect(groupedSections(r).some((g) => g.group === 'organization')).toBe(false);
		}
	});
});
