// No `init` hook that opens the database: on Cloudflare the adapter runs `init` at module scope,
// where Workers forbid I/O ("Disallowed operation called within global scope"). Migrations and
// the demo seed run at the first request instead (`deps.ready()` in src/lib/server/api/app.ts,
// once per process or isolate), or ahead of a deploy with `npm run db:migrate`.
export {};
