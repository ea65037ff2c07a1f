/**
 * Erasing an employee's personal data: their name, login and credentials give way to a
 * pseudonym, their sessions end, and the audit log's mentions of them are pseudonymized too
 * (the only change the log allows, see drizzle/0013_audit_erasure.sql). The business documents
 * they made stay, attributed to the pseudonym through their user id.
 */
import { and, eq, sql } from 'drizzle-orm';
import { AppError } from '../../domain/errors';
import type { Db } from '../db/client';
import { clientErrors, sessions, signinThrottle, users } from '../db/schema';

export function pseudonymOf(userId: string): { name: string; login: string } {
	const tag = userId.replace(/-/g, '').slice(-8);
	return { name: `Former employee ${tag}`, login: `erased-${tag}` };
}

export async function eraseEmployee(db: Db, organizationId: string, userId: string) {
	const [person] = await db
		.select({ name: users.name, login: users.login })
		.from(users)
		.where(and(eq(users.id, userId), eq(users.organizationId, organizationId)));
	if (!person) throw new AppError('not_found', 'No such employee.');
	const alias = pseudonymOf(userId);
	if (person.login === alias.login) {
		throw new AppError('conflict', 'This employee’s data is already erased.');
	}
	await db.transaction(async (tx) => {
		await tx.run(sql`INSERT INTO erasure_marker (id) VALUES (${userId})`);
		// Their own actions: the name shown, and where they acted from.
		await tx.run(sql`UPDATE audit_events SET actor_name = ${alias.name}, ip = NULL, user_agent = NULL
			WHERE actor_id = ${userId}`);
		// Any event that mentions them (created, renamed, signed in as …).
		for (const [from, to] of [
			[person.name, alias.name],
			[person.login, alias.login]
		] as const) {
			const like = `%${from.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
			await tx.run(sql`UPDATE audit_events SET
				before = replace(before, ${from}, ${to}),
				after = replace(after, ${from}, ${to}),
				actor_name = replace(actor_name, ${from}, ${to})
				WHERE (organization_id = ${organizationId} OR organization_id IS NULL)
					AND (before LIKE ${like} ESCAPE '\\' OR after LIKE ${like} ESCAPE '\\' OR actor_name LIKE ${like} ESCAPE '\\')`);
		}
		await tx.run(sql`DELETE FROM erasure_marker WHERE id = ${userId}`);
		await tx
			.update(users)
			.set({
				name: alias.name,
				login: alias.login,
				// No password hashes to this: the account can never sign in again.
				passwordHash: '!erased',
				active: false,
				settings: {},
				updatedAt: Date.now()
			})
			.where(eq(users.id, userId));
		await tx.delete(sessions).where(eq(sessions.userId, userId));
		await tx.delete(signinThrottle).where(eq(signinThrottle.key, `login:${person.login}`));
		await tx.update(clientErrors).set({ userAgent: null }).where(eq(clientErrors.userId, userId));
	});
	return alias;
}
