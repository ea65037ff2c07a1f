// Serves the app as production runs it (scripts/start.js: the Node server, built first when the
// sources changed) on a fresh database seeded with the demo (end-to-end tests, the browser
// benchmark). E2E_DB names the database file, PORT the port, E2E_LOG the file the server's
// output is copied to (the suite fails on a 500 found there: tests/server-log.ts).
import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const db = process.env.E2E_DB ?? 'data/e2e.db';
const log = process.env.E2E_LOG ?? 'data/e2e-server.log';
mkdirSync(dirname(db), { recursive: true });
mkdirSync(dirname(log), { recursive: true });
for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(db + suffix, { force: true });
// Photo bytes of this database's run beside it, fresh each time (photos/ would be shared by runs).
const photos = `${db}-photos`;
rmSync(photos, { recursive: true, force: true });
writeFileSync(log, '');
const child = spawn('node', ['scripts/start.js'], {
	stdio: ['inherit', 'pipe', 'pipe'],
	// Each end-to-end test signs up its own organization, all from localhost.
	env: {
		SIGNUP_LIMIT: '1000',
		...process.env,
		DATABASE_URL: `file:${db}`,
		PHOTO_DIR: photos,
		SEED_DEMO: 'true'
	}
});
// Copied as it comes (appendFileSync, not a buffered stream), so the log is complete when the
// suite's teardown reads it.
child.stdout.on('data', (chunk) => {
	process.stdout.write(chunk);
	appendFileSync(log, chunk);
});
child.stderr.on('data', (chunk) => {
	process.stderr.write(chunk);
	appendFileSync(log, chunk);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
