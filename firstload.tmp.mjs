// Sums the gzipped size of every script a fresh page load of each path fetches.
import { chromium } from '@playwright/test';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
const base = process.argv[2];
const root = process.argv[3];
const paths = process.argv.slice(4);
const b = await chromium.launch({ executablePath: '/usr/bin/chromium' });
for (const path of paths) {
  const ctx = await b.newContext({ serviceWorkers: 'block' });
  const p = await ctx.newPage();
  const js = new Set();
  p.on('request', (r) => { if (r.url().endsWith('.js') || r.resourceType() === 'script') js.add(new URL(r.url()).pathname); });
  await p.goto(base + path, { waitUntil: 'networkidle' });
  let total = 0; const rows = [];
  for (const f of js) { try { const s = gzipSync(readFileSync(root + f)).length; total += s; rows.push([s, f]); } catch { rows.push([0, f + ' (?)']); } }
  rows.sort((a, b) => b[0] - a[0]);
  console.log(path, 'scripts', js.size, 'gzip KiB', (total / 1024).toFixed(1));
  for (const [s, f] of rows.slice(0, 12)) console.log('  ', (s / 1024).toFixed(1), f);
  await ctx.close();
}
await b.close();
