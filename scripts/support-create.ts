/**
 * Creates a vendor support account (belongs to no customer organization).
 *   SUPPORT_PASSWORD=… npm run support:create -- --login anna.support --name "Anna"
 * The password comes from the environment so it stays out of shell history.
 */
import { parseArgs } from 'node:util';
import { uuidv7 } from 'uuidv7';
import { parse } from '../src/lib/domain/validation';
import { login, password, text } from '../src/lib/domain/validation';
import { hashPassword } from '../src/lib/server/auth/password';
import { roleAssignments, users } from '../src/lib/server/db/schema';
import { isUniqueViolation } from '../src/lib/server/db/errors';
import { z } from 'zod';
import { nodeDeps } from './lib/node-runtime';

const { values } = parseArgs({
	options: { login: { type: 'string' }, name: { type: 'string' } }
});

let input;
try {
	input = parse(z.object({ login, name: text(120), password }), {
		login: values.login,
		name: values.name,
		password: process.env.SUPPORT_PASSWORD
	});
} catch (err) {
	console.error(
		'Usage: SUPPORT_PASSWORD=… npm run support:create -- --login <login> --name "<name>"'
	);
	console.error((err as { fields?: unknown }).fields ?? err);
	process.exit(2);
}

const deps = await nodeDeps({ seedDemo: false });
const id = uuidv7();
try {
	await deps.db.batch([
		deps.db.insert(users).values({
			id,
			organizationId: null,
			name: input.name,
			login: input.login,
			passwordHash: await hashPassword(input.password, deps.config.passwordParams)
		}),
		deps.db.insert(roleAssignments).values({ id: uuidv7(), userId: id, role: 'support' })
	]);
	console.log(`Support account ${input.login} created.`);
} catch (err) {
	if (!isUniqueViolation(err)) throw err;
	console.error(`The login ${input.login} is taken.`);
	process.exitCode = 1;
} finally {
	deps.client.close();
}
