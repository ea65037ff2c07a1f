// `npm start`: the Node production server (adapter-node's build in build/), built first only
// when the sources changed since the last build. Runs with production dependencies only once
// built. Settings: README "Configuration"; signals: adapter-node drains the requests in flight,
// then src/lib/server/shutdown.ts checkpoints and closes the database.
//
// package.json runs it as `exec node scripts/start.js`: with `exec` the shell npm starts becomes
// this process, so a SIGTERM that npm forwards reaches the server instead of orphaning it.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BUILD_DIR, buildIfChanged, stopBuild } from './lib/build.js';
import { databaseUrl, embeddedPath } from './lib/database-location.js';

const env = process.env;
env.PORT ||= '4173';
// Loopback unless told otherwise: on one machine a reverse proxy (TLS) sits in front.
env.HOST ||= 'localhost';
// Requests in flight get this long after SIGTERM; the rest are cut and the devices retry them.
env.SHUTDOWN_TIMEOUT ||= '10';
// Above the API's own limits (a 5 MiB CSV import, a 2 MiB push), which answer 413 in the API's
// error shape; adapter-node's default (512 KiB) would refuse such requests first.
env.BODY_SIZE_LIMIT ||= '6M';
// Without ORIGIN (or PROTOCOL_HEADER), adapter-node takes every request to be https. On a
// loopback address with no proxy in front, it is plain http at this port.
const loopback = ['localhost', '127.0.0.1', '::1'].includes(env.HOST);
if (loopback && !env.ORIGIN && !env.PROTOCOL_HEADER) env.ORIGIN = `http://localhost:${env.PORT}`;

const dbPath = embeddedPath(databaseUrl(env));
if (dbPath) mkdirSync(dirname(resolve(dbPath)), { recursive: true });

// A stop while still building ends the build too.
const stopWhileBuilding = (signal) => {
	stopBuild(signal);
	process.exit(signal === 'SIGINT' ? 130 : 143);
};
process.on('SIGTERM', stopWhileBuilding).on('SIGINT', stopWhileBuilding);
try {
	await buildIfChanged();
} catch (err) {
	console.error(err instanceof Error ? err.message : err);
	process.exit(1);
}
process.off('SIGTERM', stopWhileBuilding).off('SIGINT', stopWhileBuilding);

// A last resort: if something still holds the process after the drain and the database's
// close, it goes anyway, so a supervisor's restart is never blocked by a stuck old process.
const deadline = () => {
	const ms = (Number(env.SHUTDOWN_TIMEOUT) + 5) * 1000;
	setTimeout(() => {
		console.error(
			JSON.stringify({ t: new Date().toISOString(), level: 'error', msg: 'forced exit' })
		);
		process.exit(1);
	}, ms).unref();
};
process.once('SIGTERM', deadline).once('SIGINT', deadline);

await import(pathToFileURL(resolve(BUILD_DIR, 'index.js')).href);

// Migrations and the demo seed run at the first request (never at module scope: on Workers that
// is forbidden, and the same code runs there). Ask once now, so the first device does not wait.
const host = env.HOST === '0.0.0.0' || env.HOST === '::' ? 'localhost' : env.HOST;
fetch(`http://${host.includes(':') ? `[${host}]` : host}:${env.PORT}/api/health`).catch(() => {});
