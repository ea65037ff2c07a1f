// `npm run db:restore -- <file>`: puts a backup (npm run db:backup) back as the embedded
// database, with the server stopped. The database it replaces is kept beside it as
// `<name>.before-restore-<time>`, never deleted.
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import {
	embeddedDatabaseOrExit,
	fileArgument,
	integrity,
	openExisting,
	rowCounts,
	summary
} from './lib/sqlite-file.js';

const backup = resolve(fileArgument('npm run db:restore -- <file>'));
const target = resolve(embeddedDatabaseOrExit());

try {
	const source = openExisting(backup);
	let verdict;
	try {
		verdict = await integrity(source);
	} finally {
		source.close();
	}
	if (verdict !== 'ok') throw new Error(`${backup} fails its integrity check: ${verdict}`);

	let kept;
	if (existsSync(target)) {
		// The server keeps the database open while it runs; an exclusive lock that cannot be had
		// at once means something still has it open.
		const current = openExisting(target);
		try {
			await current.execute('PRAGMA busy_timeout = 0');
			await current.execute('PRAGMA locking_mode = EXCLUSIVE');
			await current.executeMultiple('BEGIN EXCLUSIVE; COMMIT;');
			// Everything into the one file, so the copy kept aside is whole.
			await current.execute('PRAGMA wal_checkpoint(TRUNCATE)');
		} catch (err) {
			if (/SQLITE_BUSY|locked/i.test(String(err))) {
				throw new Error(`${target} is in use: stop the server first, then restore.`);
			}
			throw err;
		} finally {
			current.close();
		}
		kept = `${target}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
		renameSync(target, kept);
	}
	for (const suffix of ['-wal', '-shm', '-journal']) rmSync(target + suffix, { force: true });
	mkdirSync(dirname(target), { recursive: true });
	const partial = `${target}.restoring`;
	copyFileSync(backup, partial);
	renameSync(partial, target);

	const restored = openExisting(target);
	let counts;
	try {
		verdict = await integrity(restored);
		counts = await rowCounts(restored);
	} finally {
		restored.close();
	}
	console.log(`Restored ${backup} to ${target}: ${summary(counts, verdict)}.`);
	if (kept) console.log(`The database it replaced is kept at ${kept}.`);
} catch (err) {
	console.error(`Restore failed: ${err instanceof Error ? err.message : err}`);
	process.exit(1);
}
