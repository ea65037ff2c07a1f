// Applies pending migrations to DATABASE_URL (default: the embedded file). `npm run db:migrate`
import { mkdirSync } from 'node:fs';
import { nodeDeps } from './lib/node-runtime';

mkdirSync('data', { recursive: true });
const deps = await nodeDeps({ seedDemo: false });
console.log(`Database at ${deps.config.databaseUrl} is up to date.`);
deps.client.close();
