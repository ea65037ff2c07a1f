/**
 * The exchange with 1C over CommerceML 2 (docs/api.md "1C exchange"):
 *
 * - `/api/1c/exchange?type=catalog|sale&mode=…`: the protocol 1C's "exchange with a site"
 *   speaks, HTTP Basic with an API token of scope `exchange:1c` as the password, answers in
 *   text/plain lines (`success`, `progress`, `failure` and a reason).
 * - `/api/integrations/1c/…` (an admin's session): settings (warehouse and price-type mapping,
 *   the orders' encoding), the last exchanges, a manual upload with a preview, the orders file.
 */
import { and, eq } from 'drizzle-orm';
import { getCookie } from 'hono/cookie';
import { Unzip, UnzipInflate } from 'fflate';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { AppError, fieldError } from '../../../domain/errors';
import { hasScope } from '../../../domain/integrations/tokens';
import {
	DEFAULT_SETTINGS,
	type ExchangeSettings
} from '../../../domain/integrations/commerceml/mapping';
import { CmlError } from '../../../domain/integrations/commerceml/reader';
import { parse } from '../../../domain/validation';
import { audit, recordAudit, requestMeta } from '../../audit';
import {
	actorFor,
	appendPart,
	COOKIE_NAME,
	createPreview,
	dropFiles,
	expandZipsFor,
	exchangeByCookie,
	ExchangeFailure,
	failExchange,
	FILE_LIMIT,
	getSeen,
	getSettings,
	importStep,
	latestExchange,
	listExchanges,
	onecLimits,
	loadState,
	markSent,
	markTaken,
	ordersFile,
	putSettings,
	safeName,
	startExchange,
	type ExchangeRow,
	type FilePreview,
	type PreviewCarry
} from '../../integrations/onec';
import { validateApiToken } from '../../integrations/tokens';
import { apiTokens, priceLists, warehouses } from '../../db/schema';
import { orgOf } from '../../scope';
import { readJson } from '../errors';
import type { ApiEnv } from '../types';

const text = (c: Context, body: string, status: 200 | 400 | 401 | 404 | 413 = 200) =>
	c.body(body, status, {
		'content-type': 'text/plain; charset=utf-8',
		'cache-control': 'no-store'
	});

const failure = (c: Context, reason: string, status: 400 | 401 | 404 | 413 = 400) =>
	text(c, `failure\n${reason.replace(/\s+/g, ' ').slice(0, 500)}`, status);

/** The password of `Authorization: Basic …` (the user name is free). */
function basicPassword(header: string | undefined): string | null {
	const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
	if (!m) return null;
	try {
		const decoded = new TextDecoder().decode(
			Uint8Array.from(atob(m[1]!), (ch) => ch.charCodeAt(0))
		);
		const colon = decoded.indexOf(':');
		return colon < 0 ? null : decoded.slice(colon + 1);
	} catch {
		return null;
	}
}

type TokenInfo = { tokenId: string; organizationId: string; scopes: string[] };

async function tokenOf(c: Context<ApiEnv>): Promise<TokenInfo | null> {
	const password = basicPassword(c.req.header('authorization'));
	if (!password) return null;
	const token = await validateApiToken(c.var.deps.db, password);
	return token && hasScope(token.scopes, 'exchange:1c') ? token : null;
}

/**
 * The exchange a call belongs to: the cookie's, or with Basic alone the token's latest of that
 * type. A revoked token ends its exchanges at once, cookie or not.
 */
async function exchangeOf(
	c: Context<ApiEnv>,
	type: 'catalog' | 'sale'
): Promise<ExchangeRow | null> {
	const db = c.var.deps.db;
	const token = await tokenOf(c);
	const cookie = getCookie(c, COOKIE_NAME);
	const ex = cookie ? await exchangeByCookie(db, cookie) : null;
	if (ex && ex.type === type) {
		if (token && token.organizationId !== ex.organizationId) return null;
		if (!token && !(await tokenStillValid(c, ex))) return null;
		return ex;
	}
	if (!token) return null;
	return latestExchange(db, token.organizationId, token.tokenId, type);
}

async function tokenStillValid(c: Context<ApiEnv>, ex: ExchangeRow): Promise<boolean> {
	if (!ex.tokenId) return false;
	const [row] = await c.var.deps.db
		.select({ revokedAt: apiTokens.revokedAt, organizationId: apiTokens.organizationId })
		.from(apiTokens)
		.where(eq(apiTokens.id, ex.tokenId));
	return !!row && row.revokedAt === null && row.organizationId === ex.organizationId;
}

const actorOf = (c: Context<ApiEnv>, ex: ExchangeRow) =>
	actorFor(c.var.deps.db, ex.organizationId, {
		id: `token:${ex.tokenId}`,
		name: `1C exchange (token ${ex.tokenId})`
	});

async function finishAudit(c: Context<ApiEnv>, ex: ExchangeRow) {
	await recordAudit(
		c.var.deps.db,
		{
			action: 'integration.1c_exchanged',
			organizationId: ex.organizationId,
			entity: 'onec_exchange',
			entityId: ex.id,
			after: { type: ex.type, files: Object.keys(ex.files), counts: ex.counts }
		},
		{ ...requestMeta(c), actorId: `token:${ex.tokenId}`, actorName: '1C' }
	);
}

// GET and POST, as 1C uses both (files come as POST; some configurations POST every call).
export const onecExchangeRoutes = new Hono<ApiEnv>().on(['GET', 'POST'], '/exchange', async (c) => {
	const db = c.var.deps.db;
	const type = c.req.query('type');
	const mode = c.req.query('mode');
	if (type !== 'catalog' && type !== 'sale') return failure(c, 'Unknown type: catalog or sale.');
	if (mode === 'checkauth') {
		const token = await tokenOf(c);
		if (!token) return failure(c, 'Wrong login or token (needs the exchange:1c scope).', 401);
		const { cookie } = await startExchange(db, token.organizationId, type, '1c', token.tokenId);
		return text(c, `success\n${COOKIE_NAME}\n${cookie}`);
	}
	const ex = await exchangeOf(c, type);
	if (!ex) return failure(c, 'Not authorized: call checkauth first.', 401);
	try {
		switch (mode) {
			case 'init': {
				// Windows-1251 or UTF-8 as the exchange is set up; a zip is welcome.
				const settings = await getSettings(db, ex.organizationId);
				return text(
					c,
					`zip=yes\nfile_limit=${FILE_LIMIT}${type === 'sale' ? `\nencoding=${settings.encoding}` : ''}`
				);
			}
			case 'file': {
				const name = safeName(c.req.query('filename'));
				const body = new Uint8Array(await c.req.arrayBuffer());
				if (type === 'sale' && !name.toLowerCase().endsWith('.zip')) {
					// 1C's changes to orders apply as soon as the file reads whole. A large one
					// comes in several parts like the catalog: a file that ends mid-document
					// is kept, and the next part is appended to it.
					await appendPart(db, ex, name, body, onecLimits.maxFileBytes);
					const auth = await actorOf(c, ex);
					let r;
					try {
						r = await importStep(db, ex, name, auth, onecLimits.maxFileBytes);
					} catch (err) {
						if (err instanceof ExchangeFailure && err.incomplete) {
							return text(c, `success\n${name}: part received, waiting for the rest`);
						}
						throw err;
					}
					while (!r.done) r = await importStep(db, ex, name, auth, onecLimits.maxFileBytes);
					await finishAudit(c, ex);
					return text(c, `success\n${r.state.counts.changed} changes applied`);
				}
				await appendPart(db, ex, name, body, onecLimits.maxFileBytes);
				return text(c, 'success');
			}
			case 'import': {
				const name = safeName(c.req.query('filename'));
				const r = await importStep(
					db,
					ex,
					name,
					await actorOf(c, ex),
					onecLimits.maxFileBytes,
					onecLimits.stepBudgetMs,
					c.var.deps.photos
				);
				if (!r.done) {
					return text(
						c,
						r.state.reading
							? `progress\n${name}: ${r.state.reading.records} records read`
							: r.state.unzip
								? `progress\n${name}: unpacking ${r.state.unzip.zip}`
								: `progress\n${name}: ${r.state.next} of ${r.state.parts} parts applied`
					);
				}
				await finishAudit(c, ex);
				const k = r.state.counts;
				return text(
					c,
					`success\n${name}: created ${k.created}, changed ${k.changed}, archived ${k.archived}, refused ${k.refused}`
				);
			}
			case 'query': {
				if (type !== 'sale') return failure(c, 'query is for type=sale.');
				const file = await ordersFile(db, ex.organizationId);
				await markSent(db, ex, file.ids);
				return c.body(file.bytes as Uint8Array<ArrayBuffer>, 200, {
					'content-type': `application/xml; charset=${file.encoding}`,
					'cache-control': 'no-store'
				});
			}
			case 'success': {
				const n = await markTaken(db, ex);
				await finishAudit(c, ex);
				await dropFiles(db, ex);
				return text(c, `success\n${n} orders taken`);
			}
			case 'complete':
			case 'deactivate':
				await dropFiles(db, ex);
				return text(c, 'success');
			default:
				return failure(c, `Unknown mode: ${mode ?? ''}.`);
		}
	} catch (err) {
		if (err instanceof ExchangeFailure || err instanceof CmlError) {
			await failExchange(db, ex, err.message);
			// A refused file leaves nothing behind: 1C sends it again from its first part.
			await dropFiles(db, ex);
			return failure(c, err.message, err instanceof ExchangeFailure ? err.status : 400);
		}
		throw err;
	}
});

const id = z.uuid('Not a UUID');
const settingsBody = z.strictObject({
	warehouses: z.record(z.string().min(1).max(100), id).default({}),
	defaultWarehouseId: id.nullable().default(null),
	priceTypes: z.record(z.string().min(1).max(100), id).default({}),
	defaultPriceType: z.string().trim().max(200).nullable().default(null),
	encoding: z.enum(['utf-8', 'windows-1251']).default('utf-8')
});

const uploadQuery = z.strictObject({
	filename: z.string().min(1).max(300),
	dryRun: z
		.enum(['0', '1', 'true', 'false'])
		.optional()
		.transform((v) => v === '1' || v === 'true')
});

/** Settings' ids must be the organization's own warehouses and price lists. */
async function checkSettings(c: Context<ApiEnv>, s: ExchangeSettings) {
	const org = orgOf(c.var.auth);
	const state = await loadState(c.var.deps.db, org, DEFAULT_SETTINGS);
	const fields: Record<string, ReturnType<typeof fieldError>> = {};
	for (const [k, w] of Object.entries(s.warehouses)) {
		if (!state.warehouseIds.has(w))
			fields[`warehouses.${k}`] = fieldError('not_found', 'Not found');
	}
	if (s.defaultWarehouseId && !state.warehouseIds.has(s.defaultWarehouseId)) {
		fields.defaultWarehouseId = fieldError('not_found', 'Not found');
	}
	for (const [k, l] of Object.entries(s.priceTypes)) {
		if (!state.priceLists.some((p) => p.id === l)) {
			fields[`priceTypes.${k}`] = fieldError('not_found', 'Not found');
		}
	}
	if (Object.keys(fields).length) {
		throw new AppError('validation', 'Unknown warehouse or price list.', fields);
	}
}

/** Mounted under /api/integrations (an admin's session). */
export const onecAdminRoutes = new Hono<ApiEnv>()
	/** The settings, what they may name (warehouses, price lists) and what 1C last named. */
	.get('/settings', async (c) => {
		const db = c.var.deps.db;
		const org = orgOf(c.var.auth);
		const [settings, seen, ws, lists] = await Promise.all([
			getSettings(db, org),
			getSeen(db, org),
			db
				.select({ id: warehouses.id, name: warehouses.name })
				.from(warehouses)
				.where(and(eq(warehouses.organizationId, org), eq(warehouses.archived, false))),
			db
				.select({ id: priceLists.id, name: priceLists.name, isDefault: priceLists.isDefault })
				.from(priceLists)
				.where(eq(priceLists.organizationId, org))
		]);
		return c.json({ settings, seen, options: { warehouses: ws, priceLists: lists } });
	})
	.put('/settings', async (c) => {
		const s = parse(settingsBody, await readJson(c)) as ExchangeSettings;
		await checkSettings(c, s);
		await putSettings(c.var.deps.db, orgOf(c.var.auth), s);
		await audit(c.var.deps.db, c, {
			action: 'organization.settings_changed',
			organizationId: orgOf(c.var.auth),
			entity: 'onec_settings',
			after: { ...s }
		});
		return c.json({ settings: s });
	})
	.get('/exchanges', async (c) => {
		return c.json({ items: await listExchanges(c.var.deps.db, orgOf(c.var.auth)) });
	})
	/**
	 * A file by hand (import.xml, offers.xml, a zip of them): `dryRun=1` says what it would
	 * change and writes nothing; otherwise it imports as 1C's exchange would, to the end.
	 */
	.post('/upload', async (c) => {
		const q = parse(uploadQuery, c.req.query());
		const db = c.var.deps.db;
		const org = orgOf(c.var.auth);
		const name = (() => {
			try {
				return safeName(q.filename);
			} catch (err) {
				throw new AppError('validation', (err as Error).message, {
					filename: fieldError('invalid', 'Not a file name')
				});
			}
		})();
		const empty = () =>
			new AppError('validation', 'The file is empty.', {
				file: fieldError('required', 'Required')
			});
		if (q.dryRun) {
			const files = await previewUpload(c, name);
			if (!files) throw empty();
			return c.json({ dryRun: true, files });
		}
		const bytes = new Uint8Array(await c.req.arrayBuffer());
		if (!bytes.length) throw empty();
		const { exchange: ex } = await startExchange(db, org, 'catalog', 'upload', null);
		const auth = c.var.auth;
		try {
			// Stored in parts of file_limit, as 1C would send it.
			for (let at = 0; at < bytes.length; at += FILE_LIMIT) {
				const part = bytes.subarray(at, at + FILE_LIMIT);
				await appendPart(db, ex, name, part, onecLimits.maxFileBytes);
			}
			const names = name.toLowerCase().endsWith('.zip') ? await zipXmlNames(c, ex) : [name];
			for (const n of names) {
				const step = () =>
					importStep(db, ex, n, auth, onecLimits.maxFileBytes, Infinity, c.var.deps.photos);
				let r = await step();
				while (!r.done) r = await step();
			}
		} catch (err) {
			if (err instanceof ExchangeFailure || err instanceof CmlError) {
				await failExchange(db, ex, err.message);
				await dropFiles(db, ex);
				throw new AppError(
					err instanceof ExchangeFailure && err.status === 413 ? 'payload_too_large' : 'validation',
					err.message,
					{
						file: fieldError('invalid', err.message)
					}
				);
			}
			throw err;
		}
		await dropFiles(db, ex);
		await audit(db, c, {
			action: 'integration.1c_exchanged',
			organizationId: org,
			entity: 'onec_exchange',
			entityId: ex.id,
			after: { type: 'upload', files: Object.keys(ex.files), counts: ex.counts }
		});
		return c.json({
			dryRun: false,
			exchange: { id: ex.id, counts: ex.counts, problems: ex.problems }
		});
	})
	/** The orders 1C has not taken, as 1C would get them; a download marks nothing taken. */
	.get('/orders.xml', async (c) => {
		const file = await ordersFile(c.var.deps.db, orgOf(c.var.auth));
		const day = new Date().toISOString().slice(0, 10);
		return c.body(file.bytes as Uint8Array<ArrayBuffer>, 200, {
			'content-type': `application/xml; charset=${file.encoding}`,
			'content-disposition': `attachment; filename="orders-${day}.xml"`,
			'cache-control': 'no-store'
		});
	});

/** Catalog first: offers name its goods. */
const byRank = (a: string, b: string) => {
	const rank = (n: string) => (/import/i.test(n) ? 0 : /offers/i.test(n) ? 1 : 2);
	return rank(a) - rank(b) || a.localeCompare(b);
};

/** The XML files a zip in the exchange holds, catalog first. */
async function zipXmlNames(c: Context<ApiEnv>, ex: ExchangeRow): Promise<string[]> {
	const names = await expandZipsFor(c.var.deps.db, ex, onecLimits.maxFileBytes);
	return names.filter((n) => n.toLowerCase().endsWith('.xml')).sort(byRank);
}

/** Compressed bytes pushed into the unzipper at a time (a slice may inflate a thousandfold). */
const ZIP_SLICE = 16 * 1024;

/**
 * The preview of an upload, read from the request as it streams in one bounded pass (the file,
 * or a zip's XML files as they inflate, each through `createPreview`): memory holds a slice and
 * a window of records, never the file. Null when the body is empty. A zip's files are previewed
 * in the order the zip holds them (1C writes import.xml before offers.xml); each sees what the
 * earlier ones would make.
 */
async function previewUpload(c: Context<ApiEnv>, name: string): Promise<FilePreview[] | null> {
	const db = c.var.deps.db;
	const org = orgOf(c.var.auth);
	const carry: PreviewCarry = new Map();
	const body = c.req.raw.body;
	if (!body) return null;
	const cap = onecLimits.maxFileBytes;
	const tooLarge = () =>
		new AppError('payload_too_large', `${name} is larger than ${cap} bytes.`, {
			file: fieldError('too_big', 'Too large')
		});
	const notZip = () =>
		new AppError('validation', `${name} is not a zip file within the size limit.`, {
			file: fieldError('invalid', 'Not a zip')
		});
	const refusal = (file: string, err: unknown) =>
		err instanceof CmlError
			? new AppError('validation', `${file}: ${err.message}`, {
					file: fieldError('invalid', err.reason, { line: err.line })
				})
			: err;
	let size = 0;
	const zip = name.toLowerCase().endsWith('.zip');
	const out: FilePreview[] = [];
	type Entry = {
		name: string;
		preview: ReturnType<typeof createPreview>;
		pending: Uint8Array[];
		final: boolean;
	};
	let entries: Entry[] = [];
	let inflated = 0;
	let failure: unknown = null;
	const unzip = zip
		? new Unzip((f) => {
				if (failure || !f.name.toLowerCase().endsWith('.xml')) return;
				const entry: Entry = {
					name: f.name,
					preview: createPreview(db, org, f.name, carry),
					pending: [],
					final: false
				};
				entries.push(entry);
				f.ondata = (err, chunk, final) => {
					if (err) failure ??= notZip();
					inflated += chunk.length;
					if (inflated > cap * 2) failure ??= tooLarge();
					if (failure) return;
					entry.pending.push(chunk);
					entry.final = final;
				};
				f.start();
			})
		: null;
	unzip?.register(UnzipInflate);
	// What the zip inflated so far goes to its files' previews; a finished file's is done.
	const drain = async () => {
		if (failure) throw failure;
		for (const e of entries) {
			try {
				while (e.pending.length) await e.preview.write(e.pending.shift()!);
				if (e.final) out.push(await e.preview.end());
			} catch (err) {
				throw refusal(e.name, err);
			}
		}
		entries = entries.filter((e) => !e.final);
	};
	const xml = zip ? null : createPreview(db, org, name, carry);
	const reader = body.getReader();
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			size += value.length;
			if (size > cap) throw tooLarge();
			if (xml) {
				await xml.write(value).catch((err) => Promise.reject(refusal(name, err)));
				continue;
			}
			for (let i = 0; i < value.length; i += ZIP_SLICE) {
				try {
					unzip!.push(value.subarray(i, i + ZIP_SLICE));
				} catch {
					throw notZip();
				}
				await drain();
			}
		}
		if (!size) return null;
		if (xml) return [await xml.end().catch((err) => Promise.reject(refusal(name, err)))];
		try {
			unzip!.push(new Uint8Array(0), true);
		} catch {
			throw notZip();
		}
		await drain();
		if (entries.length || !out.length) throw notZip();
		return out;
	} finally {
		reader.releaseLock();
	}
}
