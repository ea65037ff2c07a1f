import { expect, test } from '@playwright/test';

// The served app, not just the API in-process: a server in front (vite preview once answered
// every request with `Access-Control-Allow-Origin: *`) must not grant what the API does not.
test('no /api answer lets another origin read it', async ({ request }) => {
	const evil = { origin: 'https://evil.example' };
	const answers = [
		await request.get('/api/health', { headers: evil }),
		await request.get('/api/me', { headers: evil }),
		await request.delete('/api/sessions', { headers: evil }),
		await request.fetch('/api/sessions', {
			method: 'OPTIONS',
			headers: { ...evil, 'access-control-request-method': 'DELETE' }
		})
	];
	for (const res of answers) {
		expect(res.headers()['access-control-allow-origin'], res.url()).toBeUndefined();
	}
});
