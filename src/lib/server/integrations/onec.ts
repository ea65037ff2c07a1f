/**
 * The 1C exchange on the server: exchanges and their cookies, the file parts 1C sends (kept in
 * the database, so any isolate or process can take the next call), their import in bounded
 * steps, and orders out. What the files mean is decided in src/lib/domain/integrations/
 * commerceml/; every write to the catalog, prices and stock is a mutation applied by the planner
 * as a push on behalf of the token (versions, webhooks, device pulls as for any other change).
 *
 * An import plans once (reading the whole file as a stream, and refusing it whole if it is not
 * good XML, before anything is written), stores the plan in parts beside the file, and applies
 * them part by part on the calls that follow, answering `progress` until the last.
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { unzipSync } from 'fflate';
import { uuidv7 } from 'uuidv7';
import {
	addCounts,
	DEFAULT_SETTINGS,
	planCatalog,
	planOffers,
	type CatalogState,
	type Counts,
	type ExchangeSettings,
	type ImportPlan,
	type Link,
	type Problem,
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
	type CmlProperty
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
	onecSettings,
	organizations,
	priceLists,
	prices,
	products,
	salesOrders,
	stockBalances,
	tradePoints,
	warehouses
} from '../db/schema';
import { applyBatch } from '../sync/push';

/** The part size 1C is told to send (`file_limit`); a bigger part is refused. */
export const FILE_LIMIT = 8 * 1024 * 1024;
/** The largest file one exchange takes (all its parts together). */
export const DEFAULT_MAX_FILE_BYTES = 256 * 1024 * 1024;
/**
 * Bounds of one exchange (tests lower them): the largest file, plan steps per stored part (and
 * per planner run), and how long one `import` call applies parts before it answers `progress`
 * (a Worker's request has bounded CPU). A call applies at least one part.
 */
export const onecLimits = {
	maxFileBytes: DEFAULT_MAX_FILE_BYTES,
	stepsPerPart: 250,
	stepBudgetMs: 8_000
};
/** A cookie is good this long after the exchange's last call. */
const COOKIE_TTL = 24 * 60 * 60 * 1000;
export const COOKIE_NAME = 'optio_1c';

export type ExchangeRow = typeof onecExchanges.$inferSelect;

/** Where an import of one file stands (`files[name]` of its exchange). */
export interface FileState {
	kind: 'catalog' | 'offers' | 'sale';
	parts: number;
	next: number;
	counts: Counts;
	problems: Problem[];
	done: boolean;
}

const ZERO: Counts = { created: 0, changed: 0, archived: 0, refused: 0 };
const hash = (s: string) => encodeHexLowerCase(sha256(new TextEncoder().encode(s)));
const MAX_PROBLEMS = 200;

export class ExchangeFailure extends Error {
	constructor(
		message: string,
		readonly status: 400 | 401 | 404 | 413 = 400
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

async function rememberSeen(db: Db, organizationId: string, file: ReadFile) {
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

async function saveExchange(db: Db, ex: ExchangeRow) {
	ex.updatedAt = Date.now();
	await db
		.update(onecExchanges)
		.set({
			status: ex.status,
			files: ex.files,
			counts: ex.counts,
			problems: ex.problems.slice(0, MAX_PROBLEMS),
			error: ex.error,
			updatedAt: ex.updatedAt,
			finishedAt: ex.finishedAt
		})
		.where(and(eq(onecExchanges.organizationId, ex.organizationId), eq(onecExchanges.id, ex.id)));
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
		await deleteFile(db, ex, `~plan:${name}`);
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

/** A file's parts in order, one row in memory at a time. */
async function* partsOf(db: Db, ex: ExchangeRow, name: string): AsyncGenerator<Uint8Array> {
	const seqs = await db
		.select({ id: onecFileParts.id })
		.from(onecFileParts)
		.where(
			and(
				eq(onecFileParts.organizationId, ex.organizationId),
				eq(onecFileParts.exchangeId, ex.id),
				eq(onecFileParts.name, name)
			)
		)
		.orderBy(asc(onecFileParts.seq));
	for (const { id } of seqs) {
		const [row] = await db
			.select({ bytes: onecFileParts.bytes })
			.from(onecFileParts)
			.where(and(eq(onecFileParts.organizationId, ex.organizationId), eq(onecFileParts.id, id)));
		if (row) yield new Uint8Array(row.bytes);
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
 * Unpacks the exchange's zips into files of the exchange (XML and images), once. fflate: small,
 * pure JS (Workers too), well kept. Entries are capped as the files are.
 */
async function expandZips(db: Db, ex: ExchangeRow, maxBytes: number) {
	for (const name of await fileNames(db, ex)) {
		if (!name.toLowerCase().endsWith('.zip')) continue;
		const bytes = await wholeFile(db, ex, name);
		if (!bytes) continue;
		let entries: Record<string, Uint8Array>;
		let total = 0;
		try {
			entries = unzipSync(bytes, {
				filter: (f) => {
					total += f.originalSize;
					if (f.originalSize > maxBytes || total > maxBytes * 2) {
						throw new ExchangeFailure(`${name} unpacks to more than ${maxBytes} bytes.`, 413);
					}
					return !f.name.endsWith('/');
				}
			});
		} catch (err) {
			await deleteFile(db, ex, name);
			if (err instanceof ExchangeFailure) throw err;
			throw new ExchangeFailure(`${name} is not a zip file.`);
		}
		for (const [entry, content] of Object.entries(entries)) {
			const file = safeName(entry);
			await deleteFile(db, ex, file);
			for (let i = 0; i < content.length || i === 0; i += FILE_LIMIT) {
				const part = content.subarray(i, i + FILE_LIMIT);
				await db.insert(onecFileParts).values({
					organizationId: ex.organizationId,
					id: uuidv7(),
					exchangeId: ex.id,
					name: file,
					seq: i / FILE_LIMIT,
					bytes: Buffer.from(part.buffer, part.byteOffset, part.byteLength)
				});
				if (!content.length) break;
			}
		}
		await deleteFile(db, ex, name);
	}
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

/** Reads a file as a stream of parts into its records; a CmlError refuses it whole. */
export async function readFile(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>) {
	const reader = createCmlReader();
	const f: ReadFile = {
		kind: 'catalog',
		onlyChanges: false,
		groups: [],
		properties: [],
		goods: [],
		priceTypes: [],
		warehouses: [],
		offers: [],
		documents: []
	};
	let kind: ReadFile['kind'] | null = null;
	const take = (records: ReturnType<typeof reader.write>) => {
		for (const r of records) {
			switch (r.kind) {
				case 'catalog':
					kind ??= 'catalog';
					f.onlyChanges = r.onlyChanges;
					break;
				case 'offers':
					kind = 'offers';
					f.onlyChanges = r.onlyChanges;
					break;
				case 'group':
					f.groups.push(r.group);
					break;
				case 'property':
					f.properties.push(r.property);
					break;
				case 'good':
					f.goods.push(r.good);
					break;
				case 'priceType':
					f.priceTypes.push(r.priceType);
					break;
				case 'offer':
					f.offers.push(r.offer);
					break;
				case 'warehouse':
					f.warehouses.push(r.warehouse);
					break;
				case 'document':
					kind ??= 'sale';
					f.documents.push(r.document);
					break;
			}
		}
	};
	for await (const c of chunks) take(reader.write(c));
	take(reader.end());
	f.kind = kind ?? 'catalog';
	return f;
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
		products: new Map(
			prods.map((p) => [
				p.id,
				{
					id: p.id,
					sku: p.sku,
					name: p.name,
					unit: p.unit,
					barcodes: p.barcodes,
					categoryId: p.categoryId,
					active: p.active
				}
			])
		),
		categories: new Map(cats.map((c) => [c.id, { id: c.id, name: c.name, parentId: c.parentId }])),
		priceLists: lists.map((l) => ({ id: l.id, name: l.name, isDefault: l.isDefault })),
		prices: new Map(priceRows.map((p) => [`${p.priceListId}:${p.productId}`, p.price])),
		balances,
		warehouseIds,
		settings,
		newId: uuidv7
	};
}

/** What a read file would change (nothing written): the plan, for an import or a preview. */
export function planOf(file: ReadFile, state: CatalogState, name: string): ImportPlan {
	if (file.kind === 'offers') return planOffers(file, state, name);
	return planCatalog(file, state);
}

async function writeLinks(db: Db, organizationId: string, links: Link[]) {
	for (let i = 0; i < links.length; i += 200) {
		const rows = links.slice(i, i + 200).map((l) => ({
			organizationId,
			id: `${l.kind}:${l.onecId}`,
			kind: l.kind,
			onecId: l.onecId,
			optioId: l.optioId,
			data: l.data ?? null
		}));
		await db
			.insert(onecLinks)
			.values(rows)
			.onConflictDoUpdate({
				target: [onecLinks.organizationId, onecLinks.id],
				set: { optioId: sql`excluded.optio_id`, data: sql`coalesce(excluded.data, data)` }
			});
	}
}

const IMAGE_TYPES: Record<string, string> = {
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	png: 'image/png',
	gif: 'image/gif',
	webp: 'image/webp'
};

/** Keeps the images the goods name that came in this exchange (a zip's import_files/…). */
async function keepImages(db: Db, ex: ExchangeRow, file: ReadFile, state: CatalogState) {
	for (const g of file.goods) {
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

/** Applies steps through the planner; refusals are counted and said, the rest goes on. */
export async function applySteps(
	db: Db,
	auth: AuthContext,
	organizationId: string,
	clientId: string,
	steps: readonly Step[]
): Promise<{ refused: number; problems: Problem[] }> {
	let refused = 0;
	const problems: Problem[] = [];
	for (let i = 0; i < steps.length; i += onecLimits.stepsPerPart) {
		const chunk = steps.slice(i, i + onecLimits.stepsPerPart);
		const results: PushResult[] = await applyBatch(
			db,
			auth,
			organizationId,
			clientId,
			chunk.map((s) => ({ id: uuidv7(), name: s.name, args: s.args, createdAt: Date.now() }))
		);
		results.forEach((r, j) => {
			if (r.status !== 'rejected') return;
			refused++;
			problems.push({ id: subjectOf(chunk[j]!), reason: `${chunk[j]!.name}: ${r.error.message}` });
		});
	}
	return { refused, problems };
}

/**
 * One `mode=import` call for a file: plans it on the first call, then applies stored parts of
 * the plan until the step's time is spent. Answers whether work remains.
 */
export async function importStep(
	db: Db,
	ex: ExchangeRow,
	name: string,
	auth: AuthContext,
	maxBytes: number,
	budgetMs = onecLimits.stepBudgetMs
): Promise<{ done: boolean; state: FileState }> {
	const started = Date.now();
	let fs = ex.files[name] as FileState | undefined;
	if (fs?.done) return { done: true, state: fs };
	ex.status = 'progress';
	if (!fs) {
		await expandZips(db, ex, maxBytes);
		if (!(await fileNames(db, ex)).includes(name)) {
			throw new ExchangeFailure(`No file ${name} in this exchange.`, 404);
		}
		let file: ReadFile;
		try {
			file = await readFile(partsOf(db, ex, name));
		} catch (err) {
			if (err instanceof CmlError) throw new ExchangeFailure(`${name}: ${err.message}`);
			throw err;
		}
		if (file.kind === 'sale') {
			const r = await applySaleDocuments(db, ex.organizationId, auth, file.documents);
			fs = { kind: 'sale', parts: 0, next: 0, counts: r.counts, problems: r.problems, done: true };
		} else {
			const settings = await getSettings(db, ex.organizationId);
			const state = await loadState(db, ex.organizationId, settings);
			const plan = planOf(file, state, name);
			// Links first: a step refused later leaves a link to a row not made, which the next
			// import makes under the same id.
			await writeLinks(db, ex.organizationId, plan.links);
			if (file.kind === 'catalog') await keepImages(db, ex, file, state);
			else await rememberSeen(db, ex.organizationId, file);
			await deleteFile(db, ex, `~plan:${name}`);
			let parts = 0;
			for (let i = 0; i < plan.steps.length; i += onecLimits.stepsPerPart) {
				const json = JSON.stringify(plan.steps.slice(i, i + onecLimits.stepsPerPart));
				await db.insert(onecFileParts).values({
					organizationId: ex.organizationId,
					id: uuidv7(),
					exchangeId: ex.id,
					name: `~plan:${name}`,
					seq: parts++,
					bytes: Buffer.from(json)
				});
			}
			fs = {
				kind: file.kind,
				parts,
				next: 0,
				counts: { ...plan.counts, refused: plan.counts.refused },
				problems: plan.problems.slice(0, MAX_PROBLEMS),
				done: parts === 0
			};
		}
		ex.files[name] = fs;
		await saveExchange(db, ex);
	}
	for (let first = true; !fs.done && (first || Date.now() - started < budgetMs); first = false) {
		const [row] = await db
			.select({ bytes: onecFileParts.bytes })
			.from(onecFileParts)
			.where(
				and(
					eq(onecFileParts.organizationId, ex.organizationId),
					eq(onecFileParts.exchangeId, ex.id),
					eq(onecFileParts.name, `~plan:${name}`),
					eq(onecFileParts.seq, fs.next)
				)
			);
		const steps = row ? (JSON.parse(Buffer.from(row.bytes).toString('utf8')) as Step[]) : [];
		const r = await applySteps(db, auth, ex.organizationId, `1c:${ex.id}`, steps);
		fs.counts.refused += r.refused;
		fs.problems.push(...r.problems.slice(0, MAX_PROBLEMS - fs.problems.length));
		fs.next++;
		fs.done = fs.next >= fs.parts;
		// Saved after each part, so the next call resumes after it.
		await saveExchange(db, ex);
	}
	if (fs.done) {
		await deleteFile(db, ex, `~plan:${name}`);
		ex.counts = addCounts(ex.counts, fs.counts);
		ex.problems = [...ex.problems, ...fs.problems].slice(0, MAX_PROBLEMS);
		ex.status = 'success';
		ex.finishedAt = Date.now();
		await saveExchange(db, ex);
	}
	return { done: fs.done, state: fs };
}

/** Drops an exchange's stored parts once it is over (the plan's too). */
export async function dropFiles(db: Db, ex: ExchangeRow) {
	await db
		.delete(onecFileParts)
		.where(
			and(eq(onecFileParts.organizationId, ex.organizationId), eq(onecFileParts.exchangeId, ex.id))
		);
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
				steps.map((s) => ({ id: uuidv7(), name: s.name, args: s.args, createdAt: Date.now() }))
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
