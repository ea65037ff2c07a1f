import { eq } from 'drizzle-orm';
import type { Role } from '../../domain/roles';
import type { Db } from '../db/client';
import { roleAssignments, users } from '../db/schema';

/** A user as the API shows them: never the password hash. */
export interface UserView {
	id: string;
	name: string;
	login: string;
	role: Role;
	organizationId: string | null;
	branchId: string | null;
	active: boolean;
	createdAt: number;
}

export const userViewColumns = {
	id: users.id,
	name: users.name,
	login: users.login,
	role: roleAssignments.role,
	organizationId: users.organizationId,
	branchId: roleAssignments.branchId,
	active: users.active,
	createdAt: users.createdAt
};

export function selectUserViews(db: Db) {
	return db
		.select(userViewColumns)
		.from(users)
		.innerJoin(roleAssignments, eq(roleAssignments.userId, users.id));
}

export async function loadUserView(db: Db, userId: string): Promise<UserView | undefined> {
	const [row] = await selectUserViews(db).where(eq(users.id, userId)).limit(1);
	return row as UserView | undefined;
}
