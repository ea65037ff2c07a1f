// Serves the built app (vite preview: Node server, workerd as the platform proxy) on PORT.
import { spawn } from 'node:child_process';

const port = process.env.PORT ?? '4173';
const child = spawn(
	'npx',
	['vite', 'preview', '--port', port, '--strictPort', ...process.argv.slice(2)],
	{
		stdio: 'inherit',
		env: { ...process.env, WRANGLER_SEND_METRICS: 'false' }
	}
);
child.on('exit', (code) => process.exit(code ?? 0));
