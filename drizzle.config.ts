import { defineConfig } from 'drizzle-kit';
import { databaseUrl } from './scripts/lib/database-location.js';

export default defineConfig({
	schema: './src/lib/server/db/schema.ts',
	out: './drizzle',
	dialect: 'turso',
	dbCredentials: { url: databaseUrl(process.env) }
});
