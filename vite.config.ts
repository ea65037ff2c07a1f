import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	// `#argon2` stays an import in the server build, so the runtime resolves it by its own
	// conditions (package.json "imports"): native on Node, WebAssembly under wrangler (`workerd`).
	build: { rolldownOptions: { external: ['#argon2'] } },
	test: {
		include: ['src/**/*.test.ts'],
		environment: 'node',
		testTimeout: 30_000,
		hookTimeout: 60_000,
		pool: 'forks'
	}
});
