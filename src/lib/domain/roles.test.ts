import { describe, expect, it } from 'vitest';
import { AppError } from './errors';
import {
	assertCan,
	can,
	EMPLOYEE_ROLES,
	PERMISSIONS,
	permissionsOf,
	ROLES,
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
			'catalog',
			'promotions',
			'tradePoints',
			'map',
			'counterparties',
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
			'catalog',
			'tradePoints',
			'map',
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
