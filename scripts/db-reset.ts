// Starts over: deletes the embedded database file; the next start migrates and seeds the demo.
// `npm run db:reset`. Refuses remote databases: dropping a production database is not a script's job.
import { mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { databaseUrl, embeddedPath } from './lib/database-location.js';
import { nodeDeps } from './lib/node-runtime';

const url = databaseUrl(process.env);
const path = embeddedPath(url);
if (path === null) {
	console.error(`Refusing to reset ${url}: only the embedded file database can be reset here.`);
	process.exit(1);
}
for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(path + suffix, { force: true });
mkdirSync(dirname(path), { recursive: true });
const deps = await nodeDeps({ databaseUrl: url, seedDemo: true });
console.log(`Reset ${path}: migrated and seeded with the demo organization.`);
await deps.close();
