// Applies pending migrations to DATABASE_URL (default: the embedded file). `npm run db:migrate`
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { databaseUrl, embeddedPath } from './lib/database-location.js';
import { nodeDeps } from './lib/node-runtime';

const path = embeddedPath(databaseUrl(process.env));
if (path) mkdirSync(dirname(path), { recursive: true });
const deps = await nodeDeps({ seedDemo: false });
console.log(`Database at ${deps.config.databaseUrl} is up to date.`);
await deps.close();
