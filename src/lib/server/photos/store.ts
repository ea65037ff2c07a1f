/**
 * Where photo bytes live: one interface, two homes. On one machine (the Node server) a folder
 * beside the database (`PHOTO_DIR`, default `<database folder>/photos`); on Cloudflare the R2
 * bucket bound as `PHOTOS` in wrangler.toml. The metadata (who, when, size, hash) is in the
 * database's `photos` table either way; the store holds only bytes, under the key
 * `<organization id>/<photo id>[.thumb]`, so one organization's id never reaches another's bytes.
 */

export interface PhotoStore {
	/** Writes (or overwrites) the bytes under a key. */
	put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
	/** The bytes under a key, or null when there are none. */
	get(key: string): Promise<Uint8Array | null>;
	/** Removes keys; a missing key is no error. */
	delete(keys: string[]): Promise<void>;
	/** For logs and health: `folder:<path>` or `r2`. */
	readonly kind: string;
}

export const photoKey = (organizationId: string, id: string, thumbnail = false) =>
	`${organizationId}/${id}${thumbnail ? '.thumb' : ''}`;

/**
 * The part of Cloudflare's R2Bucket binding used here (structural, so the Node build needs no
 * Workers types and Miniflare's binding in tests fits too).
 */
export interface R2BucketLike {
	put(
		key: string,
		value: ArrayBuffer | Uint8Array,
		options?: { httpMetadata?: { contentType?: string } }
	): Promise<unknown>;
	get(key: string): Promise<{ arrayBuffer(): Promise<ArrayBuffer> } | null>;
	delete(keys: string | string[]): Promise<unknown>;
}

export function isR2Bucket(value: unknown): value is R2BucketLike {
	const v = value as Partial<R2BucketLike> | null;
	return (
		typeof v === 'object' &&
		v !== null &&
		typeof v.put === 'function' &&
		typeof v.get === 'function' &&
		typeof v.delete === 'function' &&
		typeof (v as { head?: unknown }).head === 'function'
	);
}

export function r2PhotoStore(bucket: R2BucketLike): PhotoStore {
	return {
		kind: 'r2',
		async put(key, bytes, contentType) {
			await bucket.put(key, bytes, { httpMetadata: { contentType } });
		},
		async get(key) {
			const object = await bucket.get(key);
			return object ? new Uint8Array(await object.arrayBuffer()) : null;
		},
		async delete(keys) {
			// R2 deletes at most 1000 keys per call.
			for (let i = 0; i < keys.length; i += 1000) await bucket.delete(keys.slice(i, i + 1000));
		}
	};
}

/**
 * A folder on the server's disk. node:fs is loaded on first use, so the Workers bundle (which
 * uses R2) never needs it. A photo is written to a temporary name and renamed, so a crash midway
 * never leaves half a photo under its real name.
 */
export function folderPhotoStore(dir: string): PhotoStore {
	const fs = () => import('node:fs/promises');
	const path = async (key: string) => {
		const { join } = await import('node:path');
		// Keys are made by photoKey from ids the API checked; refuse anything that could climb out.
		if (!/^[\w-]+\/[\w-]+(\.thumb)?$/.test(key)) throw new Error(`bad photo key ${key}`);
		return join(dir, key);
	};
	return {
		kind: `folder:${dir}`,
		async put(key, bytes) {
			const { mkdir, rename, writeFile } = await fs();
			const file = await path(key);
			const { dirname } = await import('node:path');
			await mkdir(dirname(file), { recursive: true });
			const temp = `${file}.${crypto.randomUUID()}.part`;
			await writeFile(temp, bytes);
			await rename(temp, file);
		},
		async get(key) {
			const { readFile } = await fs();
			try {
				return new Uint8Array(await readFile(await path(key)));
			} catch (err) {
				if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
				throw err;
			}
		},
		async delete(keys) {
			const { rm } = await fs();
			for (const key of keys) await rm(await path(key), { force: true });
		}
	};
}
