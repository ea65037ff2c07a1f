import { test } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHranaServer } from './testing/hrana-server';
import { buildWorkerBundle, startWorker } from './testing/worker-bundle';
test('probe', async () => {
  let t = performance.now();
  const bundle = await buildWorkerBundle();
  console.log('bundle', bundle, performance.now() - t);
  const db = await startHranaServer({ file: join(mkdtempSync(join(tmpdir(), 'h7-')), 'w.db') });
  t = performance.now();
  const w = await startWorker(bundle, { DATABASE_URL: db.url, CRON_SECRET: 'secret' });
  console.log('started', performance.now() - t, db.requests());
  for (const p of ['/api/health', '/api/auth/options', '/api/health']) {
    const r = await w.fetch(p); console.log(p, r.status, await r.text(), db.requests());
  }
  t = performance.now();
  const s = await w.fetch('/api/auth/signup', { method: 'POST', json: { organizationName: 'W', name: 'Admin W', login: 'w-admin', password: 'пароль надёжный 1' } });
  console.log('signup', s.status, (await s.text()).slice(0, 200), performance.now() - t);
  t = performance.now();
  const l = await w.fetch('/api/auth/login', { method: 'POST', json: { login: 'w-admin', password: 'пароль надёжный 1' } });
  const lj = await l.json() as any; console.log('login', l.status, performance.now() - t);
  await db.close();
  for (const p of ['/api/health', '/api/me', '/api/auth/options']) {
    const r = await w.fetch(p, { headers: { authorization: 'Bearer abc.def' } }); console.log('down', p, r.status, await r.text());
  }
  console.log(w.logs.map((l) => l.level + ' ' + l.message.slice(0, 400)).join('\n'));
  await w.dispose();
}, 300_000);
