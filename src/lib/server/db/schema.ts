/**
 * The database schema. Every business row carries `organization_id`; queries reach them only
 * through the scope in src/lib/server/scope.ts. Times are UTC epoch milliseconds.
 */
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

const now = sql`(unixepoch('subsec') * 1000)`;

export const organizations = sqliteTable('organizations', {
	id: text('id').primaryKey(),
	name: text('name').notNull(),
	currency: text('currency').notNull().default('UZS'),
	timezone: text('timezone').notNull().default('Asia/Tashkent'),
	settings: text('settings', { mode: 'json' })
		.$type<Record<string, unknown>>()
		.notNull()
		.default({}),
	createdAt: integer('created_at').notNull().default(now)
});

export const branches = sqliteTable(
	'branches',
	{
		id: text('id').primaryKey(),
		organizationId: text('organization_id')
			.notNull()
			.references(() => organizations.id),
		name: text('name').notNull(),
		address: text('address'),
		active: integer('active', { mode: 'boolean' }).notNull().default(true),
		createdAt: integer('created_at').notNull().default(now)
	},
	(t) => [index('branches_org').on(t.organizationId)]
);

export const users = sqliteTable(
	'users',
	{
		id: text('id').primaryKey(),
		/** Null for the vendor's support staff, who belong to no customer organization. */
		organizationId: text('organization_id').references(() => organizations.id),
		name: text('name').notNull(),
		login: text('login').notNull(),
		passwordHash: text('password_hash').notNull(),
		active: integer('active', { mode: 'boolean' }).notNull().default(true),
		createdAt: integer('created_at').notNull().default(now),
		updatedAt: integer('updated_at').notNull().default(now)
	},
	(t) => [uniqueIndex('users_login').on(t.login), index('users_org').on(t.organizationId)]
);

/** A user's role in a branch (branch null: organization-wide, as for admins and support). */
export const roleAssignments = sqliteTable(
	'role_assignments',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id),
		organizationId: text('organization_id').references(() => organizations.id),
		branchId: text('branch_id').references(() => branches.id),
		role: text('role').notNull(),
		createdAt: integer('created_at').notNull().default(now)
	},
	(t) => [uniqueIndex('role_assignments_user').on(t.userId)]
);

export const sessions = sqliteTable(
	'sessions',
	{
		/** The public half of the token; the secret half is stored only as its SHA-256. */
		id: text('id').primaryKey(),
		secretHash: text('secret_hash').notNull(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id),
		createdAt: integer('created_at').notNull(),
		lastUsedAt: integer('last_used_at').notNull(),
		userAgent: text('user_agent'),
		ip: text('ip')
	},
	(t) => [index('sessions_user').on(t.userId)]
);

/** Failed sign-ins per key (`login:x` or `ip:y`), for throttling that works across isolates. */
export const signinThrottle = sqliteTable('signin_throttle', {
	key: text('key').primaryKey(),
	failures: integer('failures').notNull(),
	windowStart: integer('window_start').notNull(),
	lockedUntil: integer('locked_until')
});

/** Append-only: no API updates or deletes these rows. */
export const auditEvents = sqliteTable(
	'audit_events',
	{
		id: text('id').primaryKey(),
		organizationId: text('organization_id'),
		actorId: text('actor_id'),
		actorName: text('actor_name'),
		action: text('action').notNull(),
		entity: text('entity'),
		entityId: text('entity_id'),
		before: text('before', { mode: 'json' }),
		after: text('after', { mode: 'json' }),
		ip: text('ip'),
		userAgent: text('user_agent'),
		requestId: text('request_id'),
		at: integer('at').notNull()
	},
	(t) => [index('audit_org_at').on(t.organizationId, t.at)]
);
