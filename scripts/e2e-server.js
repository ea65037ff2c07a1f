// Builds and serves the app for the end-to-end tests on a fresh database seeded with the demo.
import { execSync, spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';

const db = 'data/e2e.db';
mkdirSync('data', { recursive: true });
for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(db + suffix, { force: true });
execSync('npx vite build', { stdio: 'inherit' });
const child = spawn('node', ['scripts/preview.js'], {
	stdio: 'inherit',
	env: { ...process.env, DATABASE_URL: `file:${db}`, SEED_DEMO: 'true' }
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
