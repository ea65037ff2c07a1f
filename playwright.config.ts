import { defineConfig, devices } from '@playwright/test';
import { BROWSER_ARGS, executablePath } from './tests/browser';

/**
 * End-to-end tests against the built app (vite preview) on a fresh libSQL file seeded with
 * the demo organization. The browser is Playwright's own where installed, else Debian's
 * Chromium (`CHROMIUM_PATH` overrides both).
 */
const PORT = Number(process.env.E2E_PORT ?? 4173);
// The server's output, read by tests/server-log.ts: one file per port, so parallel runs on one
// machine keep theirs apart.
process.env.E2E_LOG ??= `data/e2e-server-${PORT}.log`;

export default defineConfig({
	testDir: 'tests',
	// Fails the run on any 5xx (but 503) or unhandled error in the server's log.
	globalSetup: './tests/server-log.ts',
	timeout: 45_000,
	expect: { timeout: 10_000 },
	fullyParallel: true,
	workers: process.env.CI ? 2 : undefined,
	retries: 0,
	reporter: process.env.CI ? [['list']] : [['list']],
	use: {
		baseURL: `http://localhost:${PORT}`,
		// A trace records a DOM snapshot at every action of every test, kept only when one fails:
		// on 2 cores it cost the shell tests a third of their CPU (392 → 257 s; DOM snapshots alone
		// 392 → 342 s) and their time 6.0 → 4.0 min (2026-11-30). A failure keeps its screenshot;
		// PW_TRACE=1 records traces again to debug one.
		trace: process.env.PW_TRACE ? 'retain-on-failure' : 'off',
		screenshot: 'only-on-failure',
		locale: 'en-US',
		launchOptions: {
			executablePath,
			args: BROWSER_ARGS
		}
	},
	projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], channel: undefined } }],
	webServer: {
		command: `node scripts/e2e-server.js`,
		port: PORT,
		reuseExistingServer: !process.env.CI,
		// Building and starting take minutes on a busy 2-core machine.
		timeout: 300_000,
		env: { PORT: String(PORT), E2E_LOG: process.env.E2E_LOG }
	}
});
