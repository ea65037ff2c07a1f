// `npm run db:backup -- <file>`: a consistent copy of the embedded database, safe while the
// server runs and writes. `VACUUM INTO` reads one snapshot (a read transaction: in WAL mode the
// server's writers go on) and writes it as one self-contained file. Copying the database file
// with `cp` is not a backup: the latest writes live in its -wal file until a checkpoint.
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import {
	embeddedDatabaseOrExit,
	fileArgument,
	integrity,
	openExisting,
	rowCounts,
	summary
} from './lib/sqlite-file.js';

const target = resolve(fileArgument('npm run db:backup -- <file>'));
const source = embeddedDatabaseOrExit();
if (existsSync(target)) {
	console.error(`${target} exists already: back up to a new file.`);
	process.exit(1);
}
mkdirSync(dirname(target), { recursive: true });
// Written beside the target and renamed at the end: a file at the target is always whole.
const partial = `${target}.partial`;
rmSync(partial, { force: true });

try {
	const db = openExisting(source);
	try {
		// Waits, rather than fails, while the server holds a lock for a moment.
		await db.execute('PRAGMA busy_timeout = 10000');
		await db.execute({ sql: 'VACUUM INTO ?', args: [partial] });
	} finally {
		db.close();
	}
	const copy = openExisting(partial);
	let verdict, counts;
	try {
		verdict = await integrity(copy);
		counts = await rowCounts(copy);
	} finally {
		copy.close();
	}
	if (verdict !== 'ok') throw new Error(`The copy failed its integrity check: ${verdict}`);
	renameSync(partial, target);
	const mb = (statSync(target).size / 1024 / 1024).toFixed(1);
	console.log(`Backed up ${source} to ${target} (${mb} MB): ${summary(counts, verdict)}.`);
	// The photos' bytes live in a folder beside the database (PHOTO_DIR): a database copy alone
	// names photos it does not hold. Copied after the snapshot, so every photo the copy names is
	// there (a photo's bytes never change once stored; later ones are copied too, harmlessly).
	const photoDir = resolve(process.env.PHOTO_DIR || join(dirname(source), 'photos'));
	if (existsSync(photoDir)) {
		const photoTarget = `${target}.photos`;
		cpSync(photoDir, photoTarget, { recursive: true, errorOnExist: false, force: true });
		const files = readdirSync(photoTarget, { recursive: true }).length;
		console.log(`Copied the photo folder ${photoDir} to ${photoTarget} (${files} entries).`);
	}
} catch (err) {
	rmSync(partial, { force: true });
	console.error(`Backup failed: ${err instanceof Error ? err.message : err}`);
	process.exit(1);
}
