// Serves the app as production runs it (scripts/start.js: the Node server, built first when the
// sources changed) on a fresh database seeded with the demo (end-to-end tests, the browser
// benchmark). E2E_DB names the database file, PORT the port.
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';

const db = process.env.E2E_DB ?? 'data/e2e.db';
mkdirSync(dirname(db), { recursive: true });
for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(db + suffix, { force: true });
const child = spawn('node', ['scripts/start.js'], {
	stdio: 'inherit',
	env: { ...process.env, DATABASE_URL: `file:${db}`, SEED_DEMO: 'true' }
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
