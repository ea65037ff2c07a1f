/**
 * The photo API's contract (PUT/GET /api/photos/:id), the same on both stores: a folder on the
 * server's disk and an R2 bucket (Miniflare's R2, the one workerd runs), over a real libSQL file.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Miniflare } from 'miniflare';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PHOTO_BYTES } from '../../domain/photos';
import { purgeExpired } from '../retention';
import { pushOne } from '../sync/testing';
import { createHarness, employee, signupOrg, type Harness } from '../testing/harness';
import {
	folderPhotoStore,
	photoKey,
	r2PhotoStore,
	type PhotoStore,
	type R2BucketLike
} from './store';

/** A JPEG's first bytes and then noise: the server checks the bytes' type, it decodes nothing. */
function jpeg(size = 2000, seed = 1): Uint8Array {
	const bytes = new Uint8Array(size);
	let x = seed;
	for (let i = 0; i < size; i++) bytes[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
	bytes.set([0xff, 0xd8, 0xff, 0xe0]);
	return bytes;
}
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);

let mf: Miniflare;
const folders: string[] = [];

/**
 * The bucket lives in workerd; this Worker hands its R2 binding's calls through plain requests.
 * Miniflare's own Node-side stub (`mf.getR2Bucket`) reads each object's properties with a
 * blocking call whose worker thread can wake it with the previous call's late notify on a busy
 * machine, and then fails with `AssertionError: false == true` (seen once in CI, 2026-11-30).
 */
const BUCKET_RELAY = `export default {
	async fetch(request, env) {
		const key = decodeURIComponent(new URL(request.url).pathname.slice(1));
		if (request.method === 'PUT') {
			const contentType = request.headers.get('content-type') ?? undefined;
			await env.PHOTOS.put(key, await request.arrayBuffer(), { httpMetadata: { contentType } });
			return new Response(null, { status: 204 });
		}
		if (request.method === 'DELETE') {
			await env.PHOTOS.delete(await request.json());
			return new Response(null, { status: 204 });
		}
		const object = await env.PHOTOS.get(key);
		if (!object) return new Response(null, { status: 404 });
		return new Response(object.body, { headers: { 'content-type': object.httpMetadata?.contentType ?? '' } });
	}
}`;

/** The R2 binding as r2PhotoStore sees it, each call one request to the relay above. */
function relayedBucket(): R2BucketLike {
	const url = (key: string) => `http://bucket/${encodeURIComponent(key)}`;
	const ok = async (res: Awaited<ReturnType<Miniflare['dispatchFetch']>>) => {
		if (!res.ok) throw new Error(`bucket relay answered ${res.status}`);
		await res.arrayBuffer();
	};
	return {
		async put(key, value, options) {
			const headers = { 'content-type': options?.httpMetadata?.contentType ?? '' };
			await ok(await mf.dispatchFetch(url(key), { method: 'PUT', headers, body: value as never }));
		},
		async get(key) {
			const res = await mf.dispatchFetch(url(key));
			if (res.status === 404) return null;
			if (!res.ok) throw new Error(`bucket relay answered ${res.status}`);
			const bytes = await res.arrayBuffer();
			return { arrayBuffer: async () => bytes };
		},
		async delete(keys) {
			await ok(await mf.dispatchFetch(url(''), { method: 'DELETE', body: JSON.stringify(keys) }));
		}
	};
}

beforeAll(async () => {
	mf = new Miniflare({ modules: true, script: BUCKET_RELAY, r2Buckets: ['PHOTOS'] });
	await mf.ready;
}, 120_000);

afterAll(async () => {
	await mf?.dispose();
	for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

const stores: [string, () => Promise<PhotoStore>][] = [
	[
		'a folder beside the database',
		async () => {
			const dir = mkdtempSync(join(tmpdir(), 'optio-photos-'));
			folders.push(dir);
			return folderPhotoStore(dir);
		}
	],
	['an R2 bucket (Miniflare)', async () => r2PhotoStore(relayedBucket())]
];

describe.each(stores)('the photo API on %s', (_name, makeStore) => {
	let h: Harness;
	let store: PhotoStore;
	let a: Awaited<ReturnType<typeof signupOrg>>;
	let b: Awaited<ReturnType<typeof signupOrg>>;
	let rep: { token: string; id: string };

	const put = (id: string, bytes: Uint8Array, token: string, type = 'image/jpeg', path = '') =>
		h.api.request(
			`http://localhost/api/photos/${id}${path}`,
			{
				method: 'PUT',
				headers: {
					authorization: `Bearer ${token}`,
					'content-type': type,
					'content-length': String(bytes.length)
				},
				body: bytes as Uint8Array<ArrayBuffer>
			},
			{ CLIENT_ADDRESS: '203.0.113.7' }
		);
	const get = (id: string, token: string, headers: Record<string, string> = {}, path = '') =>
		h.api.request(
			`http://localhost/api/photos/${id}${path}`,
			{ headers: { authorization: `Bearer ${token}`, ...headers } },
			{ CLIENT_ADDRESS: '203.0.113.7' }
		);
	const photoRows = async () =>
		Number((await h.deps.client.execute('SELECT count(*) AS n FROM photos')).rows[0]!.n);

	beforeAll(async () => {
		store = await makeStore();
		h = await createHarness({}, store);
		a = await signupOrg(h);
		b = await signupOrg(h);
		rep = await employee(h, a.token, 'rep', a.branchId);
	});
	afterAll(() => h?.close());

	it('stores a photo (201), gives the same bytes back with caching headers, and 304 when they are cached', async () => {
		const bytes = jpeg(5000);
		const res = await put('p-first', bytes, rep.token);
		expect(res.status).toBe(201);
		const body = (await res.json()) as { photo: Record<string, unknown> };
		expect(body.photo).toMatchObject({
			id: 'p-first',
			contentType: 'image/jpeg',
			size: 5000,
			userId: rep.id
		});

		const back = await get('p-first', a.token);
		expect(back.status).toBe(200);
		expect(back.headers.get('content-type')).toBe('image/jpeg');
		expect(back.headers.get('cache-control')).toMatch(/immutable/);
		expect(back.headers.get('etag')).toBe(`"${body.photo.sha256}"`);
		expect(new Uint8Array(await back.arrayBuffer())).toEqual(bytes);

		const cached = await get('p-first', a.token, { 'if-none-match': back.headers.get('etag')! });
		expect(cached.status).toBe(304);
	});

	it('answers 200 to the same id and bytes again, and 409 to other bytes under a used id', async () => {
		const bytes = jpeg(3000, 7);
		expect((await put('p-again', bytes, rep.token)).status).toBe(201);
		const rows = await photoRows();
		const again = await put('p-again', bytes, rep.token);
		expect(again.status).toBe(200);
		expect(await photoRows()).toBe(rows);

		const other = await put('p-again', jpeg(3000, 8), rep.token);
		expect(other.status).toBe(409);
		expect(await other.json()).toMatchObject({ error: { code: 'conflict' } });
		// The first bytes stand.
		expect(new Uint8Array(await (await get('p-again', a.token)).arrayBuffer())).toEqual(bytes);
	});

	it('shows another organization’s photo id exactly like a missing one, and keeps its own under the same id', async () => {
		const bytes = jpeg(1000, 3);
		expect((await put('p-walled', bytes, a.token)).status).toBe(201);
		const theirs = await get('p-walled', b.token);
		const missing = await get('p-none-such', b.token);
		expect(theirs.status).toBe(404);
		expect(missing.status).toBe(404);
		const [x, y] = [(await theirs.json()) as object, (await missing.json()) as object];
		expect(x).toEqual(y);
		expect(x).toMatchObject({ error: { code: 'not_found' } });

		// Organization B's own photo under that id is B's, and A's is untouched.
		const mine = jpeg(1000, 4);
		expect((await put('p-walled', mine, b.token)).status).toBe(201);
		expect(new Uint8Array(await (await get('p-walled', b.token)).arrayBuffer())).toEqual(mine);
		expect(new Uint8Array(await (await get('p-walled', a.token)).arrayBuffer())).toEqual(bytes);
	});

	it('refuses more than 2 MiB with 413 and what is not a JPEG, WebP or PNG with 415, writing nothing', async () => {
		const rows = await photoRows();
		const big = await put('p-big', jpeg(MAX_PHOTO_BYTES + 1), rep.token);
		expect(big.status).toBe(413);
		expect(await big.json()).toMatchObject({ error: { code: 'payload_too_large' } });

		const text = await put('p-text', new TextEncoder().encode('not a picture'), rep.token);
		expect(text.status).toBe(415);
		expect(await text.json()).toMatchObject({ error: { code: 'unsupported_media_type' } });
		// The header is only the client's word: PNG bytes called a JPEG are refused too.
		expect((await put('p-liar', PNG, rep.token, 'image/jpeg')).status).toBe(415);
		expect((await put('p-gif', jpeg(), rep.token, 'image/gif')).status).toBe(415);
		expect((await put('p-png', PNG, rep.token, 'image/png')).status).toBe(201);

		expect(await photoRows()).toBe(rows + 1);
		for (const id of ['p-big', 'p-text', 'p-liar', 'p-gif']) {
			expect(await store.get(photoKey(a.user.organizationId as string, id))).toBeNull();
			expect((await get(id, a.token)).status).toBe(404);
		}
	});

	it('needs a signed-in user and a well-formed id', async () => {
		const anonymous = await h.api.request(
			'http://localhost/api/photos/p-first',
			{},
			{ CLIENT_ADDRESS: '203.0.113.7' }
		);
		expect(anonymous.status).toBe(401);
		const bad = await put('..%2Fescape', jpeg(), rep.token);
		expect(bad.status).toBe(400);
		expect(await bad.json()).toMatchObject({ error: { code: 'validation', fields: { id: {} } } });
	});

	it('keeps a thumbnail beside the photo, and retention deletes both once the photo is older than the setting', async () => {
		expect((await put('p-old', jpeg(4000, 11), rep.token)).status).toBe(201);
		const thumb = jpeg(500, 12);
		expect((await put('p-old', thumb, rep.token, 'image/jpeg', '/thumbnail')).status).toBe(201);
		expect((await put('p-old', thumb, rep.token, 'image/jpeg', '/thumbnail')).status).toBe(200);
		expect((await put('p-nothing', thumb, rep.token, 'image/jpeg', '/thumbnail')).status).toBe(404);
		const got = await get('p-old', a.token, {}, '/thumbnail');
		expect(new Uint8Array(await got.arrayBuffer())).toEqual(thumb);

		const settings = await h.call(
			'PATCH',
			'/api/organization/settings',
			{ photoRetentionDays: 10 },
			{ token: a.token }
		);
		expect(settings.status).toBe(200);
		const org = a.user.organizationId as string;
		// A product's picture is catalog, not field evidence: it stays however old.
		expect((await put('p-product', jpeg(3000, 13), a.token)).status).toBe(201);
		const product = await pushOne(h, a.token, 'product.upsert', {
			id: uuidv7(),
			sku: 'PICTURED',
			name: 'Pictured',
			unit: 'pcs',
			photoId: 'p-product'
		});
		expect(product.status).toBe('applied');
		await h.deps.client.execute({
			sql: 'UPDATE photos SET created_at = ? WHERE organization_id = ? AND id IN (?, ?)',
			args: [Date.now() - 11 * 86_400_000, org, 'p-old', 'p-product']
		});
		await purgeExpired(h.deps.db, Date.now(), store);
		expect((await get('p-product', a.token)).status).toBe(200);

		expect((await get('p-old', a.token)).status).toBe(404);
		expect(await store.get(photoKey(org, 'p-old'))).toBeNull();
		expect(await store.get(photoKey(org, 'p-old', true))).toBeNull();
		// Younger photos, and the other organization's, stay.
		expect((await get('p-first', a.token)).status).toBe(200);
		expect((await get('p-walled', b.token)).status).toBe(200);
	});

	it('puts every photo’s bytes in the organization’s export, and none of another organization’s', async () => {
		const res = await h.api.request(
			'http://localhost/api/organization/export',
			{ headers: { authorization: `Bearer ${a.token}` } },
			{ CLIENT_ADDRESS: '203.0.113.7' }
		);
		expect(res.status).toBe(200);
		const lines = gunzipSync(Buffer.from(await res.arrayBuffer()))
			.toString('utf8')
			.trim()
			.split('\n')
			.map((l) => JSON.parse(l));
		const rows = lines.filter((l) => l.table === 'photos').map((l) => l.row.id);
		const bytes = lines.filter((l) => l.photo).map((l) => l.photo);
		expect(rows.sort()).toEqual(['p-again', 'p-first', 'p-png', 'p-product', 'p-walled']);
		expect(bytes.map((p) => p.id).sort()).toEqual(rows);
		const walled = bytes.find((p) => p.id === 'p-walled');
		expect(new Uint8Array(Buffer.from(walled.base64, 'base64'))).toEqual(jpeg(1000, 3));
	});
});

describe('the folder store', () => {
	it('defaults to photos/ beside the embedded database, and writes no half photo under a real name', async () => {
		const { loadConfig } = await import('../config');
		expect(loadConfig({ DATABASE_URL: 'file:/var/lib/optio/optio.db' }).photoDir).toBe(
			'/var/lib/optio/photos'
		);
		expect(loadConfig({ DATA_DIR: 'srv' }).photoDir).toBe('srv/photos');
		expect(loadConfig({ PHOTO_DIR: '/mnt/photos' }).photoDir).toBe('/mnt/photos');

		const dir = mkdtempSync(join(tmpdir(), 'optio-photos-'));
		folders.push(dir);
		const store = folderPhotoStore(dir);
		await store.put('org1/p1', jpeg(100), 'image/jpeg');
		expect(readdirSync(join(dir, 'org1'))).toEqual(['p1']);
		await expect(store.put('../p1', jpeg(100), 'image/jpeg')).rejects.toThrow();
		await store.delete(['org1/p1', 'org1/missing']);
		expect(existsSync(join(dir, 'org1/p1'))).toBe(false);
	});
});
