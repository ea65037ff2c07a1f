// First-load scripts of the rep's home, for a signed-in rep whose device has synced.
import { chromium } from '@playwright/test';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
const [base, root] = process.argv.slice(2);
const b = await chromium.launch({ executablePath: '/usr/bin/chromium' });
const ctx = await b.newContext({ serviceWorkers: 'block', viewport: { width: 390, height: 844 } });
const p = await ctx.newPage();
await p.goto(base + '/login');
await p.getByLabel('Login').fill('rep');
await p.getByLabel('Password').fill('optio-demo');
await p.getByRole('button', { name: 'Sign in' }).click();
await p.waitForURL(base + '/');
await p.waitForTimeout(4000);
const p2 = await ctx.newPage();
const js = new Set();
p2.on('request', (r) => { if (r.resourceType() === 'script') js.add(new URL(r.url()).pathname); });
await p2.goto(base + '/', { waitUntil: 'networkidle' });
await p2.screenshot({ path: '/tmp/lead/home.png' });
let total = 0; const rows = [];
for (const f of js) { try { const s = gzipSync(readFileSync(root + f)).length; total += s; rows.push([s, f]); } catch { rows.push([0, f]); } }
rows.sort((a, b) => b[0] - a[0]);
console.log('/ scripts', js.size, 'gzip KiB', (total / 1024).toFixed(1));
for (const [s, f] of rows.slice(0, 14)) console.log('  ', (s / 1024).toFixed(1), f);
await b.close();
