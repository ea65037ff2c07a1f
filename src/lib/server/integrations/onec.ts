/**
 * The 1C exchange on the server: exchanges and their cookies, the file parts 1C sends (kept in
 * the database, so any isolate or process can take the next call), their import in bounded
 * steps, and orders out. What the files mean is decided in src/lib/domain/integrations/
 * commerceml/; every write to the catalog, prices and stock is a mutation applied by the planner
 * as a push on behalf of the token (versions, webhooks, device pulls as for any other change).
 *
 * An import first reads the whole file as a stream (refusing it whole, before anything is
 * written, if it is not good XML) into its records, one row each (`onec_records`), keeping in
 * memory only a slice of the file and the records not yet stored. It then applies them a part
 * at a time (`recordsPerPart`: the part's rows loaded for its records alone, planned, and written
 * as one planner batch), saving after each part where the next call resumes, and answers
 * `progress` until the last. A zip is unpacked as a stream the same way. So memory holds a part,
 * not a file, whatever the file's size.
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { and, asc, desc, eq, gte, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm';
import { Unzip, UnzipInflate } from 'fflate';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { InStatement, InValue } from '@libsql/client';
import { uuidv7 } from 'uuidv7';
import {
	addCounts,
	clean,
	DEFAULT_SETTINGS,
	planArchive,
	planCatalog,
	planOffers,
	type CatalogState,
	type Counts,
	type ExchangeSettings,
	type ImportPlan,
	type Link,
	type Problem,
	type ProductState,
	type Step
} from '../../domain/integrations/commerceml/mapping';
import {
	encodeText,
	orderChangeOf,
	ordersDocument,
	type OrderOut
} from '../../domain/integrations/commerceml/orders';
import {
	CmlError,
	createCmlReader,
	type CmlDocument,
	type CmlGood,
	type CmlGroup,
	type CmlOffer,
	type CmlPriceType,
	type CmlProperty,
	type CmlCheckpoint,
	type CmlRecord
} from '../../domain/integrations/commerceml/reader';
import { currencyDigits } from '../../domain/money';
import type { PushResult } from '../../domain/sync/protocol';
import type { AuthContext } from '../auth/session';
import type { Db } from '../db/client';
import {
	categories,
	counterparties,
	onecExchanges,
	onecFileParts,
	onecImages,
	onecLinks,
	onecOrders,
	onecRecords,
	onecSettings,
	organizations,
	photos,
	priceLists,
	prices,
	products,
	salesOrders,
	stockBalances,
	tradePoints,
	warehouses
} from '../db/schema';
import { applyBatch } from '../sync/push';
import { photoKey, type PhotoStore } from '../photos/store';
import { MAX_PHOTO_BYTES, sniffImageType } from '../../domain/photos';
import { insertRows, rawStatements } from '../db/raw';

/**
 * The part size 1C is told to send (`file_limit`); a bigger part is refused. A part is held
 * whole in memory several times over while it is taken and stored, and again when it is read
 * back: 4 MiB parts instead of 8 cut the server's peak growth by ~10 MiB (20,000 goods: +79 and
 * +81 MiB against +91 and +89, alternated runs), toward the 256 MiB a 200 MB catalog must fit.
 */
export const FILE_LIMIT = 4 * 1024 * 1024;
/** The largest file one exchange takes (all its parts together). */
export const DEFAULT_MAX_FILE_BYTES = 256 * 1024 * 1024;
/**
 * Bounds of one exchange (tests lower them): the largest file, records (goods, offers, orders)
 * per part (one planner run each: a constant number of round trips for up to this many
 * mutations), and how long one `import` call applies parts before it answers `progress` (a
 * Worker's request has bounded CPU). A call applies at least one part.
 */
export const onecLimits = {
	maxFileBytes: DEFAULT_MAX_FILE_BYTES,
	recordsPerPart: 1000,
	stepBudgetMs: 8_000,
	/** Inflated bytes of a zip's entry kept before they are stored as a part of its file. */
	zipPartBytes: 4 * 1024 * 1024,
	/** Zipped bytes pushed to the unzipper at a time (a slice may inflate a thousandfold). */
	zipSliceBytes: 16 * 1024,
	/** Bytes handed to the XML reader at a time, so memory holds a slice. */
	readSliceBytes: 256 * 1024
};
/** Records read before they are stored (in rows of a part's records each), as one write. */
const STAGE_ROWS = 2000;
/** A cookie is good this long after the exchange's last call. */
const COOKIE_TTL = 24 * 60 * 60 * 1000;
export const COOKIE_NAME = 'optio_1c';

export type ExchangeRow = typeof onecExchanges.$inferSelect;

/** Where an import of one file stands (`files[name]` of its exchange). */
export interface FileState {
	kind: 'catalog' | 'offers' | 'sale';
	/** Parts to apply: its records in `recordsPerPart`s, and a full catalog's archiving. */
	parts: number;
	/** The next part to apply: a call resumes here. */
	next: number;
	counts: Counts;
	problems: Problem[];
	done: boolean;
	/** How many records (goods, offers, orders) the file holds. */
	records?: number;
	/** Records per stored row of them (stageFile's `chunk`); absent: one each. */
	chunk?: number;
	onlyChanges?: boolean;
	/** What was said of the whole file already (planOffers' `reported`). */
	reported?: string[];
	/** While the file is still being read into its records: where the next call goes on. */
	reading?: ReadingState;
	/** While the exchange's zips are still being unpacked (before this file is read): where. */
	unzip?: UnzipState;
}

const ZERO: Counts = { created: 0, changed: 0, archived: 0, refused: 0 };
const hash = (s: string) => encodeHexLowerCase(sha256(new TextEncoder().encode(s)));
const MAX_PROBLEMS = 200;

export class ExchangeFailure extends Error {
	constructor(
		message: string,
		readonly status: 400 | 401 | 404 | 413 = 400,
		/** The file read well but ended early: more of it may still come (mode=file parts). */
		readonly incomplete = false
	) {
		super(message);
	}
}

// --- settings ---------------------------------------------------------------------------

export async function getSettings(db: Db, organizationId: string): Promise<ExchangeSettings> {
	const [row] = await db
		.select()
		.from(onecSettings)
		.where(and(eq(onecSettings.organizationId, organizationId), eq(onecSettings.id, '1c')));
	return { ...DEFAULT_SETTINGS, ...((row?.settings ?? {}) as Partial<ExchangeSettings>) };
}

export async function putSettings(db: Db, organizationId: string, settings: ExchangeSettings) {
	const now = Date.now();
	await db
		.insert(onecSettings)
		.values({ organizationId, id: '1c', settings: { ...settings }, updatedAt: now })
		.onConflictDoUpdate({
			target: [onecSettings.organizationId, onecSettings.id],
			set: { settings: { ...settings }, updatedAt: now }
		});
}

export interface Seen {
	warehouses: { id: string; name: string }[];
	priceTypes: { id: string; name: string }[];
}

/** The 1C warehouses and price types the last offers named, for the mapping on the screen. */
export async function getSeen(db: Db, organizationId: string): Promise<Seen> {
	const [row] = await db
		.select()
		.from(onecSettings)
		.where(and(eq(onecSettings.organizationId, organizationId), eq(onecSettings.id, 'seen')));
	return { warehouses: [], priceTypes: [], ...((row?.settings ?? {}) as Partial<Seen>) };
}

async function rememberSeen(
	db: Db,
	organizationId: string,
	file: Pick<ReadFile, 'warehouses' | 'priceTypes'>
) {
	const seen = await getSeen(db, organizationId);
	const merge = (old: Seen['warehouses'], add: { id: string; name: string }[]) => {
		const m = new Map(old.map((x) => [x.id, x]));
		for (const x of add) m.set(x.id, { id: x.id, name: x.name });
		return [...m.values()].slice(0, 200);
	};
	const next: Seen = {
		warehouses: merge(seen.warehouses, file.warehouses),
		priceTypes: merge(seen.priceTypes, file.priceTypes)
	};
	const now = Date.now();
	await db
		.insert(onecSettings)
		.values({ organizationId, id: 'seen', settings: { ...next }, updatedAt: now })
		.onConflictDoUpdate({
			target: [onecSettings.organizationId, onecSettings.id],
			set: { settings: { ...next }, updatedAt: now }
		});
}

// --- exchanges ---------------------------------------------------------------------------

/** A new exchange and the cookie that names it (shown to 1C once; only its hash is kept). */
export async function startExchange(
	db: Db,
	organizationId: string,
	type: 'catalog' | 'sale',
	source: '1c' | 'upload',
	tokenId: string | null
): Promise<{ exchange: ExchangeRow; cookie: string }> {
	const id = uuidv7();
	const cookie = `${id}.${encodeHexLowerCase(crypto.getRandomValues(new Uint8Array(20)))}`;
	const now = Date.now();
	const row: ExchangeRow = {
		organizationId,
		id,
		type,
		source,
		tokenId,
		cookieHash: hash(cookie),
		status: 'open',
		files: {},
		counts: { ...ZERO },
		problems: [],
		error: null,
		startedAt: now,
		updatedAt: now,
		finishedAt: null
	};
	await db.insert(onecExchanges).values(row);
	return { exchange: row, cookie };
}

/** The exchange a cookie names, while it is fresh. */
export async function exchangeByCookie(db: Db, cookie: string): Promise<ExchangeRow | null> {
	if (!cookie || cookie.length > 200) return null;
	const [row] = await db
		.select()
		.from(onecExchanges)
		.where(eq(onecExchanges.cookieHash, hash(cookie)));
	if (!row || Date.now() - row.updatedAt > COOKIE_TTL) return null;
	return row;
}

/** The token's latest exchange of a type (1C may carry Basic instead of the cookie). */
export async function latestExchange(
	db: Db,
	organizationId: string,
	tokenId: string,
	type: 'catalog' | 'sale'
): Promise<ExchangeRow | null> {
	const [row] = await db
		.select()
		.from(onecExchanges)
		.where(
			and(
				eq(onecExchanges.organizationId, organizationId),
				eq(onecExchanges.tokenId, tokenId),
				eq(onecExchanges.type, type)
			)
		)
		.orderBy(desc(onecExchanges.startedAt))
		.limit(1);
	return row && Date.now() - row.updatedAt < COOKIE_TTL ? row : null;
}

/** The statement that saves where an exchange stands (its `updatedAt` set to now). */
function exchangeStatement(ex: ExchangeRow): { sql: string; args: InValue[] } {
	ex.updatedAt = Date.now();
	return {
		sql: `UPDATE onec_exchanges SET status = ?, files = ?, counts = ?, problems = ?, error = ?,
			updated_at = ?, finished_at = ? WHERE organization_id = ? AND id = ?`,
		args: [
			ex.status,
			JSON.stringify(ex.files),
			JSON.stringify(ex.counts),
			JSON.stringify(ex.problems.slice(0, MAX_PROBLEMS)),
			ex.error,
			ex.updatedAt,
			ex.finishedAt,
			ex.organizationId,
			ex.id
		]
	};
}

async function saveExchange(db: Db, ex: ExchangeRow) {
	await rawStatements(db).execute(exchangeStatement(ex));
}

/** Records a refusal of the exchange: its reason shows on the Integrations screen. */
export async function failExchange(db: Db, ex: ExchangeRow, reason: string) {
	ex.status = 'failure';
	ex.error = reason.slice(0, 500);
	ex.finishedAt = Date.now();
	await saveExchange(db, ex);
}

export async function listExchanges(db: Db, organizationId: string, limit = 20) {
	return db
		.select({
			id: onecExchanges.id,
			type: onecExchanges.type,
			source: onecExchanges.source,
			status: onecExchanges.status,
			counts: onecExchanges.counts,
			problems: onecExchanges.problems,
			error: onecExchanges.error,
			files: onecExchanges.files,
			startedAt: onecExchanges.startedAt,
			finishedAt: onecExchanges.finishedAt
		})
		.from(onecExchanges)
		.where(eq(onecExchanges.organizationId, organizationId))
		.orderBy(desc(onecExchanges.startedAt))
		.limit(limit);
}

// --- files -------------------------------------------------------------------------------

/** A file name from 1C: a relative path without `..`, as 1C names files and images. */
export function safeName(name: string | undefined): string {
	const n = (name ?? '').replace(/\\/g, '/').replace(/^\/+/, '');
	if (
		!n ||
		n.length > 300 ||
		n.split('/').some((p) => p === '..' || p === '.') ||
		n.startsWith('~')
	) {
		throw new ExchangeFailure(`Not a file name: ${JSON.stringify(name ?? '')}.`);
	}
	return n;
}

async function fileSize(db: Db, ex: ExchangeRow, name: string): Promise<number> {
	const [r] = await db
		.select({ n: sql<number>`coalesce(sum(length(${onecFileParts.bytes})), 0)` })
		.from(onecFileParts)
		.where(
			and(
				eq(onecFileParts.organizationId, ex.organizationId),
				eq(onecFileParts.exchangeId, ex.id),
				eq(onecFileParts.name, name)
			)
		);
	return Number(r?.n ?? 0);
}

async function lastSeq(db: Db, ex: ExchangeRow, name: string): Promise<number> {
	const [r] = await db
		.select({ n: sql<number | null>`max(${onecFileParts.seq})` })
		.from(onecFileParts)
		.where(
			and(
				eq(onecFileParts.organizationId, ex.organizationId),
				eq(onecFileParts.exchangeId, ex.id),
				eq(onecFileParts.name, name)
			)
		);
	return r?.n === null || r?.n === undefined ? -1 : Number(r.n);
}

/** Appends a part to a file of the exchange; a file past `maxBytes` is refused and dropped. */
export async function appendPart(
	db: Db,
	ex: ExchangeRow,
	name: string,
	bytes: Uint8Array,
	maxBytes: number
): Promise<void> {
	if (bytes.length > FILE_LIMIT) {
		throw new ExchangeFailure(`A part is larger than file_limit=${FILE_LIMIT} bytes.`, 413);
	}
	const size = await fileSize(db, ex, name);
	if (size + bytes.length > maxBytes) {
		await deleteFile(db, ex, name);
		throw new ExchangeFailure(`${name} is larger than ${maxBytes} bytes: refused.`, 413);
	}
	await db.insert(onecFileParts).values({
		organizationId: ex.organizationId,
		id: uuidv7(),
		exchangeId: ex.id,
		name,
		seq: (await lastSeq(db, ex, name)) + 1,
		bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
	});
	// A file sent again after an import starts its import over.
	if (ex.files[name]) {
		delete ex.files[name];
		await dropRecords(db, ex, name);
	}
	// A zip sent again while it was being unpacked is unpacked again from its start.
	for (const [file, state] of Object.entries(ex.files)) {
		if ((state as FileState).unzip?.zip === name) delete ex.files[file];
	}
	if (ex.status !== 'progress') ex.status = 'open';
	await saveExchange(db, ex);
}

async function deleteFile(db: Db, ex: ExchangeRow, name: string) {
	await db
		.delete(onecFileParts)
		.where(
			and(
				eq(onecFileParts.organizationId, ex.organizationId),
				eq(onecFileParts.exchangeId, ex.id),
				eq(onecFileParts.name, name)
			)
		);
}

/** A file's parts in order from byte `from`, one row in memory at a time. */
async function* partsOf(
	db: Db,
	ex: ExchangeRow,
	name: string,
	from = 0
): AsyncGenerator<Uint8Array> {
	const seqs = await db
		.select({ id: onecFileParts.id, size: sql<number>`length(${onecFileParts.bytes})` })
		.from(onecFileParts)
		.where(
			and(
				eq(onecFileParts.organizationId, ex.organizationId),
				eq(onecFileParts.exchangeId, ex.id),
				eq(onecFileParts.name, name)
			)
		)
		.orderBy(asc(onecFileParts.seq));
	let at = 0;
	for (const { id, size } of seqs) {
		at += Number(size);
		if (at <= from) continue;
		const [row] = await db
			.select({ bytes: onecFileParts.bytes })
			.from(onecFileParts)
			.where(and(eq(onecFileParts.organizationId, ex.organizationId), eq(onecFileParts.id, id)));
		if (!row) continue;
		// A view of the row's buffer, not a copy of up to file_limit bytes.
		const bytes = new Uint8Array(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength);
		const start = from - (at - bytes.length);
		yield start > 0 ? bytes.subarray(start) : bytes;
	}
}

async function wholeFile(db: Db, ex: ExchangeRow, name: string): Promise<Uint8Array | null> {
	const chunks: Uint8Array[] = [];
	for await (const c of partsOf(db, ex, name)) chunks.push(c);
	if (!chunks.length) return null;
	const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
	let at = 0;
	for (const c of chunks) {
		out.set(c, at);
		at += c.length;
	}
	return out;
}

async function fileNames(db: Db, ex: ExchangeRow): Promise<string[]> {
	const rows = await db
		.selectDistinct({ name: onecFileParts.name })
		.from(onecFileParts)
		.where(
			and(eq(onecFileParts.organizationId, ex.organizationId), eq(onecFileParts.exchangeId, ex.id))
		);
	return rows.map((r) => r.name);
}

/**
 * Where unpacking a zip stopped, for the next `mode=import` call to go on: its entries in the
 * zip's order as far as seen (directories as null files), each with the bytes stored so far,
 * the next part's number and whether it is whole.
 */
export interface UnzipState {
	zip: string;
	entries: { file: string | null; stored: number; seq: number; final: boolean }[];
}

/**
 * Unpacks the exchange's zips into files of the exchange (XML and images) as a stream: fflate's
 * `Unzip` (small, pure JS, runs on Workers, well kept) takes the stored zip a slice at a time and
 * each entry is stored in parts as it inflates, so memory holds a few MiB whatever the zip's
 * size. Entries are capped as the files are. Once `deadline` has passed (and this call stored
 * something) it stops and answers where, so a call's CPU stays bounded; null once all are done.
 */
async function expandZips(
	db: Db,
	ex: ExchangeRow,
	maxBytes: number,
	from: UnzipState | null = null,
	deadline = Infinity
): Promise<UnzipState | null> {
	for (const name of await fileNames(db, ex)) {
		if (!name.toLowerCase().endsWith('.zip')) continue;
		let stopped: UnzipState | null;
		try {
			stopped = await expandZip(db, ex, name, maxBytes, from?.zip === name ? from : null, deadline);
		} catch (err) {
			await deleteFile(db, ex, name);
			if (err instanceof ExchangeFailure) throw err;
			throw new ExchangeFailure(`${name} is not a zip file.`);
		}
		if (stopped) return stopped;
		await deleteFile(db, ex, name);
	}
	return null;
}

function concat(chunks: Uint8Array[]): Uint8Array {
	if (chunks.length === 1) return chunks[0]!;
	const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
	let at = 0;
	for (const c of chunks) {
		out.set(c, at);
		at += c.length;
	}
	return out;
}

async function bytesFrom(db: Db, ex: ExchangeRow, name: string, from: number, length: number) {
	const chunks: Uint8Array[] = [];
	let got = 0;
	for await (const c of partsOf(db, ex, name, from)) {
		chunks.push(c.subarray(0, length - got));
		got += chunks[chunks.length - 1]!.length;
		if (got >= length) break;
	}
	return concat(chunks);
}

/**
 * The offsets of a zip's entries (their local headers) in the order they stand, from its
 * central directory at its end; null if it has none this can read (ZIP64, a broken end). A
 * call that resumes starts there, past the entries already whole, instead of at byte 0.
 */
async function zipOffsets(db: Db, ex: ExchangeRow, name: string): Promise<number[] | null> {
	const size = await fileSize(db, ex, name);
	const tailStart = Math.max(0, size - (22 + 0xffff));
	const tail = await bytesFrom(db, ex, name, tailStart, size - tailStart);
	const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
	let end = -1;
	for (let i = tail.length - 22; i >= 0; i--) {
		if (view.getUint32(i, true) === 0x06054b50) {
			end = i;
			break;
		}
	}
	if (end < 0) return null;
	const count = view.getUint16(end + 10, true);
	const cdSize = view.getUint32(end + 12, true);
	const cdOffset = view.getUint32(end + 16, true);
	if (count === 0xffff || cdOffset === 0xffffffff || cdOffset + cdSize > size) return null;
	const cd = await bytesFrom(db, ex, name, cdOffset, cdSize);
	const cv = new DataView(cd.buffer, cd.byteOffset, cd.byteLength);
	const offsets: number[] = [];
	for (let i = 0; offsets.length < count;) {
		if (i + 46 > cd.length || cv.getUint32(i, true) !== 0x02014b50) return null;
		const offset = cv.getUint32(i + 42, true);
		if (offset === 0xffffffff) return null;
		offsets.push(offset);
		i += 46 + cv.getUint16(i + 28, true) + cv.getUint16(i + 30, true) + cv.getUint16(i + 32, true);
	}
	return offsets.sort((a, b) => a - b);
}

/**
 * Unpacks one zip, from where `from` stopped: a call starts at the first entry not yet whole
 * (its local header, from the central directory) and inflates it again from its start, storing
 * only what lies past the bytes already stored: inflating is cheap beside reading and applying,
 * and fflate's inflater cannot be saved between calls. Answers where it stopped, or null once
 * every entry is stored whole.
 */
async function expandZip(
	db: Db,
	ex: ExchangeRow,
	name: string,
	maxBytes: number,
	from: UnzipState | null,
	deadline: number
): Promise<UnzipState | null> {
	interface Entry {
		file: string;
		/** Its place in `seen`. */
		slot: number;
		chunks: Uint8Array[];
		buffered: number;
		/** Inflated bytes so far in this call, and those of them already stored by an earlier one. */
		size: number;
		skip: number;
		stored: number;
		seq: number;
		final: boolean;
	}
	const seen: UnzipState['entries'] = from ? from.entries.map((e) => ({ ...e })) : [];
	// Resume at the first entry not yet whole; without a readable directory, at byte 0.
	let index = seen.findIndex((e) => !e.final);
	if (index < 0) index = seen.length;
	const offsets = index > 0 ? await zipOffsets(db, ex, name) : null;
	// Every entry whole: only the zip's directory was left to read.
	if (offsets && index >= offsets.length) return null;
	if (!offsets) index = 0;
	const startAt = index > 0 ? offsets![index]! : 0;
	let entries: Entry[] = [];
	let total = seen.slice(0, index).reduce((n, e) => n + e.stored, 0);
	let failure: unknown = null;
	const tooLarge = () =>
		new ExchangeFailure(`${name} unpacks to more than ${maxBytes} bytes.`, 413);
	const unzip = new Unzip((f) => {
		const at = index++;
		if (failure) return;
		const old = seen[at];
		if (f.name.endsWith('/')) {
			seen[at] = { file: null, stored: 0, seq: 0, final: true };
			return;
		}
		let file: string;
		try {
			file = safeName(f.name);
		} catch (err) {
			failure = err;
			return;
		}
		const entry: Entry = {
			file,
			slot: at,
			chunks: [],
			buffered: 0,
			size: 0,
			skip: old ? (old.final ? Infinity : old.stored) : 0,
			stored: old?.stored ?? 0,
			seq: old?.seq ?? 0,
			final: false
		};
		seen[at] = { file, stored: entry.stored, seq: entry.seq, final: false };
		entries.push(entry);
		f.ondata = (err, chunk, final) => {
			if (err) failure ??= err;
			if (failure) return;
			const before = entry.size;
			entry.size += chunk.length;
			if (entry.size > maxBytes || total + chunk.length > maxBytes * 2) failure = tooLarge();
			total += chunk.length;
			// What an earlier call stored already is inflated again, not stored again.
			const keep = chunk.subarray(Math.max(0, Math.min(chunk.length, entry.skip - before)));
			if (keep.length) {
				entry.chunks.push(keep);
				entry.buffered += keep.length;
			}
			entry.final = final;
		};
		f.start();
	});
	unzip.register(UnzipInflate);
	let storedNow = false;
	// Stores what the entries inflated so far: full parts, and the rest of a finished entry.
	const drain = async () => {
		if (failure) throw failure;
		for (const e of entries) {
			const whole = e.final && (e.buffered > 0 || e.seq === 0);
			if (e.buffered >= onecLimits.zipPartBytes || whole) {
				if (e.seq === 0) await deleteFile(db, ex, e.file);
				const part = concat(e.chunks);
				e.chunks = [];
				e.buffered = 0;
				await db.insert(onecFileParts).values({
					organizationId: ex.organizationId,
					id: uuidv7(),
					exchangeId: ex.id,
					name: e.file,
					seq: e.seq++,
					bytes: Buffer.from(part.buffer, part.byteOffset, part.byteLength)
				});
				e.stored += part.length;
				storedNow = true;
			}
			seen[e.slot] = { file: e.file, stored: e.stored, seq: e.seq, final: e.final && !e.buffered };
		}
		entries = entries.filter((e) => !e.final || e.buffered > 0);
	};
	for await (const part of partsOf(db, ex, name, startAt)) {
		// Small slices: a deflated slice may inflate a thousandfold.
		const slice = onecLimits.zipSliceBytes;
		for (let i = 0; i < part.length; i += slice) {
			unzip.push(part.subarray(i, i + slice));
			await drain();
			if (storedNow && Date.now() >= deadline) return { zip: name, entries: seen };
		}
	}
	unzip.push(new Uint8Array(0), true);
	await drain();
	if (!seen.some((e) => e.file !== null) || entries.length) {
		throw new ExchangeFailure(`${name} is not a zip file.`);
	}
	return null;
}

/** Unpacks the exchange's zips; answers the names of the exchange's files. */
export async function expandZipsFor(db: Db, ex: ExchangeRow, maxBytes: number) {
	await expandZips(db, ex, maxBytes);
	return fileNames(db, ex);
}

// --- reading -----------------------------------------------------------------------------

export interface ReadFile {
	kind: 'catalog' | 'offers' | 'sale';
	onlyChanges: boolean;
	groups: CmlGroup[];
	properties: CmlProperty[];
	goods: CmlGood[];
	priceTypes: CmlPriceType[];
	warehouses: { id: string; name: string }[];
	offers: CmlOffer[];
	documents: CmlDocument[];
}

/** What a file says once, before its records: kept in its head row (seq -1). */
interface FileHead {
	kind: ReadFile['kind'];
	onlyChanges: boolean;
	groups: CmlGroup[];
	properties: CmlProperty[];
	priceTypes: CmlPriceType[];
	warehouses: { id: string; name: string }[];
}

const emptyHead = (): FileHead => ({
	kind: 'catalog',
	onlyChanges: false,
	groups: [],
	properties: [],
	priceTypes: [],
	warehouses: []
});

/**
 * Where records go as a file is read: its head, the kind it has shown so far (null until it
 * says), and what is done with each good, offer and order document.
 */
interface RecordSink {
	head: FileHead;
	kind: FileHead['kind'] | null;
	good(g: CmlGood): void;
	offer(o: CmlOffer): void;
	document(d: CmlDocument): void;
}

type Handler<K extends CmlRecord['kind']> = (
	s: RecordSink,
	r: Extract<CmlRecord, { kind: K }>
) => void;

/** What each record of a file does to its reading: the one place a record kind is told apart. */
const RECORD_HANDLERS: { [K in CmlRecord['kind']]: Handler<K> } = {
	root: () => {},
	catalog: (s, r) => {
		s.kind ??= 'catalog';
		s.head.onlyChanges = r.onlyChanges;
	},
	offers: (s, r) => {
		s.kind = 'offers';
		s.head.onlyChanges = r.onlyChanges;
	},
	group: (s, r) => void s.head.groups.push(r.group),
	property: (s, r) => void s.head.properties.push(r.property),
	priceType: (s, r) => void s.head.priceTypes.push(r.priceType),
	warehouse: (s, r) => void s.head.warehouses.push(r.warehouse),
	good: (s, r) => s.good(r.good),
	offer: (s, r) => s.offer(r.offer),
	document: (s, r) => {
		s.kind ??= 'sale';
		s.document(r.document);
	}
};

function takeRecords(sink: RecordSink, records: readonly CmlRecord[]) {
	for (const r of records) (RECORD_HANDLERS[r.kind] as Handler<CmlRecord['kind']>)(sink, r);
}

/**
 * Where reading a file into its records stopped, for the next `mode=import` call to go on: the
 * reader's checkpoint, the records stored so far and the kind the file has shown. The head read
 * so far is in the head row.
 */
export interface ReadingState {
	checkpoint: CmlCheckpoint;
	records: number;
	kind: FileHead['kind'] | null;
	/** Records per stored row (see stageFile); absent: one each, as rows were first stored. */
	chunk?: number;
}

const recordsOfFile = (ex: ExchangeRow, file: string) =>
	and(
		eq(onecRecords.organizationId, ex.organizationId),
		eq(onecRecords.exchangeId, ex.id),
		eq(onecRecords.file, file)
	);

async function dropRecords(db: Db, ex: ExchangeRow, file?: string) {
	await db
		.delete(onecRecords)
		.where(
			file
				? recordsOfFile(ex, file)
				: and(eq(onecRecords.organizationId, ex.organizationId), eq(onecRecords.exchangeId, ex.id))
		);
}

/**
 * Reads a stored file as a stream, a slice at a time, into its records: goods, offers and order
 * documents go into rows of `onec_records`, `chunk` records to a row as one JSON array (seq: the
 * index of its first record; written `STAGE_ROWS` records at a time), the rest into its head.
 * Once `deadline` has passed it stops after the last record read (at least one in this call) and
 * answers where, so the next call goes on from there (`from`); a file is read within calls of
 * bounded time whatever its size. A CmlError refuses the file whole, its rows dropped; the
 * organization's data is not touched.
 *
 * Why rows of a part's records, not a row per record: `chunk` is the part size, so applying a
 * part reads one row. A row per record made 40,000 rows for 20,000 goods with offers, each
 * with its primary-key entry, written, read back and deleted: 1.5 s of 1C import's statements
 * (timed per statement), against ~0.4 s for the same JSON in 40 rows.
 */
export async function stageFile(
	db: Db,
	ex: ExchangeRow,
	name: string,
	from: ReadingState | null = null,
	deadline = Infinity
): Promise<
	| { done: true; head: FileHead; records: number; chunk: number }
	| { done: false; reading: ReadingState }
> {
	if (!from) await dropRecords(db, ex, name);
	const chunk = from?.chunk ?? Math.max(1, onecLimits.recordsPerPart);
	const reader = createCmlReader(from?.checkpoint);
	let seq = from?.records ?? 0;
	/** The row being filled: its first record's index and its records so far. */
	let start = seq - (seq % chunk);
	let pending: unknown[] = [];
	if (from && start < seq) {
		// The last call stored this row unfilled: it is filled on and stored again.
		const [r] = await db
			.select({ data: onecRecords.data })
			.from(onecRecords)
			.where(and(recordsOfFile(ex, name), eq(onecRecords.seq, start)));
		if (!r) throw new ExchangeFailure(`${name}: read it again (its records are gone).`);
		pending = JSON.parse(r.data) as unknown[];
	}
	/** Filled rows not yet stored: their seq and their records' JSON. */
	let filled: [number, string][] = [];
	const row = (data: unknown) => {
		pending.push(data);
		seq++;
		if (pending.length === chunk) {
			filled.push([start, JSON.stringify(pending)]);
			start = seq;
			pending = [];
		}
	};
	const sink: RecordSink = {
		head: from ? await headOf(db, ex, name) : emptyHead(),
		kind: from?.kind ?? null,
		good: (g) => row(g),
		offer: (o) => row(o),
		document: (d) => row(d)
	};
	// Straight on libSQL (drizzle's builder cost as much as the insert, see db/raw.ts); `key` is
	// '' in a row of records (a full catalog's archiving reads the goods' ids from `data`).
	const flush = async (unfilledToo: boolean) => {
		const rows = filled;
		filled = [];
		if (unfilledToo && pending.length) rows.push([start, JSON.stringify(pending)]);
		if (!rows.length) return;
		await rawStatements(db).batch(
			rows.map(([at, data]) => ({
				sql: `INSERT OR REPLACE INTO onec_records (organization_id, exchange_id, file, seq, key, data) VALUES (?, ?, ?, ?, '', ?)`,
				args: [ex.organizationId, ex.id, name, at, data]
			}))
		);
	};
	const saveHead = async () => {
		sink.head.kind = sink.kind ?? 'catalog';
		await rawStatements(db).execute({
			sql: `INSERT OR REPLACE INTO onec_records (organization_id, exchange_id, file, seq, key, data) VALUES (?, ?, ?, -1, '', ?)`,
			args: [ex.organizationId, ex.id, name, JSON.stringify(sink.head)]
		});
	};
	const take = async (records: CmlRecord[]) => {
		takeRecords(sink, records);
		if (filled.length * chunk >= STAGE_ROWS) await flush(false);
	};
	let ending = false;
	try {
		const slice = onecLimits.readSliceBytes;
		for await (const part of partsOf(db, ex, name, from?.checkpoint.byte ?? 0)) {
			for (let i = 0; i < part.length; i += slice) {
				// A checkpoint is a record read in this call; every record read ends by it. Asked
				// for only once the time is spent: it counts the bytes of a slice's text.
				const cp = Date.now() >= deadline ? reader.checkpoint() : null;
				if (cp) {
					await flush(true);
					await saveHead();
					return {
						done: false,
						reading: { checkpoint: cp, records: seq, kind: sink.kind, chunk }
					};
				}
				await take(reader.write(part.subarray(i, i + slice)));
			}
		}
		ending = true;
		await take(reader.end());
		await flush(true);
	} catch (err) {
		await dropRecords(db, ex, name);
		if (err instanceof CmlError) {
			throw new ExchangeFailure(`${name}: ${err.message}`, 400, ending);
		}
		throw err;
	}
	await saveHead();
	return { done: true, head: sink.head, records: seq, chunk };
}

async function headOf(db: Db, ex: ExchangeRow, name: string): Promise<FileHead> {
	const [r] = await db
		.select({ data: onecRecords.data })
		.from(onecRecords)
		.where(and(recordsOfFile(ex, name), eq(onecRecords.seq, -1)));
	if (!r) throw new ExchangeFailure(`${name}: read it again (its records are gone).`);
	return JSON.parse(r.data) as FileHead;
}

/**
 * Records `[from, to)` of a staged file, in file order, from its rows of `chunk` records each
 * (1: a row per record, as an exchange staged before rows held a part's records).
 */
async function recordsOf<T>(
	db: Db,
	ex: ExchangeRow,
	name: string,
	from: number,
	to: number,
	chunk: number
): Promise<T[]> {
	const first = from - (from % chunk);
	const rows = await db
		.select({ seq: onecRecords.seq, data: onecRecords.data })
		.from(onecRecords)
		.where(and(recordsOfFile(ex, name), gte(onecRecords.seq, first), lt(onecRecords.seq, to)))
		.orderBy(asc(onecRecords.seq));
	const records: T[] = [];
	for (const r of rows) {
		const data = JSON.parse(r.data) as T | T[];
		if (Array.isArray(data)) for (const x of data) records.push(x);
		else records.push(data);
	}
	const at = rows.length ? rows[0]!.seq : from;
	return records.slice(from - at, to - at);
}

// --- the organization's state ------------------------------------------------------------

export async function loadState(
	db: Db,
	organizationId: string,
	settings: ExchangeSettings
): Promise<CatalogState> {
	const org = organizationId;
	const [[o], links, prods, cats, lists, priceRows, stores] = await Promise.all([
		db.select().from(organizations).where(eq(organizations.id, org)),
		db.select().from(onecLinks).where(eq(onecLinks.organizationId, org)),
		db.select().from(products).where(eq(products.organizationId, org)),
		db.select().from(categories).where(eq(categories.organizationId, org)),
		db.select().from(priceLists).where(eq(priceLists.organizationId, org)),
		db.select().from(prices).where(eq(prices.organizationId, org)),
		db
			.select({ id: warehouses.id })
			.from(warehouses)
			.where(and(eq(warehouses.organizationId, org), eq(warehouses.archived, false)))
	]);
	const warehouseIds = new Set(stores.map((w) => w.id));
	const mapped = [
		...new Set([...Object.values(settings.warehouses), settings.defaultWarehouseId])
	].filter((w): w is string => !!w && warehouseIds.has(w));
	const balances = new Map<string, number>();
	if (mapped.length) {
		const rows = await db
			.select()
			.from(stockBalances)
			.where(
				and(eq(stockBalances.organizationId, org), inArray(stockBalances.warehouseId, mapped))
			);
		for (const b of rows) balances.set(`${b.warehouseId}:${b.productId}`, b.milli);
	}
	const currency = o?.currency ?? 'UZS';
	return {
		digits: currencyDigits(currency),
		currency,
		links: new Map(links.map((l) => [l.id, l.optioId])),
		products: new Map(prods.map((p) => [p.id, productStateOf(p)])),
		categories: new Map(cats.map((c) => [c.id, { id: c.id, name: c.name, parentId: c.parentId }])),
		priceLists: lists.map((l) => ({ id: l.id, name: l.name, isDefault: l.isDefault })),
		prices: new Map(priceRows.map((p) => [`${p.priceListId}:${p.productId}`, p.price])),
		balances,
		warehouseIds,
		settings,
		newId: uuidv7
	};
}

/** `column IN (ids)` with the ids as one JSON argument (any number of them, one bound value). */
const inJson = (column: SQLiteColumn, ids: readonly string[]): SQL =>
	sql`${column} IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`;

const productStateOf = (p: typeof products.$inferSelect): ProductState => ({
	id: p.id,
	sku: p.sku,
	name: p.name,
	unit: p.unit,
	barcodes: p.barcodes,
	categoryId: p.categoryId,
	active: p.active,
	photoId: p.photoId,
	ikpu: p.ikpu,
	packageCode: p.packageCode,
	vatRate: p.vatRate,
	gtin: p.gtin,
	attributes: p.attributes
});

/**
 * The organization's state as far as a part of a file needs it: the links of the 1C goods it
 * names (and every group and price-type link), their products and the products holding the SKUs
 * they want (with those products' own links, so a product of another good is never adopted),
 * their prices and balances; categories, price lists and warehouses whole (they are few). So a
 * part's plan reads rows in proportion to the part, not to the catalog. `rowsOf`: the 1C ids
 * (of `onecProductIds`) whose products' rows the plan compares with (all unless said); an offer
 * without a characteristic needs only its price and balance, which are read for every linked
 * product, so its product row is not read (20,000 offers: 430 ms of reads and their garbage).
 */
export async function stateFor(
	db: Db,
	organizationId: string,
	settings: ExchangeSettings,
	onecProductIds: readonly string[],
	wantedSkus: (links: Map<string, string>, known: Map<string, ProductState>) => string[],
	extraProductIds: readonly string[] = [],
	rowsOf?: ReadonlySet<string>
): Promise<CatalogState & { stored: Map<string, StoredLink> }> {
	const org = organizationId;
	const linkColumns = {
		id: onecLinks.id,
		optioId: onecLinks.optioId,
		data: sql<string | null>`${onecLinks.data}`
	};
	const [[o], fewLinks, productLinks, cats, lists, stores] = await Promise.all([
		db.select().from(organizations).where(eq(organizations.id, org)),
		db
			.select(linkColumns)
			.from(onecLinks)
			.where(
				and(eq(onecLinks.organizationId, org), inArray(onecLinks.kind, ['group', 'priceType']))
			),
		onecProductIds.length
			? db
					.select(linkColumns)
					.from(onecLinks)
					.where(
						and(
							eq(onecLinks.organizationId, org),
							inJson(
								onecLinks.id,
								onecProductIds.map((id) => `product:${id}`)
							)
						)
					)
			: Promise.resolve([]),
		db.select().from(categories).where(eq(categories.organizationId, org)),
		db.select().from(priceLists).where(eq(priceLists.organizationId, org)),
		db
			.select({ id: warehouses.id })
			.from(warehouses)
			.where(and(eq(warehouses.organizationId, org), eq(warehouses.archived, false)))
	]);
	const links = [...fewLinks, ...productLinks];
	const linkMap = new Map(links.map((l) => [l.id, l.optioId]));
	const stored = new Map<string, StoredLink>(
		links.map((l) => [l.id, { optioId: l.optioId, data: l.data }])
	);
	const known = new Map<string, ProductState>();
	const linked = links.filter((l) => l.id.startsWith('product:'));
	const byId = [
		...new Set([
			...linked
				.filter((l) => !rowsOf || rowsOf.has(l.id.slice('product:'.length)))
				.map((l) => l.optioId),
			...extraProductIds
		])
	];
	if (byId.length) {
		const rows = await db
			.select()
			.from(products)
			.where(and(eq(products.organizationId, org), inJson(products.id, byId)));
		for (const p of rows) known.set(p.id, productStateOf(p));
	}
	const skus = [...new Set(wantedSkus(linkMap, known))];
	if (skus.length) {
		const rows = await db
			.select()
			.from(products)
			.where(and(eq(products.organizationId, org), inJson(products.sku, skus)));
		const fresh = rows.filter((p) => !known.has(p.id));
		for (const p of fresh) known.set(p.id, productStateOf(p));
		if (fresh.length) {
			const theirs = await db
				.select(linkColumns)
				.from(onecLinks)
				.where(
					and(
						eq(onecLinks.organizationId, org),
						eq(onecLinks.kind, 'product'),
						inJson(
							onecLinks.optioId,
							fresh.map((p) => p.id)
						)
					)
				);
			for (const l of theirs) {
				linkMap.set(l.id, l.optioId);
				stored.set(l.id, { optioId: l.optioId, data: l.data });
			}
		}
	}
	const ids = [...new Set([...known.keys(), ...(rowsOf ? linked.map((l) => l.optioId) : [])])];
	const warehouseIds = new Set(stores.map((w) => w.id));
	const mapped = [
		...new Set([...Object.values(settings.warehouses), settings.defaultWarehouseId])
	].filter((w): w is string => !!w && warehouseIds.has(w));
	const [priceRows, balanceRows] = ids.length
		? await Promise.all([
				db
					.select({
						priceListId: prices.priceListId,
						productId: prices.productId,
						price: prices.price
					})
					.from(prices)
					.where(and(eq(prices.organizationId, org), inJson(prices.productId, ids))),
				mapped.length
					? db
							.select({
								warehouseId: stockBalances.warehouseId,
								productId: stockBalances.productId,
								milli: stockBalances.milli
							})
							.from(stockBalances)
							.where(
								and(
									eq(stockBalances.organizationId, org),
									inArray(stockBalances.warehouseId, mapped),
									inJson(stockBalances.productId, ids)
								)
							)
					: Promise.resolve([])
			])
		: [[], []];
	const currency = o?.currency ?? 'UZS';
	return {
		digits: currencyDigits(currency),
		currency,
		links: linkMap,
		products: known,
		categories: new Map(cats.map((c) => [c.id, { id: c.id, name: c.name, parentId: c.parentId }])),
		priceLists: lists.map((l) => ({ id: l.id, name: l.name, isDefault: l.isDefault })),
		prices: new Map(priceRows.map((p) => [`${p.priceListId}:${p.productId}`, p.price])),
		balances: new Map(balanceRows.map((b) => [`${b.warehouseId}:${b.productId}`, b.milli])),
		warehouseIds,
		settings,
		newId: uuidv7,
		stored
	};
}

/** What the preview of one file says. */
export interface FilePreview {
	name: string;
	kind: ReadFile['kind'];
	counts: Counts;
	problems: Problem[];
	changes: number;
}

/** Problems a preview shows (the first ones). */
export const PREVIEW_PROBLEMS = 50;

/**
 * What a package's earlier files would make that its later ones need: the products its catalog
 * would create, by 1C Ид (their state only; an offer of a new good then previews as it imports).
 */
export type PreviewCarry = Map<string, ProductState>;

/**
 * A preview of one file, written to it as a stream in one bounded pass: its records are planned a window
 * of `recordsPerPart` at a time against the rows that window needs (as an import applies them),
 * and only counts, the first problems and the number of changes are kept. Nothing is written.
 * Memory holds a window, not the file; a full catalog also keeps the Ид of each good it lists
 * (to count what it would archive) and `carry` the new goods' states.
 */
export function createPreview(
	db: Db,
	organizationId: string,
	name: string,
	carry: PreviewCarry
): { write(bytes: Uint8Array): Promise<void>; end(): Promise<FilePreview> } {
	const settingsOnce = getSettings(db, organizationId);
	const reader = createCmlReader();
	let goods: CmlGood[] = [];
	let offers: CmlOffer[] = [];
	const sink: RecordSink = {
		head: emptyHead(),
		kind: null,
		good: (g) => void goods.push(g),
		offer: (o) => void offers.push(o),
		document: () => {}
	};
	const out: FilePreview = { name, kind: 'catalog', counts: { ...ZERO }, problems: [], changes: 0 };
	const listed = new Set<string>();
	const reported = new Set<string>();
	let first = true;
	const add = (plan: ImportPlan) => {
		out.counts = addCounts(out.counts, plan.counts);
		out.changes += plan.steps.length;
		for (const x of plan.problems) {
			if (out.problems.length < PREVIEW_PROBLEMS) out.problems.push(x);
		}
	};
	const withCarry = <S extends CatalogState>(state: S, ids: string[]) => {
		for (const id of ids) {
			const made = carry.get(id);
			if (made && !state.links.has(`product:${id}`)) {
				state.links.set(`product:${id}`, made.id);
				state.products.set(made.id, made);
			}
		}
		return state;
	};
	const planWindow = async () => {
		const settings = await settingsOnce;
		if (sink.kind === 'offers' && (offers.length || first)) {
			const window = offers;
			offers = [];
			const ids = [...new Set(window.flatMap((o) => [o.id, o.goodId]))];
			const state = withCarry(
				await stateFor(db, organizationId, settings, ids, offerSkus(window)),
				ids
			);
			add(
				planOffers(
					{ onlyChanges: sink.head.onlyChanges, priceTypes: sink.head.priceTypes, offers: window },
					state,
					name,
					reported
				)
			);
			first = false;
		} else if (sink.kind === 'catalog' && (goods.length || first)) {
			const window = goods;
			goods = [];
			for (const g of window) listed.add(g.id);
			const state = await stateFor(
				db,
				organizationId,
				settings,
				window.map((g) => g.id),
				() => window.map(goodSku)
			);
			const plan = planCatalog(
				{
					onlyChanges: true,
					groups: first ? sink.head.groups : [],
					properties: sink.head.properties,
					goods: window
				},
				state
			);
			for (const st of plan.steps) {
				if (st.name !== 'product.upsert' || state.products.has(st.args.id)) continue;
				const link = plan.links.find((l) => l.kind === 'product' && l.optioId === st.args.id);
				if (link) carry.set(link.onecId, st.args);
			}
			add(plan);
			first = false;
		}
	};
	const take = async (records: CmlRecord[]) => {
		takeRecords(sink, records);
		if (goods.length >= onecLimits.recordsPerPart || offers.length >= onecLimits.recordsPerPart) {
			await planWindow();
		}
	};
	const write = async (c: Uint8Array) => {
		for (let i = 0; i < c.length; i += onecLimits.readSliceBytes) {
			await take(reader.write(c.subarray(i, i + onecLimits.readSliceBytes)));
		}
	};
	const end = async () => {
		await take(reader.end());
		await planWindow();
		return archivedToo();
	};
	const archivedToo = async () => {
		out.kind = sink.kind ?? 'catalog';
		if (out.kind === 'catalog' && !sink.head.onlyChanges) {
			// A full catalog archives the active products of 1C goods it does not list.
			let after = '';
			for (;;) {
				const page = await db
					.select({ onecId: onecLinks.onecId, optioId: onecLinks.optioId })
					.from(onecLinks)
					.innerJoin(
						products,
						and(
							eq(products.organizationId, onecLinks.organizationId),
							eq(products.id, onecLinks.optioId)
						)
					)
					.where(
						and(
							eq(onecLinks.organizationId, organizationId),
							eq(onecLinks.kind, 'product'),
							eq(products.active, true),
							sql`${onecLinks.id} > ${after}`
						)
					)
					.orderBy(asc(onecLinks.id))
					.limit(1000);
				if (!page.length) break;
				after = `product:${page[page.length - 1]!.onecId}`;
				const gone = page.filter((l) => !listed.has(l.onecId.split('#')[0]!)).length;
				out.counts.archived += gone;
				out.changes += gone;
			}
		}
		return out;
	};
	return { write, end };
}

/** A link as stored: what it names, and its data as JSON text. */
type StoredLink = { optioId: string; data: string | null };

/**
 * The statements that write links (1C id → Optio id, with what the 1C card says); those
 * `stored` already holds unchanged are not written again, so a second import of the same file
 * writes no links either.
 */
function linkStatements(
	organizationId: string,
	links: Link[],
	stored?: Map<string, StoredLink>
): InStatement[] {
	const rows = links.flatMap((l) => {
		const id = `${l.kind}:${l.onecId}`;
		const data = l.data === undefined ? null : JSON.stringify(l.data);
		const old = stored?.get(id);
		if (old && old.optioId === l.optioId && (data === null || data === old.data)) return [];
		return [[organizationId, id, l.kind, l.onecId, l.optioId, data] as InValue[]];
	});
	return insertRows(
		'onec_links',
		['organization_id', 'id', 'kind', 'onec_id', 'optio_id', 'data'],
		rows,
		'ON CONFLICT (organization_id, id) DO UPDATE SET optio_id = excluded.optio_id, data = coalesce(excluded.data, data)'
	);
}

/** Writes links (see linkStatements) in one transaction. */
async function writeLinks(
	db: Db,
	organizationId: string,
	links: Link[],
	stored?: Map<string, StoredLink>
) {
	const statements = linkStatements(organizationId, links, stored);
	if (statements.length) await rawStatements(db).batch(statements);
}

const IMAGE_TYPES: Record<string, string> = {
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	png: 'image/png',
	gif: 'image/gif',
	webp: 'image/webp'
};

/** Keeps the images the goods name that came in this exchange (a zip's import_files/…). */
async function keepImages(db: Db, ex: ExchangeRow, goods: CmlGood[], state: CatalogState) {
	for (const g of goods) {
		const productId = state.links.get(`product:${g.id}`);
		if (!productId) continue;
		for (const path of g.images) {
			const type = IMAGE_TYPES[path.split('.').pop()?.toLowerCase() ?? ''];
			if (!type) continue;
			const bytes = await wholeFile(db, ex, path);
			if (!bytes) continue;
			const row = {
				organizationId: ex.organizationId,
				id: path,
				productId,
				contentType: type,
				bytes: Buffer.from(bytes)
			};
			await db
				.insert(onecImages)
				.values(row)
				.onConflictDoUpdate({
					target: [onecImages.organizationId, onecImages.id],
					set: { productId, contentType: type, bytes: row.bytes }
				});
		}
	}
}

/**
 * The photos the goods' first images become, stored as any product photo is (issue 17: bytes in
 * the photo store, a row in `photos`), so the catalog and order entry show them. The id is the
 * image's hash: the same picture sent again is the same photo, and the product is unchanged. The
 * image is also its own thumbnail (lists draw thumbnails): the server makes no smaller picture,
 * there being no image codec on Workers; 1C's catalog images are usually small.
 */
async function photosOf(
	db: Db,
	store: PhotoStore | undefined,
	ex: ExchangeRow,
	goods: CmlGood[],
	auth: AuthContext
): Promise<Map<string, string>> {
	const out = new Map<string, string>();
	if (!store) return out;
	for (const g of goods) {
		for (const path of g.images) {
			if (!IMAGE_TYPES[path.split('.').pop()?.toLowerCase() ?? '']) continue;
			const bytes = await wholeFile(db, ex, path);
			const type = bytes && sniffImageType(bytes);
			if (!bytes || !type || bytes.length > MAX_PHOTO_BYTES) continue;
			const sha = encodeHexLowerCase(sha256(bytes));
			const id = `1c-${sha.slice(0, 40)}`;
			const [known] = await db
				.select({ id: photos.id })
				.from(photos)
				.where(and(eq(photos.organizationId, ex.organizationId), eq(photos.id, id)));
			if (!known) {
				// Bytes first, then the row, as PUT /api/photos does.
				await store.put(photoKey(ex.organizationId, id), bytes, type);
				await store.put(photoKey(ex.organizationId, id, true), bytes, type);
				await db
					.insert(photos)
					.values({
						organizationId: ex.organizationId,
						id,
						userId: auth.userId,
						createdAt: Date.now(),
						size: bytes.length,
						contentType: type,
						sha256: sha,
						thumbSize: bytes.length,
						thumbContentType: type,
						thumbSha256: sha
					})
					.onConflictDoNothing();
			}
			out.set(g.id, id);
			break;
		}
	}
	return out;
}

export async function productImages(db: Db, organizationId: string, productId: string) {
	return db
		.select({ id: onecImages.id, contentType: onecImages.contentType })
		.from(onecImages)
		.where(and(eq(onecImages.organizationId, organizationId), eq(onecImages.productId, productId)));
}

export async function imageBytes(db: Db, organizationId: string, id: string) {
	const [row] = await db
		.select()
		.from(onecImages)
		.where(and(eq(onecImages.organizationId, organizationId), eq(onecImages.id, id)));
	return row ?? null;
}

// --- applying ----------------------------------------------------------------------------

/** The token's (or the uploader's) way of writing: the organization's admin, as read-api's. */
export async function actorFor(
	db: Db,
	organizationId: string,
	who: { id: string; name: string }
): Promise<AuthContext> {
	const [o] = await db.select().from(organizations).where(eq(organizations.id, organizationId));
	return {
		sessionId: who.id,
		userId: who.id,
		name: who.name,
		login: '',
		role: 'admin',
		organizationId,
		branchId: null,
		organization: o
			? {
					id: o.id,
					name: o.name,
					currency: o.currency,
					timezone: o.timezone,
					settings: o.settings
				}
			: null,
		branch: null,
		userSettings: {},
		renewed: false
	};
}

/** The entity a step is about, for a refusal's problem line. */
const subjectOf = (s: Step) =>
	'id' in s.args ? s.args.id : 'productId' in s.args ? s.args.productId : '';

/** What applying a part's steps came to: the refused ones and why. */
interface Outcome {
	refused: number;
	problems: Problem[];
}

function outcomeOf(steps: readonly Step[], results: readonly PushResult[]): Outcome {
	const out: Outcome = { refused: 0, problems: [] };
	results.forEach((r, j) => {
		if (r.status !== 'rejected') return;
		out.refused++;
		out.problems.push({
			id: subjectOf(steps[j]!),
			reason: `${steps[j]!.name}: ${r.error.message}`
		});
	});
	return out;
}

/**
 * Applies a part's steps through the planner as one batch (a constant number of round trips
 * whatever their number); refusals are counted and said, the rest goes on. `also`: statements
 * committed in the same transaction as the steps, made from their outcome (written alone when
 * there are no steps).
 */
export async function applySteps(
	db: Db,
	auth: AuthContext,
	organizationId: string,
	clientId: string,
	steps: readonly Step[],
	also?: (outcome: Outcome) => InStatement[]
): Promise<Outcome> {
	if (!steps.length) {
		const none: Outcome = { refused: 0, problems: [] };
		const stmts = also?.(none) ?? [];
		if (stmts.length) await rawStatements(db).batch(stmts);
		return none;
	}
	const now = Date.now();
	const results: PushResult[] = await applyBatch(
		db,
		auth,
		organizationId,
		clientId,
		steps.map((s) => ({ id: uuidv7(), name: s.name, args: s.args, createdAt: now })),
		{
			also: also && ((results) => also(outcomeOf(steps, results))),
			// Ids made here, for this call alone: 1C cannot send them again.
			freshIds: true
		}
	);
	return outcomeOf(steps, results);
}

const NO_PLAN: ImportPlan = {
	links: [],
	steps: [],
	counts: { created: 0, changed: 0, archived: 0, refused: 0 },
	problems: []
};

/** The SKU a good (or an offer of a size) asks for, as the mapping takes it (clean, 64). */
const goodSku = (g: CmlGood) => clean(g.sku, 64) || clean(g.id, 64);

function offerSkus(offers: CmlOffer[]) {
	return (links: Map<string, string>, known: Map<string, ProductState>) =>
		offers.flatMap((o) => {
			if (!o.characteristicId) return [];
			const baseId = links.get(`product:${o.goodId}`);
			const base = baseId ? known.get(baseId) : undefined;
			const sku = `${clean(o.sku || base?.sku || o.goodId, 55)}/${o.characteristicId.replace(/[^0-9A-Za-z]/g, '').slice(0, 8)}`;
			return [clean(sku, 64) || clean(o.id, 64)];
		});
}

/**
 * A full catalog's archiving, a page at a time: the active products linked to a 1C good this
 * file does not list (by the good's Ид, so a size of a listed good stays), after `after`.
 */
async function unlistedProducts(
	db: Db,
	ex: ExchangeRow,
	name: string,
	after: string,
	limit: number
) {
	const good = sql`CASE WHEN instr(${onecLinks.onecId}, '#') > 0 THEN substr(${onecLinks.onecId}, 1, instr(${onecLinks.onecId}, '#') - 1) ELSE ${onecLinks.onecId} END`;
	return db
		.select({ id: products.id })
		.from(onecLinks)
		.innerJoin(
			products,
			and(eq(products.organizationId, onecLinks.organizationId), eq(products.id, onecLinks.optioId))
		)
		.where(
			and(
				eq(onecLinks.organizationId, ex.organizationId),
				eq(onecLinks.kind, 'product'),
				eq(products.active, true),
				sql`${onecLinks.optioId} > ${after}`,
				// NOT IN over the file's goods: SQLite builds their ids' index once per query. A row
				// of records holds their ids in its JSON (`key` ''); a row of one record, its key.
				sql`${good} NOT IN (SELECT coalesce(j.value ->> '$.id', ${onecRecords.key}) FROM ${onecRecords}
					LEFT JOIN json_each(CASE WHEN ${onecRecords.key} = '' AND ${onecRecords.data} LIKE '[%' THEN ${onecRecords.data} ELSE '[]' END) j
					WHERE ${onecRecords.organizationId} = ${ex.organizationId} AND ${onecRecords.exchangeId} = ${ex.id} AND ${onecRecords.file} = ${name} AND ${onecRecords.seq} >= 0)`
			)
		)
		.orderBy(asc(onecLinks.optioId))
		.limit(limit);
}

/** Adds a part's outcome to the file's: counts, and problems not said already (capped). */
function record(fs: FileState, counts: Counts, problems: Problem[]) {
	fs.counts = addCounts(fs.counts, counts);
	for (const p of problems) {
		if (fs.problems.length >= MAX_PROBLEMS) break;
		fs.problems.push(p);
	}
}

/** Moves a file past its part `fs.next`, with that part's outcome. */
function advance(fs: FileState, plan: ImportPlan, r: Outcome) {
	record(fs, { ...plan.counts, refused: plan.counts.refused + r.refused }, [
		...plan.problems,
		...r.problems
	]);
	fs.next++;
	fs.done = fs.next >= fs.parts;
}

/**
 * Applies part `fs.next` of a staged file: its records planned against the rows they need and
 * written as one planner batch; part 0 first applies the file's head (groups, price types), and a
 * full catalog's last part archives what 1C no longer lists. A part of goods or offers commits
 * in ONE transaction: its links, its mutations and the exchange moved past it, so a process
 * killed at any point leaves the part either whole and counted or not there at all (the next
 * call applies it), and a part costs one commit, not three. Answers whether it saved the
 * exchange so (else the caller moves it on and saves it).
 */
async function applyPart(
	db: Db,
	ex: ExchangeRow,
	name: string,
	fs: FileState,
	auth: AuthContext,
	store: PhotoStore | undefined
): Promise<boolean> {
	const n = onecLimits.recordsPerPart;
	const org = ex.organizationId;
	const clientId = `1c:${ex.id}`;
	const recordParts = Math.ceil((fs.records ?? 0) / n);
	const from = fs.next * n;
	const chunk = fs.chunk ?? 1;
	if (fs.kind === 'sale') {
		const docs = await recordsOf<CmlDocument>(db, ex, name, from, from + n, chunk);
		const r = await applySaleDocuments(db, org, auth, docs);
		record(fs, r.counts, r.problems);
		return false;
	}
	const head = await headOf(db, ex, name);
	const settings = await getSettings(db, org);
	let plan = NO_PLAN;
	let goods: CmlGood[] = [];
	let state: Awaited<ReturnType<typeof stateFor>> | null = null;
	if (fs.kind === 'catalog') {
		if (fs.next < Math.max(1, recordParts)) {
			goods = await recordsOf<CmlGood>(db, ex, name, from, from + n, chunk);
			state = await stateFor(
				db,
				org,
				settings,
				goods.map((g) => g.id),
				() => goods.map(goodSku)
			);
			const goodsPhotos = await photosOf(db, store, ex, goods, auth);
			plan = planCatalog(
				{
					onlyChanges: true,
					groups: fs.next === 0 ? head.groups : [],
					properties: head.properties,
					goods,
					photos: goodsPhotos
				},
				state
			);
		} else {
			// The archiving part: pages of unlisted products, each its own batch.
			for (let after = ''; ;) {
				const page = (await unlistedProducts(db, ex, name, after, n)).map((r) => r.id);
				if (!page.length) break;
				after = page[page.length - 1]!;
				const s = await stateFor(db, org, settings, [], () => [], page);
				const archive = planArchive(s, page);
				const r = await applySteps(db, auth, org, clientId, archive.steps);
				record(fs, { ...archive.counts, refused: archive.counts.refused + r.refused }, r.problems);
			}
			return false;
		}
	} else {
		const offers = await recordsOf<CmlOffer>(db, ex, name, from, from + n, chunk);
		const ids = [...new Set(offers.flatMap((o) => [o.id, o.goodId]))];
		// Only a size's (or a colour's) plan compares product rows: its own and its good's.
		const rowsOf = new Set(offers.flatMap((o) => (o.characteristicId ? [o.id, o.goodId] : [])));
		state = await stateFor(db, org, settings, ids, offerSkus(offers), [], rowsOf);
		const reported = new Set(fs.reported ?? []);
		plan = planOffers(
			{ onlyChanges: head.onlyChanges, priceTypes: head.priceTypes, offers },
			state,
			name,
			reported
		);
		fs.reported = [...reported];
		if (fs.next === 0) await rememberSeen(db, org, head);
	}
	if (goods.length) await keepImages(db, ex, goods, state);
	const links = linkStatements(org, plan.links, state.stored);
	let saved: ExchangeRow | null = null;
	const r = await applySteps(db, auth, org, clientId, plan.steps, (outcome) => {
		// Where the exchange will stand once this part commits (each attempt's own copy).
		const moved = structuredClone(fs);
		advance(moved, plan, outcome);
		saved = { ...ex, files: { ...ex.files, [name]: moved } };
		return [...links, exchangeStatement(saved)];
	});
	advance(fs, plan, r);
	ex.updatedAt = (saved as ExchangeRow | null)?.updatedAt ?? Date.now();
	return true;
}

/**
 * One `mode=import` call for a file: reads it into its records on the first call, then applies
 * parts until the step's time is spent (at least one). Answers whether work remains.
 */
export async function importStep(
	db: Db,
	ex: ExchangeRow,
	name: string,
	auth: AuthContext,
	maxBytes: number,
	budgetMs = onecLimits.stepBudgetMs,
	/** Where the goods' images go as their photos (none: images are kept beside the links only). */
	store?: PhotoStore
): Promise<{ done: boolean; state: FileState }> {
	const started = Date.now();
	let fs = ex.files[name] as FileState | undefined;
	if (fs?.done) return { done: true, state: fs };
	ex.status = 'progress';
	if (!fs || fs.unzip) {
		let unzip;
		try {
			unzip = await expandZips(db, ex, maxBytes, fs?.unzip ?? null, started + budgetMs);
		} catch (err) {
			delete ex.files[name];
			throw err;
		}
		if (unzip) {
			// Still unpacking: 1C calls again and the next call goes on from here.
			fs = {
				kind: 'catalog',
				parts: 0,
				next: 0,
				counts: { ...ZERO },
				problems: [],
				done: false,
				unzip
			};
			ex.files[name] = fs;
			await saveExchange(db, ex);
			return { done: false, state: fs };
		}
		if (!(await fileNames(db, ex)).includes(name)) {
			delete ex.files[name];
			throw new ExchangeFailure(`No file ${name} in this exchange.`, 404);
		}
		fs = undefined;
	}
	if (!fs || fs.reading) {
		let read;
		try {
			read = await stageFile(db, ex, name, fs?.reading ?? null, started + budgetMs);
		} catch (err) {
			// Read again from its start when more of it comes (or 1C sends it again).
			delete ex.files[name];
			throw err;
		}
		if (!read.done) {
			// Still reading: 1C calls again and the next call goes on from here.
			fs = {
				kind: read.reading.kind ?? 'catalog',
				parts: 0,
				next: 0,
				counts: { ...ZERO },
				problems: [],
				done: false,
				records: read.reading.records,
				chunk: read.reading.chunk,
				reading: read.reading
			};
			ex.files[name] = fs;
			await saveExchange(db, ex);
			return { done: false, state: fs };
		}
		const { head, records, chunk } = read;
		const recordParts = Math.ceil(records / onecLimits.recordsPerPart);
		const parts =
			head.kind === 'sale'
				? recordParts
				: Math.max(1, recordParts) + (head.kind === 'catalog' && !head.onlyChanges ? 1 : 0);
		fs = {
			kind: head.kind,
			parts,
			next: 0,
			counts: { ...ZERO },
			problems: [],
			done: parts === 0,
			records,
			chunk,
			onlyChanges: head.onlyChanges,
			reported: []
		};
		ex.files[name] = fs;
		await saveExchange(db, ex);
	}
	for (let first = true; !fs.done && (first || Date.now() - started < budgetMs); first = false) {
		// Saved after each part (with it, or just after), so the next call resumes after it.
		if (await applyPart(db, ex, name, fs, auth, store)) continue;
		fs.next++;
		fs.done = fs.next >= fs.parts;
		await saveExchange(db, ex);
	}
	if (fs.done) {
		await dropRecords(db, ex, name);
		ex.counts = addCounts(ex.counts, fs.counts);
		ex.problems = [...ex.problems, ...fs.problems].slice(0, MAX_PROBLEMS);
		ex.status = 'success';
		ex.finishedAt = Date.now();
		await saveExchange(db, ex);
	}
	return { done: fs.done, state: fs };
}

/** Drops an exchange's stored parts and read records once it is over. */
export async function dropFiles(db: Db, ex: ExchangeRow) {
	await db
		.delete(onecFileParts)
		.where(
			and(eq(onecFileParts.organizationId, ex.organizationId), eq(onecFileParts.exchangeId, ex.id))
		);
	await dropRecords(db, ex);
}

// --- orders ------------------------------------------------------------------------------

/** Orders 1C has not taken (cancelled ones it never saw stay out), oldest first. */
async function untakenOrders(db: Db, organizationId: string, limit = 500) {
	return db
		.select({ o: salesOrders })
		.from(salesOrders)
		.leftJoin(
			onecOrders,
			and(
				eq(onecOrders.organizationId, salesOrders.organizationId),
				eq(onecOrders.id, salesOrders.id)
			)
		)
		.where(
			and(
				eq(salesOrders.organizationId, organizationId),
				isNull(onecOrders.takenAt),
				sql`${salesOrders.status} <> 'cancelled'`
			)
		)
		.orderBy(asc(salesOrders.orderedAt))
		.limit(limit);
}

/** The orders as CommerceML bytes in the exchange's encoding; `ids` are those it holds. */
export async function ordersFile(
	db: Db,
	organizationId: string
): Promise<{ bytes: Uint8Array; encoding: ExchangeSettings['encoding']; ids: string[] }> {
	const settings = await getSettings(db, organizationId);
	const rows = (await untakenOrders(db, organizationId)).map((r) => r.o);
	const [o] = await db.select().from(organizations).where(eq(organizations.id, organizationId));
	const productIds = [...new Set(rows.flatMap((r) => r.lines.map((l) => l.productId)))];
	const tpIds = [...new Set(rows.map((r) => r.tradePointId))];
	const cpIds = [...new Set(rows.flatMap((r) => (r.counterpartyId ? [r.counterpartyId] : [])))];
	const inChunks = async <T>(ids: string[], q: (chunk: string[]) => Promise<T[]>) => {
		const out: T[] = [];
		for (let i = 0; i < ids.length; i += 500) out.push(...(await q(ids.slice(i, i + 500))));
		return out;
	};
	const [prods, links, tps, cps] = await Promise.all([
		inChunks(productIds, (c) =>
			db
				.select()
				.from(products)
				.where(and(eq(products.organizationId, organizationId), inArray(products.id, c)))
		),
		inChunks(productIds, (c) =>
			db
				.select({ onecId: onecLinks.onecId, optioId: onecLinks.optioId })
				.from(onecLinks)
				.where(
					and(
						eq(onecLinks.organizationId, organizationId),
						eq(onecLinks.kind, 'product'),
						inArray(onecLinks.optioId, c)
					)
				)
		),
		inChunks(tpIds, (c) =>
			db
				.select()
				.from(tradePoints)
				.where(and(eq(tradePoints.organizationId, organizationId), inArray(tradePoints.id, c)))
		),
		inChunks(cpIds, (c) =>
			db
				.select()
				.from(counterparties)
				.where(
					and(eq(counterparties.organizationId, organizationId), inArray(counterparties.id, c))
				)
		)
	]);
	const product = new Map(prods.map((p) => [p.id, p]));
	const onecId = new Map(links.map((l) => [l.optioId, l.onecId]));
	const tp = new Map(tps.map((t) => [t.id, t]));
	const cp = new Map(cps.map((c) => [c.id, c]));
	const orders: OrderOut[] = rows.map((r) => {
		const t = tp.get(r.tradePointId);
		const c = r.counterpartyId ? cp.get(r.counterpartyId) : undefined;
		return {
			id: r.id,
			number: r.number,
			orderedAt: r.orderedAt,
			status: r.status,
			total: r.total,
			comment: r.comment,
			counterparty: c ? { id: c.id, name: c.name, taxId: c.taxId } : null,
			tradePoint: {
				id: r.tradePointId,
				name: t?.name ?? r.tradePointId,
				address: t?.address ?? null
			},
			lines: r.lines.map((l) => {
				const p = product.get(l.productId);
				return {
					id: onecId.get(l.productId) ?? l.productId,
					name: p?.name ?? l.productId,
					sku: p?.sku ?? '',
					unit: p?.unit ?? 'pcs',
					unitPrice: l.unitPrice,
					qty: l.milli / 1000,
					net: l.net
				};
			})
		};
	});
	const currency = o?.currency ?? 'UZS';
	const xml = ordersDocument(orders, {
		currency,
		digits: currencyDigits(currency),
		timezone: o?.timezone ?? 'UTC',
		encoding: settings.encoding,
		now: Date.now()
	});
	return {
		bytes: encodeText(xml, settings.encoding),
		encoding: settings.encoding,
		ids: rows.map((r) => r.id)
	};
}

/** Remembers what a query sent, so `mode=success` marks exactly those taken. */
export async function markSent(db: Db, ex: ExchangeRow, ids: string[]) {
	const now = Date.now();
	for (let i = 0; i < ids.length; i += 200) {
		await db
			.insert(onecOrders)
			.values(
				ids.slice(i, i + 200).map((id) => ({
					organizationId: ex.organizationId,
					id,
					sentExchangeId: ex.id,
					sentAt: now,
					takenAt: null
				}))
			)
			.onConflictDoUpdate({
				target: [onecOrders.organizationId, onecOrders.id],
				set: { sentExchangeId: ex.id, sentAt: now }
			});
	}
	ex.counts = { ...ex.counts, changed: ids.length };
	ex.status = 'progress';
	await saveExchange(db, ex);
}

/** `mode=success`: what the exchange's last query sent is now 1C's. */
export async function markTaken(db: Db, ex: ExchangeRow): Promise<number> {
	const done = await db
		.update(onecOrders)
		.set({ takenAt: Date.now() })
		.where(
			and(
				eq(onecOrders.organizationId, ex.organizationId),
				eq(onecOrders.sentExchangeId, ex.id),
				isNull(onecOrders.takenAt)
			)
		)
		.returning({ id: onecOrders.id });
	ex.status = 'success';
	ex.finishedAt = Date.now();
	await saveExchange(db, ex);
	return done.length;
}

const STATUS_ORDER = ['new', 'confirmed', 'shipped', 'delivered'] as const;

/**
 * 1C's changes to orders (posted, shipped, delivered, cancelled, paid) as order.setStatus and
 * payment.collect mutations. A change already made is not made again; an order 1C names that
 * this organization does not have is refused, like a missing one.
 */
export async function applySaleDocuments(
	db: Db,
	organizationId: string,
	auth: AuthContext,
	docs: CmlDocument[]
): Promise<{ counts: Counts; problems: Problem[] }> {
	const counts = { ...ZERO };
	const problems: Problem[] = [];
	const settings = await getSettings(db, organizationId);
	const steps: { name: string; args: unknown; subject: string }[] = [];
	for (const doc of docs) {
		const change = orderChangeOf(doc);
		const [order] = await db
			.select()
			.from(salesOrders)
			.where(
				and(
					eq(salesOrders.organizationId, organizationId),
					sql`(${salesOrders.id} = ${change.id} OR ${salesOrders.number} = ${change.number})`
				)
			)
			.limit(1);
		if (!order) {
			counts.refused++;
			problems.push({ id: doc.id, reason: `No order ${doc.number || doc.id}.` });
			continue;
		}
		const target = change.status;
		if (target && target !== order.status && order.status !== 'cancelled') {
			const from = STATUS_ORDER.indexOf(order.status as (typeof STATUS_ORDER)[number]);
			const path =
				target === 'cancelled'
					? (['cancelled'] as const)
					: STATUS_ORDER.slice(from + 1, STATUS_ORDER.indexOf(target) + 1);
			for (const status of path) {
				if (status === 'new') continue;
				const warehouseId = order.warehouseId ?? settings.defaultWarehouseId;
				if (status === 'shipped' && !warehouseId) {
					counts.refused++;
					problems.push({
						id: doc.id,
						reason: `Order ${order.number} shipped in 1C: choose the default warehouse in the 1C settings.`
					});
					break;
				}
				steps.push({
					name: 'order.setStatus',
					args: { id: order.id, status, ...(status === 'shipped' ? { warehouseId } : {}) },
					subject: order.id
				});
			}
		}
		if (change.paid && order.counterpartyId) {
			const [seen] = await db
				.select()
				.from(onecLinks)
				.where(
					and(eq(onecLinks.organizationId, organizationId), eq(onecLinks.id, `payment:${order.id}`))
				);
			if (!seen) {
				const id = uuidv7();
				// Remembered first: 1C repeats "paid" on every later exchange; it is collected once.
				await writeLinks(db, organizationId, [{ kind: 'payment', onecId: order.id, optioId: id }]);
				steps.push({
					name: 'payment.collect',
					args: {
						id,
						counterpartyId: order.counterpartyId,
						method: 'transfer',
						amount: order.total,
						tradePointId: order.tradePointId
					},
					subject: order.id
				});
			}
		}
	}
	const results = steps.length
		? await applyBatch(
				db,
				auth,
				organizationId,
				`1c-sale`,
				steps.map((s) => ({ id: uuidv7(), name: s.name, args: s.args, createdAt: Date.now() })),
				{ freshIds: true }
			)
		: [];
	results.forEach((r, i) => {
		if (r.status === 'rejected') {
			counts.refused++;
			problems.push({ id: steps[i]!.subject, reason: `${steps[i]!.name}: ${r.error.message}` });
		} else counts.changed++;
	});
	return { counts, problems };
}
