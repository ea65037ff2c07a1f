// `npm run build:node`: the Node production server into build/, only when the sources changed
// since the last build (`--force`: always). The Cloudflare build is `npm run build`.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { BUILD_DIR, buildIfChanged } from './lib/build.js';

if (process.argv.includes('--force')) rmSync(join(BUILD_DIR, '.source-hash'), { force: true });
try {
	console.log(
		(await buildIfChanged()) ? 'Built build/.' : 'build/ is up to date with the sources.'
	);
} catch (err) {
	console.error(err instanceof Error ? err.message : err);
	process.exit(1);
}
