// Starts over: deletes the embedded database file; the next start migrates and seeds the demo.
// `npm run db:reset`. Refuses remote databases: dropping a production database is not a script's job.
import { mkdirSync, rmSync } from 'node:fs';
import { DEFAULT_DATABASE_URL } from '../src/lib/server/config';
import { nodeDeps } from './lib/node-runtime';

const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
if (!url.startsWith('file:')) {
	console.error(`Refusing to reset ${url}: only the embedded file database can be reset here.`);
	process.exit(1);
}
const path = url.slice('file:'.length);
for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(path + suffix, { force: true });
mkdirSync('data', { recursive: true });
const deps = await nodeDeps({ databaseUrl: url, seedDemo: true });
console.log(`Reset ${path}: migrated and seeded with the demo organization.`);
deps.client.close();
