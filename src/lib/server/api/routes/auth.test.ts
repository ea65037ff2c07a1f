import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, employee, signupOrg, type Harness } from '../../testing/harness';

let h: Harness;
beforeAll(async () => {
	h = await createHarness();
});
afterAll(() => h.close());

describe('sign-up, sign-in, sign-out', () => {
	it('signs up an organization with its first branch and admin', async () => {
		const res = await h.call('POST', '/api/auth/signup', {
			organizationName: 'Samarqand Savdo',
			name: 'Aziz',
			login: 'Aziz.Boss',
			password: 'long enough pass'
		});
		expect(res.status).toBe(201);
		expect(res.body.token).toMatch(/^[a-z0-9]{32}\.[a-z0-9]{32}$/);
		expect(res.body.user).toMatchObject({ name: 'Aziz', login: 'aziz.boss', role: 'admin' });
		const me = await h.call('GET', '/api/me', undefined, { token: res.body.token });
		expect(me.status).toBe(200);
		expect(me.body.user.organizationId).toBe(res.body.user.organizationId);
		expect(me.body.permissions).toContain('employees.manage');
	});

	it('refuses a taken login at sign-up with the field named', async () => {
		const org = await signupOrg(h);
		const res = await h.call('POST', '/api/auth/signup', {
			organizationName: 'Other',
			name: 'X',
			login: org.login,
			password: 'long enough pass'
		});
		expect(res.status).toBe(409);
		expect(res.body.error).toMatchObject({
			code: 'login_taken',
			fields: { login: { code: expect.any(String) } }
		});
	});

	it('signs in with the contract shape and sets a safe cookie', async () => {
		const org = await signupOrg(h);
		const res = await h.call('POST', '/api/auth/login', {
			login: org.login,
			password: 'correct horse battery'
		});
		expect(res.status).toBe(200);
		expect(Object.keys(res.body.user).sort()).toEqual(
			expect.arrayContaining(['branchId', 'id', 'name', 'organizationId', 'role'])
		);
		const cookie = res.headers.get('set-cookie')!;
		expect(cookie).toMatch(/optio_session=/);
		expect(cookie).toMatch(/HttpOnly/i);
		expect(cookie).toMatch(/SameSite=Lax/i);
		// http://localhost is the one place the cookie may go without Secure.
		expect(cookie).not.toMatch(/Secure/i);
	});

	it('marks the cookie Secure outside localhost', async () => {
		const org = await signupOrg(h);
		const res = await h.api.request('https://optio.example.com/api/auth/login', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ login: org.login, password: 'correct horse battery' })
		});
		expect(res.status).toBe(200);
		expect(res.headers.get('set-cookie')).toMatch(/Secure/);
	});

	it('refuses a wrong password and an unknown login with the same answer', async () => {
		const org = await signupOrg(h);
		const wrong = await h.call('POST', '/api/auth/login', {
			login: org.login,
			password: 'nope nope'
		});
		const unknown = await h.call('POST', '/api/auth/login', {
			login: 'nobody-here',
			password: 'nope nope'
		});
		expect(wrong.status).toBe(401);
		expect(unknown.status).toBe(401);
		expect(wrong.body).toEqual(unknown.body);
		expect(wrong.body.error.code).toBe('invalid_credentials');
	});

	it('ends the session at logout: the token then gets 401', async () => {
		const org = await signupOrg(h);
		expect((await h.call('GET', '/api/me', undefined, { token: org.token })).status).toBe(200);
		const out = await h.call('POST', '/api/auth/logout', undefined, { token: org.token });
		expect(out.status).toBe(204);
		const me = await h.call('GET', '/api/me', undefined, { token: org.token });
		expect(me.status).toBe(401);
		expect(me.body.error.code).toBe('unauthenticated');
	});

	it('accepts the session cookie as well as the bearer token', async () => {
		const org = await signupOrg(h);
		const me = await h.call('GET', '/api/me', undefined, {
			headers: { cookie: `optio_session=${org.token}` }
		});
		expect(me.status).toBe(200);
	});

	it('refuses a forged token whose id exists but secret does not match', async () => {
		const org = await signupOrg(h);
		const [id] = org.token.split('.');
		const forged = `${id}.${'a'.repeat(32)}`;
		expect((await h.call('GET', '/api/me', undefined, { token: forged })).status).toBe(401);
	});

	it('lists my sessions and ends another one', async () => {
		const org = await signupOrg(h);
		const second = await h.call('POST', '/api/auth/login', {
			login: org.login,
			password: 'correct horse battery'
		});
		const list = await h.call('GET', '/api/sessions', undefined, { token: org.token });
		expect(list.body.items).toHaveLength(2);
		const other = list.body.items.find((s: { current: boolean }) => !s.current);
		expect(
			(await h.call('DELETE', `/api/sessions/${other.id}`, undefined, { token: org.token })).status
		).toBe(204);
		expect((await h.call('GET', '/api/me', undefined, { token: second.body.token })).status).toBe(
			401
		);
		expect((await h.call('GET', '/api/me', undefined, { token: org.token })).status).toBe(200);
	});

	it("cannot end another user's session", async () => {
		const a = await signupOrg(h);
		const b = await signupOrg(h);
		const bSessions = await h.call('GET', '/api/sessions', undefined, { token: b.token });
		const res = await h.call('DELETE', `/api/sessions/${bSessions.body.items[0].id}`, undefined, {
			token: a.token
		});
		expect(res.status).toBe(404);
		expect((await h.call('GET', '/api/me', undefined, { token: b.token })).status).toBe(200);
	});

	it('stops a deactivated employee at once', async () => {
		const org = await signupOrg(h);
		const rep = await employee(h, org.token, 'rep', org.branchId);
		expect((await h.call('GET', '/api/me', undefined, { token: rep.token })).status).toBe(200);
		const off = await h.call('POST', `/api/employees/${rep.id}/deactivate`, undefined, {
			token: org.token
		});
		expect(off.status).toBe(200);
		expect((await h.call('GET', '/api/me', undefined, { token: rep.token })).status).toBe(401);
		const again = await h.call('POST', '/api/auth/login', {
			login: rep.login,
			password: 'a good password'
		});
		expect(again.status).toBe(401);
	});

	it('turns sign-up off by configuration', async () => {
		const closed = await createHarness({ signupEnabled: false });
		const res = await closed.call('POST', '/api/auth/signup', {
			organizationName: 'X',
			name: 'Y',
			login: 'someone',
			password: 'long enough pass'
		});
		expect(res.status).toBe(403);
		expect(res.body.error.code).toBe('signup_disabled');
		expect((await closed.tableCounts()).organizations).toBe(0);
		closed.close();
	});
});
