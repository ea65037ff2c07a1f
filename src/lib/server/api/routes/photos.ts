/**
 * Photo bytes, for every client: `PUT /api/photos/:id` stores a photo once (the same bytes again
 * answer 200, other bytes under a used id 409), `GET /api/photos/:id` gives it back to the
 * organization's own users, and the thumbnail rides beside it under `/:id/thumbnail`.
 * The bytes go to the photo store (a folder or R2: photos/store.ts), the metadata to `photos`.
 */
import { and, eq } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import { AppError, fieldError } from '../../../domain/errors';
import {
	acceptedPhotoType,
	MAX_PHOTO_BYTES,
	MAX_THUMBNAIL_BYTES,
	PHOTO_ID,
	PHOTO_TYPES
} from '../../../domain/photos';
import { id as idSchema } from '../../../domain/validation';
import { photos } from '../../db/schema';
import { photoKey } from '../../photos/store';
import { notFound, orgOf } from '../../scope';
import { requireAuth } from '../middleware/auth';
import type { ApiEnv } from '../types';

function photoId(c: Context<ApiEnv>): string {
	const id = c.req.param('id') ?? '';
	if (!PHOTO_ID.test(id) || !idSchema.safeParse(id).success) {
		throw new AppError('validation', 'A photo id is 1–64 letters, digits, dashes or underscores.', {
			id: fieldError('format', 'Not a photo id')
		});
	}
	return id;
}

async function hex(bytes: Uint8Array): Promise<string> {
	const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
	return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The body's bytes, refused with 413 past `max` and 415 unless they are the image they claim. */
async function imageBody(c: Context<ApiEnv>, max: number) {
	const declared = Number(c.req.header('content-length'));
	if (declared > max) throw tooLarge(max);
	const bytes = new Uint8Array(await c.req.arrayBuffer());
	if (bytes.length > max) throw tooLarge(max);
	const type = acceptedPhotoType(c.req.header('content-type'), bytes);
	if (!type) {
		throw new AppError(
			'unsupported_media_type',
			`The body must be an image of one of these types, and its Content-Type the same: ${PHOTO_TYPES.join(', ')}.`
		);
	}
	return { bytes, type, sha256: await hex(bytes) };
}

const tooLarge = (max: number) =>
	new AppError('payload_too_large', `A photo may be at most ${max} bytes.`);

async function findPhoto(c: Context<ApiEnv>, id: string) {
	const [row] = await c.var.deps.db
		.select()
		.from(photos)
		.where(and(eq(photos.organizationId, orgOf(c.var.auth)), eq(photos.id, id)));
	return row;
}

const describe = (row: typeof photos.$inferSelect) => ({
	id: row.id,
	contentType: row.contentType,
	size: row.size,
	sha256: row.sha256,
	userId: row.userId,
	createdAt: row.createdAt,
	thumbnail: row.thumbSha256 ? { contentType: row.thumbContentType, size: row.thumbSize } : null
});

/** The stored bytes with caching headers: an id never names other bytes, so they never change. */
async function serve(c: Context<ApiEnv>, key: string, type: string, sha256: string) {
	const etag = `"${sha256}"`;
	const headers = {
		'content-type': type,
		etag,
		// Private: only the organization's signed-in users may see it. Immutable: see above.
		'cache-control': 'private, max-age=31536000, immutable',
		'x-content-type-options': 'nosniff'
	};
	if (
		c.req
			.header('if-none-match')
			?.split(/\s*,\s*/)
			.includes(etag)
	) {
		return new Response(null, { status: 304, headers });
	}
	const bytes = await c.var.deps.photos.get(key);
	if (!bytes) throw notFound('photo');
	return new Response(bytes as Uint8Array<ArrayBuffer>, {
		headers: { ...headers, 'content-length': String(bytes.length) }
	});
}

export const photoRoutes = new Hono<ApiEnv>()
	.use(requireAuth)
	.put('/:id', async (c) => {
		const org = orgOf(c.var.auth);
		const id = photoId(c);
		const body = await imageBody(c, MAX_PHOTO_BYTES);
		const { db, photos: store } = c.var.deps;
		const existing = await findPhoto(c, id);
		if (existing) {
			if (existing.sha256 !== body.sha256) {
				throw new AppError('conflict', 'This photo id already names other bytes.');
			}
			// The same upload again (a retry whose answer was lost): nothing changes.
			return c.json({ photo: describe(existing) }, 200);
		}
		// Bytes first, then the row: a row never points at bytes that are not there. A crash in
		// between leaves bytes no row names, which the next upload of this id overwrites.
		await store.put(photoKey(org, id), body.bytes, body.type);
		const row = {
			organizationId: org,
			id,
			userId: c.var.auth.userId,
			createdAt: Date.now(),
			size: body.bytes.length,
			contentType: body.type,
			sha256: body.sha256
		};
		const inserted = await db.insert(photos).values(row).onConflictDoNothing().returning();
		if (inserted.length === 0) {
			// Two uploads of one id at once: the first row stands; compare with it.
			const winner = (await findPhoto(c, id))!;
			if (winner.sha256 !== body.sha256) {
				throw new AppError('conflict', 'This photo id already names other bytes.');
			}
			return c.json({ photo: describe(winner) }, 200);
		}
		return c.json({ photo: describe(inserted[0]!) }, 201);
	})
	.get('/:id', async (c) => {
		const id = photoId(c);
		const row = await findPhoto(c, id);
		if (!row) throw notFound('photo');
		return serve(c, photoKey(row.organizationId, id), row.contentType, row.sha256);
	})
	.put('/:id/thumbnail', async (c) => {
		const org = orgOf(c.var.auth);
		const id = photoId(c);
		const body = await imageBody(c, MAX_THUMBNAIL_BYTES);
		const row = await findPhoto(c, id);
		if (!row) throw notFound('photo');
		if (row.thumbSha256) {
			if (row.thumbSha256 !== body.sha256) {
				throw new AppError('conflict', 'This photo already has another thumbnail.');
			}
			return c.json({ photo: describe(row) }, 200);
		}
		await c.var.deps.photos.put(photoKey(org, id, true), body.bytes, body.type);
		const [updated] = await c.var.deps.db
			.update(photos)
			.set({ thumbSize: body.bytes.length, thumbContentType: body.type, thumbSha256: body.sha256 })
			.where(and(eq(photos.organizationId, org), eq(photos.id, id)))
			.returning();
		return c.json({ photo: describe(updated!) }, 201);
	})
	.get('/:id/thumbnail', async (c) => {
		const id = photoId(c);
		const row = await findPhoto(c, id);
		if (!row?.thumbSha256) throw notFound('photo');
		return serve(c, photoKey(row.organizationId, id, true), row.thumbContentType!, row.thumbSha256);
	});
