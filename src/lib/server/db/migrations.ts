import type { Migration } from './migrate';

/** The SQL files in drizzle/, bundled into the app so migrations run on Workers as on Node. */
const files = import.meta.glob('../../../../drizzle/*.sql', {
	query: '?raw',
	import: 'default',
	eager: true
}) as Record<string, string>;

export const bundledMigrations: Migration[] = Object.entries(files).map(([path, sql]) => ({
	name: path
		.split('/')
		.pop()!
		.replace(/\.sql$/, ''),
	sql
}));
